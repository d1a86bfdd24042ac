package acmatch_test

import (
	"slices"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/internal/acmatch"
)

// realWords are the registry's names, full and short, as the address
// parser uses them.
func realWords() []string {
	seen := map[string]bool{}
	var ws []string
	for _, r := range quhua.Default().Records() {
		for _, w := range []string{r.Name, quhua.ShortName(r.Name)} {
			if !seen[w] {
				seen[w] = true
				ws = append(ws, w)
			}
		}
	}
	return ws
}

var realTexts = []string{
	"吉林省长春市朝阳区西安大路289号(与春阳街交汇处)",
	"收货人: 杨燕艳 手机号码: 13111111111 所在地区: 广东省深圳市龙岗区龙岗街道 详细地址: 格水村三巷十号三楼",
	"江西南昌市青山湖区广兰大道418号东华理工大学核工系南区9栋1112室 131 1111 1111 孙轶念",
	"这是一个包含中文商务地址的段落：尊敬的客户：感谢您对我公司的关注与支持。我们的办公地址位于中国北京市朝阳区力鸿花园1号楼18A。",
}

// TestRealAgree checks both matchers agree on the registry's dictionary.
func TestRealAgree(t *testing.T) {
	ws := realWords()
	m, err := acmatch.New(ws)
	if err != nil {
		t.Fatal(err)
	}
	l, err := acmatch.NewLibrary(ws)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range realTexts {
		a, b := m.FindAll(s, nil), l.FindAll(s, nil)
		if !slices.Equal(a, b) {
			t.Errorf("%q: Matcher %v, Library %v", s, a, b)
		}
	}
}

func BenchmarkRealMatcher(b *testing.B) {
	m, _ := acmatch.New(realWords())
	buf := make([]acmatch.Match, 0, 16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = m.FindAll(realTexts[i%len(realTexts)], buf[:0])
	}
}

func BenchmarkRealLibrary(b *testing.B) {
	l, _ := acmatch.NewLibrary(realWords())
	buf := make([]acmatch.Match, 0, 16)
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		buf = l.FindAll(realTexts[i%len(realTexts)], buf[:0])
	}
}

func BenchmarkRealBuildMatcher(b *testing.B) {
	ws := realWords()
	for b.Loop() {
		acmatch.New(ws)
	}
}

func BenchmarkRealBuildLibrary(b *testing.B) {
	ws := realWords()
	for b.Loop() {
		acmatch.NewLibrary(ws)
	}
}
