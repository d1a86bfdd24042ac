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

// TestPooledSegments: the answers a panel's mappers share between the
// dates of a segment are those of a mapper of each date of its own, on
// the days around changes (an event's date and the day before), where
// segments begin and end, and after the target date.
func TestPooledSegments(t *testing.T) {
	if testing.Short() {
		t.Skip("every code on 44 dates (run without -short)")
	}
	reg := quhua.Default()
	to := quhua.EndOfYear(2010)
	evs := reg.Events()
	var dates []quhua.Date
	for i := 0; i < len(evs); i += len(evs)/20 + 1 {
		d := evs[i].Date
		dates = append(dates, d.AddDays(-1), d)
	}
	dates = append(dates, to, to.AddDays(1), quhua.EndOfYear(2015))
	for _, d := range dates {
		o := MapperOptions{From: d, To: to}
		pooled, own := cachedMapper(reg, o), NewMapper(reg, o)
		for _, c := range indexOf(reg).codes {
			if da, db := describeResult(pooled.Code(c)), describeResult(own.Code(c)); da != db {
				t.Errorf("%s read on %s: pooled %s, own %s", c, d, da, db)
			}
		}
	}
}
