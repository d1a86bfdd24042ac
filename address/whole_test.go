package address

import (
	"testing"

	"github.com/quhua/quhua"
)

// TestEveryDivision parses the full name (province, prefecture, county) of
// every division in force at the end of several years and expects its code
// back.
func TestEveryDivision(t *testing.T) {
	p := Default()
	reg := p.Registry()
	years := []int{1985, 1995, 2005, 2015, reg.LastYear()}
	if testing.Short() {
		years = years[len(years)-1:]
	}
	for _, y := range years {
		at := quhua.EndOfYear(y)
		bad := 0
		for _, d := range reg.At(at).All() {
			if d.Level() == quhua.Nation {
				continue
			}
			r := p.Parse(d.FullName()+"人民路1号", at)
			if r.Code() != d.Code || r.Rest != "人民路1号" {
				bad++
				if bad <= 10 {
					t.Errorf("%d: Parse(%s) = %s rest %q (candidates %v, notes %q)", y, d.FullName(), r.Code(), r.Rest, r.Candidates, r.Notes)
				}
			}
		}
		if bad > 0 {
			t.Errorf("%d: %d divisions not found by their full names", y, bad)
		}
	}
}

// TestShortPaths parses every county-level division of the latest list
// written with short names only (吉林长春朝阳人民路1号) and expects nearly
// all back; the few misses are names like 济南市中 (济南市市中区 with both
// 市 dropped).
func TestShortPaths(t *testing.T) {
	p := Default()
	at := quhua.EndOfYear(p.Registry().LastYear())
	n, ok := 0, 0
	for _, d := range p.Registry().At(at).All() {
		if d.Level() != quhua.County {
			continue
		}
		q := ""
		for _, r := range d.Path() {
			q += quhua.ShortName(r.Name)
		}
		n++
		if r := p.Parse(q+"人民路1号", at); r.Code() == d.Code || r.Ambiguous() {
			ok++
		} else {
			t.Logf("%s: got %s", q, r.Code())
		}
	}
	if float64(ok) < 0.99*float64(n) {
		t.Errorf("short paths: %d of %d found", ok, n)
	}
}
