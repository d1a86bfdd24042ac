package towntest

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/township"
)

func parser() *address.Parser {
	reg, err := township.Load()
	if err != nil {
		panic(err)
	}
	p, err := address.New(reg)
	if err != nil {
		panic(err)
	}
	return p
}

var at2024 = quhua.MustParseDate("2024")

// Class 1: a county named in the text that has since been split is
// answered with the successor that holds the township the text names, the
// county as written kept in AsWritten; it is never answered with an empty
// county.
func TestClassCountySinceSplit(t *testing.T) {
	p := parser()
	for _, c := range []struct {
		in          string
		at          quhua.Date
		county, twn quhua.Code
		kind        string
	}{
		{"深圳市宝安区观澜街道桂花路1号", at2024, 440309, 440309006, address.Inferred},
		{"宝安区观澜街道", at2024, 440309, 440309006, address.Inferred},
		{"深圳市宝安区新安街道", at2024, 440306, 440306017, address.Certain},
		// Before the split the township was 宝安区's.
		{"深圳市宝安区观澜街道", quhua.NewDate(2015, 12, 31), 440306, 0, address.Certain},
	} {
		r := p.Parse(c.in, c.at)
		if r.County.Code != c.county || c.twn != 0 && r.Township.Code != c.twn || r.Confidence.Kind != c.kind {
			t.Errorf("%s at %s: county %v, township %v, confidence %+v", c.in, c.at, r.County, r.Township, r.Confidence)
		}
		if c.kind == address.Inferred {
			w := r.AsWritten()
			found := false
			for _, x := range w {
				if x.Level == "county" && x.Code == 440306 && x.InForce != "" {
					found = true
				}
			}
			if !found || r.County.Named == nil || r.County.Named.Code != 440306 || r.Confidence.Reason != "successor chosen by 观澜街道" {
				t.Errorf("%s: asWritten %+v, named %v, reason %q", c.in, w, r.County.Named, r.Confidence.Reason)
			}
		}
	}
	// Nothing in the text decides: the county as named stays.
	if r := p.Parse("深圳市宝安区人民路1号", at2024); r.County.Code != 440306 {
		t.Errorf("宝安区 alone: %v", r.County)
	}
}

// Class 7: a unique township name, or its short form in context, gives
// the county when the text names none.
func TestClassTownshipWithoutCounty(t *testing.T) {
	p := parser()
	for _, c := range []struct {
		in     string
		county quhua.Code
		kind   string
	}{
		{"范家屯镇", 220184, address.Inferred},
		{"吉林省范家屯镇", 220184, address.Inferred},
		{"吉林省范家屯", 220184, address.Inferred},
		{"吉林省长春市范家屯 人民街", 220184, address.Inferred},
		{"公主岭市范家屯", 220184, address.Certain},
	} {
		r := p.Parse(c.in, at2024)
		if r.County.Code != c.county || r.Township.Code != 220184103 || r.Confidence.Kind != c.kind || r.Level() != "township" {
			t.Errorf("%s: county %v, township %v, confidence %+v", c.in, r.County, r.Township, r.Confidence)
		}
	}
	for _, s := range []string{
		"范家屯",          // a short form needs its context
		"吉林省范家屯路5号",    // a street named after the town
		"北京市朝阳门",       // a landmark the township is named after
		"江苏省南京市鼓楼区湖南路", // the street, not 湖南路街道
	} {
		if r := p.Parse(s, at2024); !r.Township.IsZero() {
			t.Errorf("%s: township %v", s, r.Township)
		}
	}
}

// Class 1, a county abolished and split: the township decides between
// the successors, the county as written stays; with nothing to decide,
// the successors are candidates and the county as written is still given.
func TestClassCountyAbolishedAndSplit(t *testing.T) {
	p := parser()
	for in, want := range map[string]quhua.Code{"浙江省杭州市江干区笕桥街道": 330102, "杭州市江干区下沙街道": 330114} {
		r := p.Parse(in, at2024)
		if r.County.Code != want || r.County.Named == nil || r.County.Named.Code != 330104 || r.Confidence.Reason != "successor chosen by "+r.Township.Name {
			t.Errorf("%s: county %v, confidence %+v", in, r.County, r.Confidence)
		}
		if w := r.AsWritten(); len(w) < 2 || w[len(w)-2].Code != 330104 || w[len(w)-2].Current {
			t.Errorf("%s: asWritten %+v", in, w)
		}
	}
	r := p.Parse("杭州市江干区", at2024)
	if len(r.Candidates) != 2 || r.Confidence.Kind != address.Ambiguous {
		t.Errorf("江干区 alone: candidates %v, confidence %+v", r.Candidates, r.Confidence)
	}
	found := false
	for _, w := range r.AsWritten() {
		found = found || w.Level == "county" && w.Code == 330104
	}
	if !found {
		t.Errorf("江干区 alone: the county as written is missing from %+v", r.AsWritten())
	}
}

// Package address answers from the township list of its constant
// lastTownshipList (it does not import package township): it must be
// township's horizon.
func TestLastTownshipList(t *testing.T) {
	src, err := os.ReadFile("../township.go")
	if err != nil {
		t.Fatal(err)
	}
	want := fmt.Sprintf("const lastTownshipList quhua.Date = %d\n", int(township.Horizon))
	if !strings.Contains(string(src), want) {
		t.Errorf("address/township.go lacks %q: the township level's horizon is %s", want, township.Horizon)
	}
}
