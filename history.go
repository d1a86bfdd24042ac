package quhua

import (
	"slices"
)

// Timeline is the whole story of one division across its renames, recodes
// and changes of parent: the chain of records that had the same area, and
// every event that touched any of them.
type Timeline struct {
	// Periods are the records of the chain, oldest first, each with its
	// parents on its first day.
	Periods []Period
	// Steps are the events, in date order, with what each did to the
	// division.
	Steps []Step
}

// Period is one record of a timeline with its parents.
type Period struct {
	Division
}

// Step is one event in a timeline, seen from the division.
type Step struct {
	Event *Event
	// Op is the operation of the event that involves the division.
	Op Operation
	// Role is what the step did to the division: "created", "changed"
	// (renamed, recoded or moved to another parent: a new record of the
	// same area), "gained" or "lost" (part of an area moved in or out),
	// "ended".
	Role string
	// Record is the division's record the step concerns (the newer one for
	// "changed").
	Record *Record
}

// Chain returns the records that share r's area over time: following
// one-to-one, same-area operations backwards and forwards.
func (r *Record) Chain() []*Record {
	chain := []*Record{r}
	for cur := r; ; {
		prev := sameAreaNeighbour(cur, false)
		if prev == nil || slices.Contains(chain, prev) {
			break
		}
		chain = append([]*Record{prev}, chain...)
		cur = prev
	}
	for cur := r; ; {
		next := sameAreaNeighbour(cur, true)
		if next == nil || slices.Contains(chain, next) {
			break
		}
		chain = append(chain, next)
		cur = next
	}
	return chain
}

// sameAreaNeighbour returns the record that replaced r (forward) or that r
// replaced (backward) in a same-area operation.
func sameAreaNeighbour(r *Record, forward bool) *Record {
	e := r.Created
	if forward {
		e = r.Retired
	}
	if e == nil {
		return nil
	}
	for _, op := range e.Operations() {
		if op.Type != OpSameArea {
			continue
		}
		if forward && op.Before[0] == r {
			return op.After[0]
		}
		if !forward && op.After[0] == r {
			return op.Before[0]
		}
	}
	return nil
}

// History returns the timeline of the division r belongs to.
func (reg *Registry) History(r *Record) *Timeline {
	chain := r.Chain()
	tl := &Timeline{}
	for _, c := range chain {
		d := c.From
		if d == 0 {
			d = EndOfYear(reg.firstYear)
			if c.Code.Township() {
				d = firstTownshipList
			}
		}
		tl.Periods = append(tl.Periods, Period{reg.At(d).division(c)})
	}
	inChain := func(x *Record) bool { return slices.Contains(chain, x) }
	seen := map[*Event]bool{}
	var events []*Event
	for _, c := range chain {
		for _, e := range []*Event{c.Created, c.Retired} {
			if e != nil && !seen[e] {
				seen[e] = true
				events = append(events, e)
			}
		}
		for _, l := range append(slices.Clone(c.Predecessors()), c.Successors()...) {
			if !seen[l.Event] {
				seen[l.Event] = true
				events = append(events, l.Event)
			}
		}
	}
	slices.SortFunc(events, func(a, b *Event) int { return a.ID - b.ID })
	for _, e := range events {
		for _, op := range e.Operations() {
			var before, after *Record
			for _, x := range op.Before {
				if inChain(x) {
					before = x
				}
			}
			for _, x := range op.After {
				if inChain(x) {
					after = x
				}
			}
			if before == nil && after == nil {
				continue
			}
			st := Step{Event: e, Op: op}
			switch {
			case before == nil:
				st.Role, st.Record = "created", after
			case after == nil:
				st.Role, st.Record = "ended", before
			case before != after:
				st.Role, st.Record = "changed", after
			default:
				st.Role, st.Record = "lost", before
				for _, l := range op.Links {
					if l.To == before {
						st.Role = "gained"
					}
				}
			}
			// A parent's own-area link to a new unit inside it is not a
			// change of the parent's area.
			if st.Role == "lost" || st.Role == "gained" {
				own := true
				for _, l := range op.Links {
					if !(l.OwnArea || inside(l.To, before) || inside(l.From, before)) {
						own = false
					}
				}
				if own {
					continue
				}
			}
			tl.Steps = append(tl.Steps, st)
		}
	}
	return tl
}

// DiffResult is what changed between two dates.
type DiffResult struct {
	From, To Date
	// Events are the events with effective dates in (From, To].
	Events []*Event
	// Removed are the records in force on From but not on To; Added the
	// reverse. Both ordered by code.
	Removed, Added []*Record
}

// Diff returns what changed between two dates (in either order).
func (reg *Registry) Diff(from, to Date) *DiffResult {
	if to < from {
		from, to = to, from
	}
	d := &DiffResult{From: from, To: to, Events: reg.EventsIn(from, to)}
	for _, r := range reg.sorted {
		a, b := r.InForce(from), r.InForce(to)
		switch {
		case a && !b:
			d.Removed = append(d.Removed, r)
		case b && !a:
			d.Added = append(d.Added, r)
		}
	}
	return d
}

// DiffLevel is Diff restricted to the records of one level and to the
// events that touch it: DiffLevel(from, to, Township) lists the townships
// that ended and started, DiffLevel(from, to, County) leaves them out.
func (reg *Registry) DiffLevel(from, to Date, lv Level) *DiffResult {
	d := reg.Diff(from, to)
	keep := func(rs []*Record) []*Record {
		var out []*Record
		for _, r := range rs {
			if r.Level() == lv {
				out = append(out, r)
			}
		}
		return out
	}
	d.Removed, d.Added = keep(d.Removed), keep(d.Added)
	var evs []*Event
	for _, e := range d.Events {
		if slices.ContainsFunc(e.Created, func(r *Record) bool { return r.Level() == lv }) ||
			slices.ContainsFunc(e.Retired, func(r *Record) bool { return r.Level() == lv }) ||
			slices.ContainsFunc(e.Links, func(l *Link) bool { return l.From.Level() == lv || l.To.Level() == lv }) {
			evs = append(evs, e)
		}
	}
	d.Events = evs
	return d
}

// Filter keeps, of the diff, the records of the levels keep accepts and
// the events with an operation at such a level: with the township level
// loaded, Filter(func(l Level) bool { return l != Township }) is the
// county-level diff of the yearly lists.
func (d *DiffResult) Filter(keep func(Level) bool) {
	recs := func(rs []*Record) []*Record {
		var out []*Record
		for _, r := range rs {
			if keep(r.Level()) {
				out = append(out, r)
			}
		}
		return out
	}
	d.Removed, d.Added = recs(d.Removed), recs(d.Added)
	var evs []*Event
	for _, e := range d.Events {
		if e.AtLevel(keep) {
			evs = append(evs, e)
		}
	}
	d.Events = evs
}

// AtLevel reports whether one of the event's operations concerns a level
// keep accepts (the level of the records it ends, or else of those it
// starts).
func (e *Event) AtLevel(keep func(Level) bool) bool {
	for _, op := range e.Operations() {
		if op.AtLevel(keep) {
			return true
		}
	}
	return false
}

// AtLevel reports whether the operation concerns a level keep accepts:
// the level of the records it ends, or else of those it starts.
func (op Operation) AtLevel(keep func(Level) bool) bool {
	switch {
	case len(op.Before) > 0:
		return keep(op.Before[0].Level())
	case len(op.After) > 0:
		return keep(op.After[0].Level())
	}
	return false
}
