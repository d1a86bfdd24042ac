package changeset

import (
	"fmt"
	"slices"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// clone copies the parts of d that applying a change modifies.
func clone(d *snapshot.Data) *snapshot.Data {
	c := *d
	c.Records = slices.Clone(d.Records)
	c.Events = slices.Clone(d.Events)
	c.Links = slices.Clone(d.Links)
	c.Marks = slices.Clone(d.Marks)
	return &c
}

// Truncate returns the data as it stood at the end of date t: events after
// t and the records they created are removed, and records that ended after
// t are open again. Authoring on a truncated base replays history: the
// upstream changes after t, re-entered as change sets, must give back the
// upstream data.
func Truncate(d *snapshot.Data, t quhua.Date) *snapshot.Data {
	out := &snapshot.Data{DataVersion: t.String(), UpstreamCommit: d.UpstreamCommit, FirstYear: d.FirstYear, LastYear: d.LastYear}
	if t == quhua.EndOfYear(t.Year()) {
		out.DataVersion = fmt.Sprint(t.Year())
	}
	last := t.Year()
	if t != quhua.EndOfYear(last) {
		last--
	}
	out.LastYear = min(out.LastYear, last)
	evMap := make([]int32, len(d.Events))
	for i, e := range d.Events {
		evMap[i] = -1
		if quhua.Date(e.Date) <= t {
			evMap[i] = int32(len(out.Events))
			out.Events = append(out.Events, e)
		}
	}
	recMap := make([]int32, len(d.Records))
	for i, r := range d.Records {
		recMap[i] = -1
		if quhua.Date(r.From) > t || (r.FromEvent >= 0 && evMap[r.FromEvent] < 0) {
			continue
		}
		if r.FromEvent >= 0 {
			r.FromEvent = evMap[r.FromEvent]
		}
		if r.ToEvent >= 0 {
			r.ToEvent = evMap[r.ToEvent]
		}
		if r.ToEvent < 0 || quhua.Date(r.To) > t {
			r.To, r.ToPrec, r.ToEvent = 0, 0, -1
		}
		recMap[i] = int32(len(out.Records))
		out.Records = append(out.Records, r)
	}
	linkMap := make([]int32, len(d.Links))
	for i, l := range d.Links {
		linkMap[i] = -1
		if evMap[l.Event] < 0 || recMap[l.From] < 0 || recMap[l.To] < 0 {
			continue
		}
		linkMap[i] = int32(len(out.Links))
		out.Links = append(out.Links, snapshot.Link{From: recMap[l.From], To: recMap[l.To], Event: evMap[l.Event], Flags: l.Flags})
	}
	// The certainty marks of what remains.
	for _, m := range d.Marks {
		m.Index = [...][]int32{snapshot.MarkRecord: recMap, snapshot.MarkEvent: evMap, snapshot.MarkLink: linkMap}[m.Of][m.Index]
		if m.Index >= 0 {
			out.Marks = append(out.Marks, m)
		}
	}
	return out
}

// sortEvents orders the events by date (keeping the order of events of
// one date) and renumbers the references to them: the registry finds
// events by date with a binary search.
func sortEvents(d *snapshot.Data) {
	order := make([]int, len(d.Events))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return int(d.Events[a].Date) - int(d.Events[b].Date) })
	if slices.IsSorted(order) {
		return
	}
	newIdx := make([]int32, len(order))
	events := make([]snapshot.Event, len(order))
	for n, old := range order {
		newIdx[old] = int32(n)
		events[n] = d.Events[old]
	}
	d.Events = events
	for i := range d.Records {
		r := &d.Records[i]
		if r.FromEvent >= 0 {
			r.FromEvent = newIdx[r.FromEvent]
		}
		if r.ToEvent >= 0 {
			r.ToEvent = newIdx[r.ToEvent]
		}
	}
	for i := range d.Links {
		d.Links[i].Event = newIdx[d.Links[i].Event]
	}
	for i := range d.Marks {
		if m := &d.Marks[i]; m.Of == snapshot.MarkEvent {
			m.Index = newIdx[m.Index]
		}
	}
	d.SortMarks()
}

// codeIndex finds records by code.
type codeIndex map[quhua.Code][]int

func indexCodes(d *snapshot.Data) codeIndex {
	ix := codeIndex{}
	for i, r := range d.Records {
		ix[quhua.Code(r.Code)] = append(ix[quhua.Code(r.Code)], i)
	}
	return ix
}

// inForce returns the record of code c in force on date t, or -1.
func (ix codeIndex) inForce(d *snapshot.Data, c quhua.Code, t quhua.Date) int {
	for _, i := range ix[c] {
		r := d.Records[i]
		if quhua.Date(r.From) <= t && (r.To == 0 || t < quhua.Date(r.To)) {
			return i
		}
	}
	return -1
}

// apply adds the plan's event to d (in place, unsorted) and returns what
// makes it impossible, if anything. ref cites the change, e.g. "change/12".
func apply(d *snapshot.Data, p *plan, ref string) Violations {
	var vs Violations
	add := func(rule, field, id string, params ...string) {
		vs = append(vs, NewViolation(rule, field, id, params...))
	}
	ix := indexCodes(d)
	ev := int32(len(d.Events))
	d.Events = append(d.Events, snapshot.Event{Date: int32(p.date), Prec: uint8(p.prec), Year: int32(p.year), Docs: p.docs, Ref: ref, Authored: true,
		TownshipEvent: snapshot.TownshipEvent{After: int32(p.after)}})
	prev := p.date.AddDays(-1)
	retired := map[quhua.Code]int{}
	fieldOf := map[quhua.Code]string{}
	for _, l := range p.links {
		if _, ok := fieldOf[l.from]; !ok {
			fieldOf[l.from] = l.field
		}
	}
	for _, c := range p.retire {
		i := ix.inForce(d, c, prev)
		if i < 0 {
			add(RuleInForce, fieldOf[c], "retired-not-force", "code", c.String(), "date", prev.String())
			continue
		}
		r := &d.Records[i]
		if r.To != 0 {
			add(RuleOverlap, fieldOf[c], "retired-ends", "code", c.String(), "name", r.Name, "end", quhua.Date(r.To).String(), "date", p.date.String())
			continue
		}
		r.To, r.ToPrec, r.ToEvent = int32(p.date), uint8(p.prec), ev
		retired[c] = i
	}
	created := map[quhua.Code]int{}
	for _, n := range p.create {
		name := n.name
		if name == "" { // a recode keeps the name of the unit it replaces
			if i := ix.inForce(d, firstFrom(p, n.code), prev); i >= 0 {
				name = d.Records[i].Name
			}
		}
		created[n.code] = len(d.Records)
		d.Records = append(d.Records, snapshot.Record{Code: uint32(n.code), Name: name, Kind: uint8(quhua.KindOf(n.code, name)),
			From: int32(p.date), FromPrec: uint8(p.prec), FromEvent: ev, ToEvent: -1})
	}
	for _, l := range p.links {
		from, ok := retired[l.from]
		if !ok {
			from = ix.inForce(d, l.from, prev)
			if from >= 0 && d.Records[from].To != 0 {
				from = -1
			}
		}
		to, ok := created[l.to]
		if !ok {
			to = ix.inForce(d, l.to, p.date)
			if _, gone := retired[l.to]; gone {
				to = -1
			}
		}
		switch {
		case from < 0 && !slices.Contains(p.retire, l.from):
			add(RuleInForce, l.field, "source-not-force", "code", l.from.String(), "date", prev.String())
		case to < 0:
			add(RuleInForce, l.field, "target-not-force", "code", l.to.String())
		case from >= 0:
			d.Links = append(d.Links, snapshot.Link{From: int32(from), To: int32(to), Event: ev, Flags: l.flags})
		}
	}
	return vs
}

// firstFrom returns the source code linked to the created code c.
func firstFrom(p *plan, c quhua.Code) quhua.Code {
	for _, l := range p.links {
		if l.to == c {
			return l.from
		}
	}
	return c
}

// Applied is a change set as applied in a release, with its ID.
type Applied struct {
	ID  int64
	Set *ChangeSet
}

// BuildData applies change sets in order on top of base and returns the
// compiled data, with version as its data version. It fails if a change
// set cannot be applied.
func BuildData(base *snapshot.Data, version string, changes []Applied) (*snapshot.Data, error) {
	d := clone(base)
	d.DataVersion = version
	for _, a := range changes {
		p, vs := compile(a.Set)
		if len(vs) == 0 {
			vs = apply(d, p, fmt.Sprintf("change/%d", a.ID))
		}
		if len(vs) > 0 {
			return nil, fmt.Errorf("change %d: %w", a.ID, vs)
		}
	}
	sortEvents(d)
	return d, nil
}

// Build is BuildData followed by quhua.Build.
func Build(base *snapshot.Data, version string, changes []Applied) (*quhua.Registry, error) {
	d, err := BuildData(base, version, changes)
	if err != nil {
		return nil, err
	}
	return quhua.Build(d)
}

// Record applies a change set that the project records in its own data
// files (data/changes/*.json) to d, and returns the result: it is
// validated by the same rules as an authored change (Validate), and kept
// as part of the data rather than as a release of the workflow, its event
// citing ref (the file) and not marked Authored.
func Record(d *snapshot.Data, cs *ChangeSet, ref string) (*snapshot.Data, error) {
	reg, err := quhua.Build(d)
	if err != nil {
		return nil, err
	}
	if rep := Validate(reg, cs); !rep.Valid {
		return nil, fmt.Errorf("%s: %w", ref, rep.Violations)
	}
	p, vs := compile(cs)
	out := clone(d)
	if len(vs) == 0 {
		vs = apply(out, p, ref)
	}
	if len(vs) > 0 {
		return nil, fmt.Errorf("%s: %w", ref, vs)
	}
	out.Events[len(out.Events)-1].Authored = false
	sortEvents(out)
	return out, nil
}
