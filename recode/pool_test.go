package recode

import (
	"fmt"
	"testing"

	"github.com/quhua/quhua"
)

// describeResult is everything of a result but its vintage.
func describeResult(r *Result) string {
	s := fmt.Sprintf("%s|%s|%s|%s", r.Relation, r.Codes, r.Names, r.Note)
	if r.Source != nil {
		s += "|" + r.Source.Code.String() + " " + r.Source.Name
	}
	for _, cs := range [][]Candidate{r.Main, r.Extra} {
		s += "|"
		for _, c := range cs {
			s += fmt.Sprintf("%s %s %s %v;", c.Record.Code, c.Group.Code, c.Relation, c.Partial)
		}
	}
	return s
}

// TestPooledMappers: the mappers of a panel's dates, which share their
// results, answer every code of every year as a mapper of its own does.
func TestPooledMappers(t *testing.T) {
	if testing.Short() {
		t.Skip("every code of every year: 88 mappers (run without -short)")
	}
	reg := quhua.Default()
	to := quhua.EndOfYear(2024)
	for _, level := range []quhua.Level{quhua.County} {
		for y := reg.FirstYear(); y <= reg.LastYear(); y++ {
			o := MapperOptions{From: quhua.EndOfYear(y), To: to, Level: level}
			pooled, own := cachedMapper(reg, o), NewMapper(reg, o)
			if pooled.pool == nil {
				t.Fatal("the mappers of a date are not pooled")
			}
			for _, c := range indexOf(reg).codes {
				a, b := pooled.Code(c), own.Code(c)
				if da, db := describeResult(a), describeResult(b); da != db {
					t.Errorf("%s read at %d (level %v): pooled %s, own %s", c, y, level, da, db)
				}
			}
		}
	}
}
