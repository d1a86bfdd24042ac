package quhua

import (
	"os"
	"strings"
	"testing"

	"github.com/quhua/quhua/internal/pinyin"
)

// The readings of the override list and of names that per-character tools
// get wrong, as the national romanisation rules write them.
func TestPinyinPlaceNames(t *testing.T) {
	for name, want := range map[string]string{
		"六安市":        "Lu'an Shi",
		"六安县":        "Lu'an Xian",
		"蚌埠市":        "Bengbu Shi",
		"蚌山区":        "Bengshan Qu",
		"洪洞县":        "Hongtong Xian",
		"黄陂区":        "Huangpi Qu",
		"黄陂县":        "Huangpi Xian",
		"乐亭县":        "Laoting Xian",
		"涡阳县":        "Guoyang Xian",
		"铅山县":        "Yanshan Xian",
		"东阿县":        "Dong'e Xian",
		"枞阳县":        "Zongyang Xian",
		"番禺区":        "Panyu Qu",
		"丽水市":        "Lishui Shi",
		"台州市":        "Taizhou Shi",
		"六合区":        "Luhe Qu",
		"公主岭市":       "Gongzhuling Shi",
		"西安市":        "Xi'an Shi",
		"吕梁市":        "Lüliang Shi",
		"沙市市":        "Shashi Shi",
		"歙县":         "Shexian",
		"神农架林区":      "Shennongjia Linqu",
		"万柏林区":       "Wanbailin Qu",
		"香港特别行政区":    "Xianggang Tebie Xingzhengqu",
		"延边朝鲜族自治州":   "Yanbian Chaoxianzu Zizhizhou",
		"湘西土家族苗族自治州": "Xiangxi Tujiazu Miaozu Zizhizhou",
		"新疆维吾尔自治区":   "Xinjiang Weiwu'er Zizhiqu",
	} {
		if got := PinyinOf(name).Full; got != want {
			t.Errorf("PinyinOf(%s) = %q, want %q", name, got, want)
		}
	}
	if got := PinyinOf("公主岭市").Initials; got != "gzl" {
		t.Errorf("initials of 公主岭市 = %q, want gzl", got)
	}
}

// Every entry of the override list is applied to the names that contain it.
func TestPinyinOverridesApplied(t *testing.T) {
	b, err := os.ReadFile("data/pinyin/overrides.tsv")
	if err != nil {
		t.Fatal(err)
	}
	reg := Default()
	n := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[2] == "" {
			t.Fatalf("malformed override line %q", line)
		}
		word := pinyin.WordOf(strings.Fields(f[1]))
		found := false
		for _, r := range reg.Records() {
			if !strings.Contains(pinyin.Split(r.Name).Specific, f[0]) {
				continue
			}
			found = true
			p := r.Pinyin()
			if p.Source != "override" || !strings.Contains(p.Full, word) {
				t.Errorf("%s: pinyin %+v, want the override %s", r.Name, p, word)
			}
		}
		if !found {
			t.Errorf("override %s matches no name of the registry", f[0])
		}
		n++
	}
	if n < 10 {
		t.Errorf("only %d overrides", n)
	}
}

// Every record, current and historical, has its reading in the generated
// table, and library readings of polyphonic characters are flagged.
func TestPinyinEveryRecord(t *testing.T) {
	d := pinyinTableData()
	sources := map[string]int{}
	for _, r := range Default().Records() {
		p, ok := d.names[r.Name]
		if !ok {
			t.Fatalf("%s: not in pinyin.tsv; run go generate", r)
		}
		if p.Full == "" || p.Initials == "" {
			t.Errorf("%s: empty pinyin %+v", r, p)
		}
		sources[p.Source]++
		if p.Source != "library" && p.Polyphonic != "" {
			t.Errorf("%s: flagged although read from %s", r, p.Source)
		}
	}
	if sources["areacity"] < 3000 || sources["override"] == 0 {
		t.Errorf("sources %v", sources)
	}
	if p := PinyinOf("六枝特区"); p.Source != "library" || !p.Uncertain() {
		t.Errorf("六枝特区: %+v, want a flagged library reading", p)
	}
}

// A name outside the table is read character by character.
func TestPinyinRuntimeFallback(t *testing.T) {
	p := PinyinOf("公安新区")
	if p.Full != "Gong'anxin Qu" || p.Source != "library" || p.Initials != "gax" {
		t.Errorf("PinyinOf(公安新区) = %+v", p)
	}
}
