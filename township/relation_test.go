package township_test

import (
	"testing"

	"github.com/quhua/quhua"
)

// A township link that only two editions suggest says nothing of area:
// the translation marks it inferred and does not call it "same area";
// a documented one-to-one change does.
func TestInferredLinksStateNoArea(t *testing.T) {
	r := reg(t)
	cases := []struct {
		code     string
		from, to quhua.Date
		target   string
		inferred bool
		want     string
	}{
		// 南马厂乡 → 南马厂街道: shown only by the editions of 2018 and 2019.
		{"320871352", 20181231, 20241231, "320871003", true, "successor (area not stated)"},
		// 杨庄镇 → 文峰街道 by 豫民行批〔2021〕9号.
		{"410421107", 20201231, 20241231, "410421001", false, "same area"},
	}
	for _, c := range cases {
		code, err := quhua.ParseCode(c.code)
		if err != nil {
			t.Fatal(err)
		}
		tr, err := r.Translate(code, c.from, c.to)
		if err != nil {
			t.Fatalf("%s: %v", c.code, err)
		}
		found := false
		for _, x := range tr.Targets {
			if x.Record.Code.String() != c.target {
				continue
			}
			found = true
			if x.Inferred != c.inferred || x.Describe() != c.want {
				t.Errorf("%s → %s: inferred %v, %q; want %v, %q", c.code, c.target, x.Inferred, x.Describe(), c.inferred, c.want)
			}
		}
		if !found {
			t.Errorf("%s: no target %s in %v", c.code, c.target, tr.Targets)
		}
	}
}
