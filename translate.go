package quhua

import (
	"fmt"
	"slices"
	"strconv"
)

// Relation says how a target's area relates to the source's area.
type Relation uint8

const (
	// Same: the target covers exactly the source's area.
	Same Relation = iota
	// Superset: the target covers the source and more (the source was merged).
	Superset
	// Subset: the target is a part of the source (the source was split).
	Subset
	// Overlap: the target and the source share only part of their areas.
	Overlap
	// LostArea: the target is the source's own continuation (perhaps
	// renamed or recoded), which gave part of its area to other units
	// between the two dates and went on. Forward the target is smaller
	// than the source, backward larger; both ways the unit lost area.
	LostArea
	// GainedArea: the target is the source's own continuation, which
	// received area from other units between the two dates. Forward the
	// target is larger, backward smaller; both ways the unit gained area.
	GainedArea
	// LostGainedArea: the continuation both gave and received area
	// between the two dates (e.g. 武进区 in 2015).
	LostGainedArea
	// SplitFrom: translating backwards, the source was split off from the
	// target (carved out of it, or one of the units it was divided into):
	// the target is larger than the source.
	SplitFrom
)

var relNames = [...]string{"same", "superset", "subset", "overlap", "lost-area", "gained-area", "lost-gained-area", "split-from"}
var relDescs = [...]string{"same area", "merged into a larger unit", "part of the source (split)", "partial overlap",
	"lost area", "gained area", "lost and gained area", "split off from it"}

// String returns the relation's identifier: same, superset, subset,
// overlap, lost-area, gained-area, lost-gained-area, split-from.
func (r Relation) String() string {
	if int(r) < len(relNames) {
		return relNames[r]
	}
	return "Relation(" + strconv.Itoa(int(r)) + ")"
}

// Describe returns a short English description, e.g. "same area".
func (r Relation) Describe() string {
	if int(r) < len(relDescs) {
		return relDescs[r]
	}
	return r.String()
}

// Describe returns the target's relation in a few English words, as
// Relation.Describe, except for a township reached only through links two
// editions of the township lists suggest and no document states
// (Inferred): those lists show codes and names, never areas, so a
// one-to-one link is "successor (area not stated)" rather than "same area",
// and any other relation is marked inferred.
func (t Target) Describe() string {
	if !t.Inferred || t.Record == nil || t.Record.Level() != Township {
		return t.Relation.Describe()
	}
	if t.Relation == Same {
		return "successor (area not stated)"
	}
	return t.Relation.Describe() + " (inferred, area not stated)"
}

// MarshalText implements encoding.TextMarshaler.
func (r Relation) MarshalText() ([]byte, error) { return []byte(r.String()), nil }

// Status is the outcome of a translation in the vocabulary of recoding:
// exact, renamed, recoded, merged, split, partial, abolished, unknown.
type Status string

// The statuses.
const (
	Exact     Status = "exact"     // same record, or same code and name over the same area
	Renamed   Status = "renamed"   // same area and code, new name
	Recoded   Status = "recoded"   // same area, new code (perhaps a new name too)
	Merged    Status = "merged"    // the target also covers other units
	Split     Status = "split"     // the target is one part of the source
	Partial   Status = "partial"   // the target overlaps the source in part
	Abolished Status = "abolished" // no successor
	Unknown   Status = "unknown"   // not a code of the registry
)

// Target is one division a translation leads to.
type Target struct {
	Record   *Record
	Relation Relation
	// Partial is true when only a part of the source's area reached the
	// target through a transfer, the source (or its successor) going on.
	Partial bool
	// Events are the events along the way, in date order.
	Events []*Event
	// Inferred is true when the target is reached only through links that
	// the upstream files do not state: links of prefectures derived from
	// their children's, or links quhua's corrections file implies (such as
	// the districts of 1983, carved out of their city's own area).
	Inferred bool
	// Inside is true for a partial target that lies within one of the main
	// targets (a district carved out of a city's own area, when translating
	// the city): a consumer working at the main targets' level can ignore it.
	Inside bool
	// Certainty is the weakest certainty of the links the answer rests on:
	// those followed to reach the target and, for LostArea, GainedArea and
	// LostGainedArea, those by which the unit gave or received area. A
	// target reached through a link no official text confirms (such as
	// 叶城县 → 岑岭县) is Unconfirmed.
	Certainty Assessment
}

// Status returns the recoding status of the target relative to source.
func (t Target) Status(source *Record) Status {
	switch {
	case t.Partial || t.Relation == Overlap || t.Relation == LostArea || t.Relation == GainedArea || t.Relation == LostGainedArea:
		return Partial
	case t.Relation == Superset:
		return Merged
	case t.Relation == Subset || t.Relation == SplitFrom:
		return Split
	case t.Record.Code != source.Code:
		return Recoded
	case t.Record.Name != source.Name:
		return Renamed
	}
	return Exact
}

// Translation is the answer to "which divisions of date To cover what the
// source covered on date From".
type Translation struct {
	Source   *Record
	From, To Date
	// Targets: first the successors of the whole source (or its
	// predecessors, translating backwards), then those reached by partial
	// transfers, each group ordered by code.
	Targets []Target
	// Ended lists records along the way that ended with no successor.
	Ended []*Record
}

// Status summarises the translation: the status of the only main target,
// split when there are several, abolished when there is none.
func (t *Translation) Status() Status {
	var main []Target
	for _, x := range t.Targets {
		if !x.Partial {
			main = append(main, x)
		}
	}
	switch len(main) {
	case 0:
		return Abolished
	case 1:
		return main[0].Status(t.Source)
	}
	for _, x := range main {
		if x.Relation != Subset && x.Relation != SplitFrom {
			return Partial
		}
	}
	return Split
}

// Main returns the targets that are not partial transfers.
func (t *Translation) Main() []Target {
	var out []Target
	for _, x := range t.Targets {
		if !x.Partial {
			out = append(out, x)
		}
	}
	return out
}

// NotInForceError says that a code was not in force on a date, and when it was.
type NotInForceError struct {
	Code    Code
	Date    Date
	Records []*Record // every record that ever had the code
}

func (e *NotInForceError) Error() string {
	if len(e.Records) == 0 {
		return fmt.Sprintf("%s is not a division code of the registry", e.Code)
	}
	s := fmt.Sprintf("%s was not in force on %s; it was", e.Code, e.Date)
	for i, r := range e.Records {
		if i > 0 {
			s += ";"
		}
		s += fmt.Sprintf(" %s %s", r.Name, r.Interval())
	}
	for _, r := range e.Records {
		if n := r.UncertainNote(e.Date); n != "" {
			s += "; " + n
		}
	}
	return s
}

// Translate finds what the division with code c on date from became on date
// to (or, with to before from, what it came from). Every answer carries the
// relation of areas, so a caller never gets a silent guess.
func (reg *Registry) Translate(c Code, from, to Date) (*Translation, error) {
	r, ok := reg.At(from).Record(c)
	if !ok {
		return nil, &NotInForceError{Code: c, Date: from, Records: reg.codeRecords(c)}
	}
	return reg.TranslateRecord(r, from, to), nil
}

// TranslateRecord is Translate for a record; from should lie in the
// record's validity (it is clamped to it).
func (reg *Registry) TranslateRecord(r *Record, from, to Date) *Translation {
	if from < r.From {
		from = r.From
	}
	if r.To != 0 && from >= r.To {
		from = r.To.AddDays(-1)
	}
	t := &Translation{Source: r, From: from, To: to}
	w := walker{reg: reg, from: from, to: to, forward: to >= from}
	if w.forward {
		w.startIdx = reg.lastEventAt(from)
	} else {
		w.startIdx = reg.lastEventAt(from) + 1
	}
	main := w.walk(walkState{r: r, arrived: w.startIdx, path: []*Record{r}}, false)
	partial := map[*Record]walkState{}
	type expKey struct {
		r       *Record
		implied bool
	}
	// The earliest arrival (forward; latest backward) at which a record's
	// side links were followed: an earlier arrival sees more of them.
	expanded := map[expKey]int{}
	// Side walks add to w.visited, so parts of parts are followed too.
	for i := 0; i < len(w.visited); i++ {
		st := w.visited[i]
		k := expKey{st.r, st.implied}
		if prev, ok := expanded[k]; ok && (w.forward && prev <= st.arrived || !w.forward && prev >= st.arrived) {
			continue
		}
		expanded[k] = st.arrived
		for _, l := range w.sideLinks(st.r, st.arrived) {
			next := walkState{r: w.other(l), arrived: l.Event.ID, via: append(slices.Clone(st.via), l.Event), implied: st.implied || l.inferred(),
				path: []*Record{w.other(l)}, cert: weaker(st.cert, l.Certainty())}
			for p, got := range w.walk(next, true) {
				if m, isMain := main[p]; isMain {
					if m.implied && !got.implied {
						m.implied = false // also reached through stated links
						main[p] = m
					}
					continue
				}
				if old, seen := partial[p]; !seen || old.implied && !got.implied {
					partial[p] = got
				}
			}
		}
	}
	mainRecs := sortedKeys(main)
	for _, m := range mainRecs {
		rel := Same
		back := w.closure(m)
		switch {
		case len(mainRecs) == 1 && len(back) == 1 && back[0] == r:
			rel = Same
		case len(mainRecs) == 1 && slices.Contains(back, r):
			rel = Superset
		case len(back) == 1 && back[0] == r:
			rel = Subset
		default:
			rel = Overlap
		}
		cert := main[m].cert
		lost, gained, lostTo, c := w.areaChanges(main[m].path)
		if lost || gained {
			cert = weaker(cert, c)
		}
		if rel == Superset && !w.forward && lost && !slices.ContainsFunc(back, func(b *Record) bool { return b != r && !slices.Contains(lostTo, b) }) {
			// Backwards, the target's closure holds only the source and
			// the units it gave area to: the source is the target's
			// continuation, less that area.
			rel = Same
		}
		switch {
		case rel == Same && lost && gained, rel == Superset && lost:
			rel = LostGainedArea
		case rel == Same && lost:
			rel = LostArea
		case rel == Same && gained:
			rel = GainedArea
		case rel == Subset && gained:
			rel = Overlap
		}
		if rel == Superset && !w.forward {
			rel = SplitFrom
		}
		t.Targets = append(t.Targets, Target{Record: m, Relation: rel, Events: main[m].via, Inferred: main[m].implied, Certainty: cert})
	}
	for _, p := range sortedKeys(partial) {
		st := partial[p]
		in := false
		for _, m := range mainRecs {
			in = in || inside(p, m)
		}
		t.Targets = append(t.Targets, Target{Record: p, Relation: Overlap, Partial: true, Events: st.via, Inferred: st.implied, Inside: in, Certainty: st.cert})
	}
	t.Ended = w.ended
	sortRecords(t.Ended)
	return t
}

// inferred reports whether the upstream files do not state the link: links
// implied by quhua's corrections, and prefecture-level links derived from
// the children's — except a derived link between two records of one code,
// which result.csv states through its 变更 status (the code went on under
// another name or parent).
//
// A township link derived from its county's documented event (220381103 →
// 220184103, following 220381 → 220184) is stated by that event, and a
// township link inferred from the editions is inferred.
func (l *Link) inferred() bool {
	if l.From.Level() == Township {
		return l.Inferred
	}
	return l.Implied || l.Derived && l.From.Code != l.To.Code
}

func sortedKeys[V any](m map[*Record]V) []*Record {
	out := make([]*Record, 0, len(m))
	for r := range m {
		out = append(out, r)
	}
	sortRecords(out)
	return out
}

type walker struct {
	reg      *Registry
	from, to Date
	forward  bool
	startIdx int
	visited  []walkState
	ended    []*Record
}

type walkState struct {
	r       *Record
	arrived int
	via     []*Event
	implied bool      // reached through a link the upstream files do not state (derived or implied)
	path    []*Record // the records from the walk's start to r, r last
	cert    Assessment
}

// areaChanges reports whether a unit, along the chain of its records from
// the start of the walk to its target, gave area to other units that it
// outlived (lost) or received area from other units while going on
// (gained), between the two dates; c is the weakest certainty of those
// links; lostTo are the units that received the area lost. A parent's
// links with units inside it (a district carved out of its city's own
// area) change nothing of the parent's whole area; the unit inside does
// lose or gain area.
func (w *walker) areaChanges(path []*Record) (lost, gained bool, lostTo []*Record, c Assessment) {
	lo, hi := w.from, w.to
	if hi < lo {
		lo, hi = hi, lo
	}
	for _, x := range path {
		for _, l := range x.Successors() {
			if !l.SourceEnds() && l.Event.Date > lo && l.Event.Date <= hi && !slices.Contains(path, l.To) && !inside(l.To, x) {
				lost = true
				lostTo = append(lostTo, l.To)
				c = weaker(c, l.Certainty())
			}
		}
		for _, l := range x.Predecessors() {
			if !l.TargetStarts() && l.Event.Date > lo && l.Event.Date <= hi && !slices.Contains(path, l.From) && !inside(l.From, x) {
				gained = true
				c = weaker(c, l.Certainty())
			}
		}
	}
	return lost, gained, lostTo, c
}

// inWindow reports whether an event lies between the start and the end of
// the walk, after (forward) or before (backward) the arrival index.
func (w *walker) inWindow(e *Event, arrived int) bool {
	if w.forward {
		return e.ID > arrived && e.Date <= w.to
	}
	return e.ID < arrived && e.Date > w.to
}

func (w *walker) other(l *Link) *Record {
	if w.forward {
		return l.To
	}
	return l.From
}

// alive reports whether r is in force at the walk's end date.
func (w *walker) alive(r *Record) bool { return r.InForce(w.to) }

// mainLinks are the links by which the whole of r passes on: forward, the
// links of the event that retired r; backward, those of the event that
// created it.
func (w *walker) mainLinks(r *Record, arrived int) []*Link {
	var out []*Link
	if w.forward {
		for _, l := range r.Successors() {
			if l.SourceEnds() && w.inWindow(l.Event, arrived) {
				out = append(out, l)
			}
		}
	} else {
		for _, l := range r.Predecessors() {
			if l.TargetStarts() && w.inWindow(l.Event, arrived) {
				out = append(out, l)
			}
		}
	}
	return out
}

// sideLinks are the links by which part of r's area passed on while r went
// on (forward), or came in while r existed (backward). They include the
// links of the event r arrived by: within one event, the upstream lists do
// not say which part went where, so a part passed on in the same event is a
// candidate.
func (w *walker) sideLinks(r *Record, arrived int) []*Link {
	var out []*Link
	if w.forward {
		for _, l := range r.Successors() {
			if !l.SourceEnds() && w.inWindowSide(l.Event, arrived) {
				out = append(out, l)
			}
		}
	} else {
		for _, l := range r.Predecessors() {
			if !l.TargetStarts() && w.inWindowSide(l.Event, arrived) {
				out = append(out, l)
			}
		}
	}
	return out
}

// inWindowSide is inWindow including the arrival event itself and the
// events of the same effective date, whose order is not known.
func (w *walker) inWindowSide(e *Event, arrived int) bool {
	same := arrived >= 0 && arrived < len(w.reg.events) && w.reg.events[arrived].Date == e.Date
	if w.forward {
		return (e.ID >= arrived || same) && e.Date <= w.to && e.Date > w.from
	}
	return (e.ID <= arrived || same) && e.Date > w.to && e.Date <= w.from
}

// inside reports whether code-wise x lies under the higher-level record p.
func inside(x, p *Record) bool {
	switch p.Level() {
	case Province:
		return x.Level() > Province && x.Code.ProvinceCode() == p.Code
	case Prefecture:
		return x.Level() == County && x.Code.PrefectureCode() == p.Code
	}
	return false
}

// walk follows main links from a state to the records in force at the end
// date, recording the states it visits for side links. With side set,
// records that end without successor are not reported as ended (they are
// parts, not the source).
func (w *walker) walk(start walkState, side bool) map[*Record]walkState {
	out := map[*Record]walkState{}
	seen := map[*Record]bool{}
	var visit func(st walkState)
	visit = func(st walkState) {
		if seen[st.r] {
			return
		}
		seen[st.r] = true
		w.visited = append(w.visited, st)
		if w.alive(st.r) {
			out[st.r] = st
			return
		}
		links := w.mainLinks(st.r, st.arrived)
		if len(links) == 0 {
			if !side && !slices.Contains(w.ended, st.r) {
				w.ended = append(w.ended, st.r)
			}
			return
		}
		for _, l := range links {
			o := w.other(l)
			visit(walkState{r: o, arrived: l.Event.ID, via: append(slices.Clone(st.via), l.Event), implied: st.implied || l.inferred(),
				path: append(slices.Clone(st.path), o), cert: weaker(st.cert, l.Certainty())})
		}
	}
	visit(start)
	return out
}

// closure walks back from a target (at the end date) to the start date over
// structural links — those that retire their source or create their target
// — and returns the records in force at the start that contributed.
func (w *walker) closure(t *Record) []*Record {
	var out []*Record
	seen := map[*Record]bool{}
	var visit func(r *Record, arrived int)
	end := w.reg.lastEventAt(w.to)
	if !w.forward {
		end++
	}
	visit = func(r *Record, arrived int) {
		if seen[r] {
			return
		}
		seen[r] = true
		if r.InForce(w.from) {
			out = append(out, r)
		}
		var links []*Link
		if w.forward {
			links = r.Predecessors()
		} else {
			links = r.Successors()
		}
		for _, l := range links {
			if !(l.SourceEnds() || l.TargetStarts()) {
				continue
			}
			e := l.Event
			var ok bool
			if w.forward {
				ok = e.ID <= arrived && e.Date > w.from
			} else {
				ok = e.ID >= arrived && e.Date <= w.from
			}
			if !ok {
				continue
			}
			next := l.From
			if !w.forward {
				next = l.To
			}
			if inside(r, next) || inside(next, r) {
				continue // a parent's own area and a unit inside it
			}
			visit(next, e.ID)
		}
	}
	visit(t, end)
	sortRecords(out)
	return out
}
