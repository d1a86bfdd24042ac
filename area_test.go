package quhua_test

import (
	"fmt"
	"slices"
	"testing"

	"github.com/quhua/quhua"
)

// TestEveryAreaEvent walks every event of the registry in which a
// county-level unit gives part of its area and goes on (upstream's "="
// lines with ">", the "+" lines carved out of a unit that goes on with
// "<", the transfers of the project's change files), and every event in
// which one receives area and goes on. Translated across the event, in
// both directions, the unit's own continuation must never be "same area";
// a unit that lost area must never be "merged" either; and a unit carved
// out of one that goes on must call it "split", not "merged", backwards.
func TestEveryAreaEvent(t *testing.T) {
	reg := quhua.Default()
	type key struct {
		e *quhua.Event
		r *quhua.Record
	}
	losers, receivers, carved := map[key]bool{}, map[key]bool{}, map[key]*quhua.Record{}
	var order []key
	for _, e := range reg.Events() {
		for _, l := range e.Links {
			if l.From.Level() == quhua.Township || l.To.Level() == quhua.Township || l.From.Level() != quhua.County && l.To.Level() != quhua.County {
				continue
			}
			if !l.SourceEnds() && l.From.Level() == quhua.County {
				k := key{e, l.From}
				if !losers[k] && !receivers[k] {
					order = append(order, k)
				}
				losers[k] = true
				if l.TargetStarts() && l.To.Level() == quhua.County {
					carved[key{e, l.To}] = l.From
				}
			}
			if !l.TargetStarts() && l.To.Level() == quhua.County {
				k := key{e, l.To}
				if !losers[k] && !receivers[k] {
					order = append(order, k)
				}
				receivers[k] = true
			}
		}
	}
	var checked, changed, skipped int
	target := func(tr *quhua.Translation, r *quhua.Record) (quhua.Target, bool) {
		for _, x := range tr.Targets {
			if x.Record == r {
				return x, true
			}
		}
		return quhua.Target{}, false
	}
	newLabel := func(rel quhua.Relation) bool {
		return rel == quhua.LostArea || rel == quhua.GainedArea || rel == quhua.LostGainedArea || rel == quhua.SplitFrom
	}
	nLost, nGained := 0, 0
	for _, k := range order {
		e, r := k.e, k.r
		before, after := e.Date.AddDays(-1), e.Date
		if !r.InForce(before) || !r.InForce(after) {
			skipped++ // created or retired by another event of the same day
			continue
		}
		if losers[k] {
			nLost++
		}
		if receivers[k] {
			nGained++
		}
		for _, dir := range [][2]quhua.Date{{before, after}, {after, before}} {
			tr := reg.TranslateRecord(r, dir[0], dir[1])
			x, ok := target(tr, r)
			checked++
			what := fmt.Sprintf("%s %s → %s (%s)", r, dir[0], dir[1], e.Ref)
			if !ok {
				t.Errorf("%s: the unit itself is not a target: %+v", what, tr.Targets)
				continue
			}
			if newLabel(x.Relation) {
				changed++
			}
			st := x.Status(r)
			switch {
			case x.Relation == quhua.Same || st == quhua.Exact || st == quhua.Renamed || st == quhua.Recoded:
				t.Errorf("%s: %s, %s, although it %s area", what, st, x.Relation.Describe(), map[bool]string{true: "lost", false: "gained"}[losers[k]])
			case losers[k] && (x.Relation == quhua.Superset || st == quhua.Merged):
				t.Errorf("%s: %s (%s), although it lost area", what, st, x.Relation.Describe())
			}
		}
	}
	nCarved := 0
	for k, from := range carved {
		if !k.r.InForce(k.e.Date) || !from.InForce(k.e.Date.AddDays(-1)) {
			continue
		}
		nCarved++
		tr := reg.TranslateRecord(k.r, k.e.Date, k.e.Date.AddDays(-1))
		x, ok := target(tr, from)
		checked++
		if !ok {
			t.Errorf("%s carved out of %s (%s): not a target backwards", k.r, from, k.e.Ref)
			continue
		}
		if newLabel(x.Relation) {
			changed++
		}
		if st := x.Status(k.r); st == quhua.Merged || x.Relation == quhua.Same || st == quhua.Exact {
			t.Errorf("%s carved out of %s (%s): backwards %s (%s)", k.r, from, k.e.Ref, st, x.Relation.Describe())
		}
	}
	t.Logf("area events: %d losses and %d receptions of a county-level unit that goes on (%d unit-events, %d skipped as created or retired the same day), %d units carved out; %d translations checked, %d labels changed (lost, gained, lost and gained area, split off)",
		nLost, nGained, len(order)-skipped, skipped, nCarved, checked, changed)
	if nLost < 400 || nGained < 250 || nCarved == 0 {
		t.Errorf("found %d losses, %d receptions and %d carved units: the walk missed events", nLost, nGained, nCarved)
	}
}

// The reproductions of the issue: the continuation of a unit that gave
// part of its area away is "lost area", and the link to a unit whose area
// no official text states is unconfirmed.
func TestLostAreaExamples(t *testing.T) {
	reg := quhua.Default()
	for _, c := range []struct {
		code     quhua.Code
		from, to int
		other    quhua.Code
		cert     quhua.Certainty
	}{
		{653221, 2023, 2025, 653229, quhua.Unconfirmed}, // 和田县 → 和安县 (upstream "!")
		{441204, 2024, 2025, 440608, quhua.Provisional}, // 高要区 → 高明区 (肇府〔2025〕9号, provisional list)
		{653126, 2025, 2026, 653132, quhua.Unconfirmed}, // 叶城县 → 岑岭县 (change file)
	} {
		tr, err := reg.Translate(c.code, quhua.EndOfYear(c.from), quhua.EndOfYear(c.to))
		if err != nil {
			t.Fatal(err)
		}
		if tr.Status() != quhua.Partial || len(tr.Targets) != 2 || tr.Targets[0].Relation != quhua.LostArea {
			t.Errorf("%s %d→%d: %s %+v", c.code, c.from, c.to, tr.Status(), tr.Targets)
			continue
		}
		other := tr.Targets[1]
		if other.Record.Code != c.other || other.Certainty.Certainty != c.cert || tr.Targets[0].Certainty.Certainty != c.cert {
			t.Errorf("%s %d→%d: %s certainty %s (%s), want %s", c.code, c.from, c.to, other.Record, other.Certainty.Certainty, other.Certainty.Reason, c.cert)
		}
		back, _ := reg.Translate(c.code, quhua.EndOfYear(c.to), quhua.EndOfYear(c.from))
		if back.Targets[0].Relation != quhua.LostArea {
			t.Errorf("%s %d→%d: %s", c.code, c.to, c.from, back.Targets[0].Relation)
		}
	}
	tr, _ := reg.Translate(653229, quhua.EndOfYear(2025), quhua.EndOfYear(2023))
	if tr.Status() != quhua.Split || !slices.ContainsFunc(tr.Targets, func(x quhua.Target) bool { return x.Record.Code == 653221 && x.Relation == quhua.SplitFrom }) {
		t.Errorf("和安县 2025→2023: %s %+v", tr.Status(), tr.Targets)
	}
	tr, _ = reg.Translate(653101, quhua.EndOfYear(2024), quhua.EndOfYear(2023))
	if tr.Targets[0].Relation != quhua.GainedArea {
		t.Errorf("喀什市 2024→2023: %s", tr.Targets[0].Relation)
	}
}
