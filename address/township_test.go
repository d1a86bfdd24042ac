package address_test

import (
	"os"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
)

// The parser of a county-only registry finds no township and is unchanged.
func TestParseNoTownshipLevel(t *testing.T) {
	f, err := os.Open("../snapshot.bin") // the county level alone
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	reg, err := quhua.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	if reg.HasTownships() {
		t.Fatal("the county snapshot holds townships")
	}
	p, err := address.New(reg)
	if err != nil {
		t.Fatal(err)
	}
	r := p.Parse("广东省深圳市龙华区龙华街道人民路1号", quhua.NewDate(2023, 6, 30))
	if !r.Township.IsZero() || r.County.Code != 440309 || r.Rest != "龙华街道人民路1号" {
		t.Fatalf("%v %v %q", r.County, r.Township, r.Rest)
	}
}
