package address

import (
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// New fails, naming the table's line, for a registry that lacks a division
// the table of conventional short forms names; it does not panic.
func TestNewRegistryWithoutAliasTarget(t *testing.T) {
	d := *quhua.Default().Data()
	d.Records = append(d.Records[:0:0], d.Records...)
	renamed := 0
	for i := range d.Records {
		if d.Records[i].Code == 150223 {
			d.Records[i].Name = "某某旗"
			renamed++
		}
	}
	if renamed == 0 {
		t.Fatal("the registry has no 150223")
	}
	reg, err := quhua.Build(&d)
	if err != nil {
		t.Fatal(err)
	}
	p, err := New(reg)
	if err == nil {
		t.Fatalf("New succeeded (%d words) on a registry without 150223 达尔罕茂明安联合旗", p.Words())
	}
	for _, want := range []string{"data/aliases.tsv:", "150223", "达尔罕茂明安联合旗"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

// TestParentIndex: the parser's index of province and prefecture records
// answers as the registry's view does, for every such code, on each
// record's first and last days, the days around them, and every year's
// end; and it holds them (rather than leaving all to the registry).
func TestParentIndex(t *testing.T) {
	p := Default()
	reg := p.Registry()
	var dates []quhua.Date
	for y := reg.FirstYear() - 1; y <= quhua.Today().Year()+1; y++ {
		dates = append(dates, quhua.EndOfYear(y))
	}
	n, held := 0, 0
	for _, r := range reg.Records() {
		c := r.Code
		if c.Level() != quhua.Province && c.Level() != quhua.Prefecture {
			continue
		}
		if p.parents[c/100] != nil {
			held++
		}
		ds := append([]quhua.Date{r.From, r.From.AddDays(-1), r.From.AddDays(1)}, dates...)
		if r.To != 0 {
			ds = append(ds, r.To, r.To.AddDays(-1))
		}
		for _, d := range ds {
			got, gok := p.parents.record(reg, c, d)
			want, wok := reg.At(d).Record(c)
			if got != want || gok != wok {
				t.Fatalf("record(%s, %s) = %v %v, want %v %v", c, d, got, gok, want, wok)
			}
			n++
		}
	}
	if n < 1000 || held < n/100 {
		t.Errorf("%d lookups compared, %d records held", n, held)
	}
}
