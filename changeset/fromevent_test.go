package changeset

import (
	"slices"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

// eventOf returns the event of reg that created the record of code c.
func eventOf(t *testing.T, reg *quhua.Registry, c quhua.Code) *quhua.Event {
	t.Helper()
	for _, r := range reg.CodeRecords(c) {
		if r.Created != nil && r.Created.Authored {
			return r.Created
		}
	}
	t.Fatalf("no authored event created %s", c)
	return nil
}

// TestIntervalDate: a change set with after is dated by an interval: its
// event has precision interval with both ends, its records say so, and
// the change set drafted back from the event keeps both ends.
func TestIntervalDate(t *testing.T) {
	base := Truncate(quhua.Default().Data(), quhua.EndOfYear(2019))
	cs := gongzhuling()
	cs.After = "2019-10-31"
	reg, err := Build(base, "2019+1", []Applied{{ID: 1, Set: cs}})
	if err != nil {
		t.Fatal(err)
	}
	e := eventOf(t, reg, 220184)
	if e.Precision != quhua.Interval || e.After != 20191031 || e.Date != 20200605 {
		t.Fatalf("event %s: precision %s, after %s, date %s; want interval 2019-10-31..2020-06-05", e.Ref, e.Precision, e.After, e.Date)
	}
	if got, want := e.When(), "2019-10-31–2020-06-05"; got != want {
		t.Errorf("When() = %q, want %q", got, want)
	}
	r := e.Created[0]
	if r.FromPrec != quhua.Interval || !strings.HasPrefix(r.Interval(), "(2019-10-31–2020-06-05)–") {
		t.Errorf("record %s: precision %s, interval %s; want it to start in (2019-10-31–2020-06-05)", r, r.FromPrec, r.Interval())
	}
	// The API's record carries both ends at the county level too.
	if j := api.NewRecord(r); j.FromPrecision != "interval" || !slices.Equal(j.FromInterval, []string{"2019-10-31", "2020-06-05"}) {
		t.Errorf("the API's record: fromPrecision %q, fromInterval %v", j.FromPrecision, j.FromInterval)
	}
	if j := api.NewRecord(e.Retired[0]); j.ToPrecision != "interval" || !slices.Equal(j.ToInterval, []string{"2019-10-31", "2020-06-05"}) {
		t.Errorf("the API's retired record: toPrecision %q, toInterval %v", j.ToPrecision, j.ToInterval)
	}
	back := FromEvent(reg, e)
	if back.After != "2019-10-31" || back.Date != "2020-06-05" {
		t.Errorf("FromEvent: after %q, date %q; want 2019-10-31 and 2020-06-05", back.After, back.Date)
	}
	if p, vs := compile(back); len(vs) > 0 || p.prec != quhua.Interval || p.after != e.After {
		t.Errorf("the drafted change set compiles to precision %s after %s (%v), want interval after %s", p.prec, p.after, vs, e.After)
	}
}

// TestYearDate: an event known to its year is drafted with the year alone,
// never a day.
func TestYearDate(t *testing.T) {
	base := Truncate(quhua.Default().Data(), quhua.EndOfYear(2019))
	cs := gongzhuling()
	cs.Date = "2020"
	reg, err := Build(base, "2019+1", []Applied{{ID: 1, Set: cs}})
	if err != nil {
		t.Fatal(err)
	}
	e := eventOf(t, reg, 220184)
	if e.Precision != quhua.Year {
		t.Fatalf("event precision %s, want year", e.Precision)
	}
	back := FromEvent(reg, e)
	if back.Date != "2020" || back.After != "" {
		t.Errorf("FromEvent: date %q, after %q; want 2020 and no after", back.Date, back.After)
	}
}

// TestAfterViolations: an interval's ends are two days, the first before
// the second; anything else is a violation of field after or date.
func TestAfterViolations(t *testing.T) {
	for _, c := range []struct{ date, after, field, want string }{
		{"2020-06-05", "2020", "after", "must be a day"},
		{"2020-06-05", "2020-06-05", "after", "must be before the date 2020-06-05"},
		{"2020-06-05", "2021-01-01", "after", "must be before the date"},
		{"2020", "2019-10-31", "date", "must be a day"},
		{"2020-06-05", "2019/10/31", "after", "invalid date"},
	} {
		cs := gongzhuling()
		cs.Date, cs.After = c.date, c.after
		p, vs := compile(cs)
		found := false
		for _, v := range vs {
			if v.Field == c.field && strings.Contains(v.Message, c.want) {
				found = true
			}
		}
		if !found {
			t.Errorf("date %q after %q: violations %v, want %q in %s", c.date, c.after, vs, c.want, c.field)
		}
		if p.prec == quhua.Interval {
			t.Errorf("date %q after %q: compiled to an interval", c.date, c.after)
		}
	}
	cs := gongzhuling()
	cs.After = "2019-10-31"
	if p, vs := compile(cs); len(vs) > 0 || p.prec != quhua.Interval || p.after != 20191031 {
		t.Errorf("a valid interval: precision %s, after %s, violations %v", p.prec, p.after, vs)
	}
}
