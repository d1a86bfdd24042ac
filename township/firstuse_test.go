package township_test

import (
	"bytes"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/township"
)

// freshRegistry is a registry with the township level whose indexes built
// on first use (names, short names, pinyin, counterparts) are not built.
func freshRegistry(t *testing.T) *quhua.Registry {
	t.Helper()
	b, err := os.ReadFile("../snapshot.bin")
	if err != nil {
		t.Fatal(err)
	}
	county, err := quhua.Load(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	reg, err := township.With(county)
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// firstUseAnswers asks what builds the indexes built on first use.
func firstUseAnswers(reg *quhua.Registry) string {
	var b strings.Builder
	v := reg.At(quhua.NewDate(2023, 6, 30))
	for _, q := range []string{"范家屯镇", "龙华区龙华街道", "公主岭", "公主岭市", "吉林省公主岭市", "延边", "gongzhuling"} {
		for _, d := range v.Find(q) {
			fmt.Fprintf(&b, "find %s: %s\n", q, d.Record)
		}
	}
	for _, name := range []string{"范家屯镇", "公主岭市"} {
		for _, r := range reg.NameRecords(name) {
			fmt.Fprintf(&b, "name %s: %s %s\n", name, r, r.Interval())
		}
	}
	for _, r := range reg.CounterpartRecords(511781215) {
		fmt.Fprintf(&b, "counterpart: %s\n", r)
	}
	return b.String()
}

// TestConcurrentFirstUse: the indexes built on first use give the same
// answers when many goroutines use them first at once (run with -race).
func TestConcurrentFirstUse(t *testing.T) {
	want := firstUseAnswers(freshRegistry(t))
	if !strings.Contains(want, "find 范家屯镇: 220184103 范家屯镇") || !strings.Contains(want, "name 公主岭市: 220381 公主岭市") {
		t.Fatalf("answers lack the expected records:\n%s", want)
	}
	reg := freshRegistry(t)
	got := make([]string, 8)
	var wg sync.WaitGroup
	for i := range got {
		wg.Go(func() { got[i] = firstUseAnswers(reg) })
	}
	wg.Wait()
	for i, g := range got {
		if g != want {
			t.Errorf("goroutine %d answered otherwise:\n%s\nwant:\n%s", i, g, want)
		}
	}
}
