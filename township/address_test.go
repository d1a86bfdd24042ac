package township_test

import (
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/township"
)

// Address parsing to the township (the address package's tests run
// without the township level).
func townParser(t testing.TB) *address.Parser {
	t.Helper()
	reg, err := township.Load()
	if err != nil {
		t.Fatal(err)
	}
	p, err := address.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func TestParseTownship(t *testing.T) {
	p := townParser(t)
	at := quhua.NewDate(2023, 6, 30)

	r := p.Parse("广东省深圳市龙华区龙华街道人民路1号", at)
	if r.County.Code != 440309 || r.Township.Code != 440309003 || r.Rest != "人民路1号" {
		t.Fatalf("full address: county %v township %v rest %q", r.County, r.Township, r.Rest)
	}

	// No city named: 龙华区 is 深圳's or 海口's; only 深圳's has a 龙华街道.
	r = p.Parse("龙华区龙华街道人民路1号", at)
	if r.Ambiguous() || r.County.Code != 440309 || r.Prefecture.Code != 440300 || r.Township.Code != 440309003 {
		t.Fatalf("龙华区龙华街道: county %v township %v candidates %v", r.County, r.Township, r.Candidates)
	}
	if r.Rest != "人民路1号" {
		t.Fatalf("rest %q", r.Rest)
	}
	// Without the township the county stays ambiguous.
	if r := p.Parse("龙华区人民路1号", at); !r.Ambiguous() {
		t.Fatalf("龙华区 alone settled to %v", r.County)
	}

	// A township name alone lists its candidates.
	r = p.Parse("龙华街道", at)
	codes := map[quhua.Code]bool{}
	for _, c := range r.Candidates {
		codes[c.Code] = true
	}
	for _, want := range []quhua.Code{440309003, 310104016, 220203001} {
		if !codes[want] {
			t.Fatalf("龙华街道 candidates %v lack %s", r.Candidates, want)
		}
	}

	// Date-aware: 范家屯镇 under 公主岭市 in 2019 is 220381103.
	r = p.Parse("吉林省公主岭市范家屯镇", quhua.EndOfYear(2019))
	if r.County.Code != 220381 || r.Township.Code != 220381103 {
		t.Fatalf("2019: %v %v", r.County, r.Township)
	}
	r = p.Parse("吉林省公主岭市范家屯镇", at)
	if r.County.Code != 220184 || r.Township.Code != 220184103 {
		t.Fatalf("2023: %v %v", r.County, r.Township)
	}
}
