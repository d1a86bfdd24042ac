package recode

import (
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/quhua/quhua"
)

// Relation is the recoding status of a row: the registry's statuses
// (exact, renamed, recoded, merged, split, partial, abolished, unknown) and
// the classes of codes that circulate without being divisions.
type Relation string

// The relations a row can have. The first eight are quhua.Status values.
const (
	Exact     = Relation(quhua.Exact)
	Renamed   = Relation(quhua.Renamed)
	Recoded   = Relation(quhua.Recoded)
	Merged    = Relation(quhua.Merged)
	Split     = Relation(quhua.Split)
	Partial   = Relation(quhua.Partial)
	Abolished = Relation(quhua.Abolished)
	Unknown   = Relation(quhua.Unknown)
	// Placeholder: a placeholder row of the lists (XXXX01 市辖区, XX0100,
	// XX0200); the target is the division it stands under.
	Placeholder Relation = "placeholder"
	// Statistical: a statistical-only code (XXXX7X) of a development zone;
	// the target is the division it lies in.
	Statistical Relation = "statistical"
	// Ambiguous: a name that denotes several divisions; all are listed.
	Ambiguous Relation = "ambiguous"
	// Invalid: a malformed row, passed through with the problem in the note.
	Invalid Relation = "invalid"
)

// Relations lists every relation in report order.
var Relations = []Relation{Exact, Renamed, Recoded, Merged, Split, Partial, Abolished, Placeholder, Statistical, Ambiguous, Unknown, Invalid}

// Candidate is one division a row's code leads to on the target date.
type Candidate struct {
	Record   *quhua.Record
	Relation quhua.Relation
	// Partial: only part of the source's area reached this division by a
	// transfer while the source went on.
	Partial bool
	// Group is the division the row rolls up to at the aggregation level
	// (the candidate itself at county level).
	Group *quhua.Record
}

// Result is the answer for one distinct input value. Results are computed
// once per run and shared by every row with that value.
type Result struct {
	Relation Relation
	// Source is the record the value was read as (nil when unknown).
	Source *quhua.Record
	// Vintage is the date the value was interpreted at.
	Vintage quhua.Date
	// Main are the divisions the whole source went to; Extra those that
	// received only part of its area.
	Main, Extra []Candidate
	// Codes and Names are the main candidates joined by ";".
	Codes, Names string
	Note         string
	// Certainty is the weakest certainty of the targets: unconfirmed when
	// the answer rests on a link no official text confirms, provisional
	// when on a provisional list. The note says so; Strict reports it.
	Certainty quhua.Assessment
	// Value is the input value the result was computed for.
	Value string
	id    int // 1 + index in the mapper's table; 0: computed on a miss
	// rid is 1 + the result's number in its pool (see resultPool); 0:
	// not pooled.
	rid int
}

// Mapper maps values of a division column from one date to another. It is
// built once per run (the registry is small, rows are many) and is safe for
// concurrent use.
type Mapper struct {
	reg   *quhua.Registry
	from  quhua.Date
	auto  bool
	to    quhua.Date
	level quhua.Level
	// table maps a 6-digit code to index+1 in results; zero (or a nil
	// result): not precomputed (looked up through misses). Shared by the mappers of a
	// registry (see codeIndex).
	table   []uint32
	results []*Result
	byName  bool

	mu       sync.Mutex
	suffixes map[renderKey][][]byte
	// pool, when set, is shared by the mappers of one run's source
	// dates (Options.FromColumn): equal results are one Result, and
	// rendered once. Such a mapper fills its table on demand: slots
	// holds, per table index, 0 (not looked at yet), 1 (not a division
	// in force on the date: looked up on a miss) or 2 + the result's
	// number in the pool.
	pool      *resultPool
	slotsOnce sync.Once
	slots     []atomic.Uint32
}

// resultPool holds the results of the mappers of several source dates
// with the same target (a panel's, Options.FromColumn). A code usually
// maps alike from one year to the next: the translation of a record read
// on date d depends on d only through the dates at which something in its
// lineage changes (breaks), so the mappers of all dates between two breaks
// share one answer, computed once. Rows then touch a few thousand results
// instead of one per code and year, which keeps the working set in cache
// and the memory small. Equal results are interned: one Result, rendered
// once.
type resultPool struct {
	reg *quhua.Registry
	to  quhua.Date

	// segs holds the segments of every code of the table, those of
	// table index i from segs[off[i]]: the dates between which its
	// answer is the same, and the answer of each (see segments).
	segs []uint32
	off  []uint32

	mu    sync.Mutex
	byKey map[string]*Result
	key   []byte // intern's buffer
	// list holds the pooled results by number (rid-1); rendered their
	// added fields per output form, by number.
	list     []*Result
	rendered map[renderKey][][]byte
}

func newResultPool(reg *quhua.Registry, to quhua.Date) *resultPool {
	p := &resultPool{reg: reg, to: to, byKey: map[string]*Result{},
		rendered: map[renderKey][][]byte{}}
	codes := indexOf(reg).codes
	p.off = make([]uint32, len(codes))
	sc := &segScratch{set: map[quhua.Date]bool{}, fwd: map[*quhua.Record]bool{}, seen: map[*quhua.Record]bool{}}
	for i := range codes {
		p.off[i] = uint32(len(p.segs))
		p.segs = p.segments(p.segs, i, sc)
	}
	return p
}

// segScratch is the scratch space of segments and breaksOf, reused from
// one code to the next.
type segScratch struct {
	set       map[quhua.Date]bool
	fwd, seen map[*quhua.Record]bool
	stack     []*quhua.Record
	bounds    []quhua.Date
}

// state returns the answer of table index i read on the date of mapper m
// (one of the pool's): 1 when the code is not a division in force then,
// or the date is after the target date (the mapper answers on its own),
// else 1 + the number of the pooled result.
func (p *resultPool) state(i int, m *Mapper) uint32 {
	s := p.segs[p.off[i]:]
	n, k := int(s[0]), 0
	for k < n && quhua.Date(int32(s[1+k])) <= m.from {
		k++
	}
	if st := atomic.LoadUint32(&s[1+n+k]); st != 0 {
		return st
	}
	return p.fillSegment(i, &s[1+n+k], m)
}

// segments appends the segments of table index i to s: the number n of
// bounds, the bounds (dates, ascending) and the answers of the n+1
// segments, segment k holding the dates from bound k (included) to bound
// k+1 (excluded), segment 0 those before the first bound; an answer is 0
// until computed, then as returned by state. The bounds are the starts
// and ends of the code's records, their breaks (breaksOf) and the day
// after the target date: within a segment the same record of the code is
// in force, or none, and its translation is the same.
func (p *resultPool) segments(s []uint32, i int, sc *segScratch) []uint32 {
	set := sc.set
	clear(set)
	set[p.to.AddDays(1)] = true
	for _, r := range p.reg.CodeRecords(indexOf(p.reg).codes[i]) {
		set[r.From] = true
		if r.To != 0 {
			set[r.To] = true
		}
		p.breaksOf(r, sc)
	}
	bounds := sc.bounds[:0]
	for d := range set {
		bounds = append(bounds, d)
	}
	slices.Sort(bounds)
	sc.bounds = bounds
	s = append(s, uint32(len(bounds)))
	for _, d := range bounds {
		s = append(s, uint32(int32(d)))
	}
	return append(s, make([]uint32, len(bounds)+1)...)
}

// fillSegment computes the answer of table index i in the segment of
// the date of mapper m and stores it at st.
func (p *resultPool) fillSegment(i int, st *uint32, m *Mapper) uint32 {
	v := uint32(1)
	if m.from <= p.to {
		c := indexOf(p.reg).codes[i]
		if info := p.reg.Identify(c, m.from); info.Class == quhua.ClassDivision {
			res := m.translate(info.Record, m.from)
			res.Value = c.String()
			res.id = i + 1
			p.mu.Lock()
			res = p.intern(res)
			p.mu.Unlock()
			v = uint32(res.rid) + 1
		}
	}
	if atomic.CompareAndSwapUint32(st, 0, v) {
		return v
	}
	return atomic.LoadUint32(st)
}

// intern returns the pooled result equal to res (same table slot, same
// outcome and wording), storing and numbering res if there is none. The
// vintage is not part of a result's identity here: a mapper reports its
// own date. The caller holds p.mu.
func (p *resultPool) intern(res *Result) *Result {
	b := strconv.AppendInt(p.key[:0], int64(res.id), 10)
	for _, f := range []string{string(res.Relation), res.Codes, res.Names, res.Note} {
		b = append(append(b, 0), f...)
	}
	if res.Source != nil {
		b = strconv.AppendInt(append(b, 0), int64(res.Source.ID), 10)
	}
	for _, cs := range [][]Candidate{res.Main, res.Extra} {
		b = append(b, 0)
		for _, c := range cs {
			b = strconv.AppendInt(append(b, ';'), int64(c.Record.ID), 10)
			b = strconv.AppendInt(append(b, '/'), int64(c.Group.ID), 10)
			b = strconv.AppendInt(append(b, '/'), int64(c.Relation), 10)
			b = strconv.AppendBool(append(b, '/'), c.Partial)
		}
	}
	p.key = b
	if x, ok := p.byKey[string(b)]; ok {
		return x
	}
	p.byKey[string(b)] = res
	p.list = append(p.list, res)
	res.rid = len(p.list)
	return res
}

// get returns the pooled result of number rid-1.
func (p *resultPool) get(rid int) *Result {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.list[rid-1]
}

// suffix returns the rendered added fields of the pooled result res in
// the run's output form.
func (p *resultPool) suffix(ru *run, res *Result) []byte {
	k := renderKey{ru.out, ru.o.Prefix, ru.o.FromAuto, ru.raw}
	p.mu.Lock()
	defer p.mu.Unlock()
	s := p.rendered[k]
	if len(s) < len(p.list) {
		s = append(s, make([][]byte, len(p.list)-len(s))...)
		p.rendered[k] = s
	}
	if s[res.rid-1] == nil {
		s[res.rid-1] = ru.render(nil, res, "", "", nil)
	}
	return s[res.rid-1]
}

// breaksOf adds to set the dates, after r's start and up to its last day
// or the target date, at which the translation of r read on that date
// can differ from its translation read the day before. The
// translation (quhua.Registry.TranslateRecord) compares its source date
// only with the dates of the links it follows or weighs and with the
// start and end of the records it visits: forward, the records reached
// from r by successor links after r's start (their links in both
// directions count: lost and gained area), and the records reached from
// those by predecessor links after r's start (the closure that finds
// what else a target covers, whose records it asks whether they were in
// force). Between two consecutive such dates every comparison, and so the
// answer, is the same.
func (p *resultPool) breaksOf(r *quhua.Record, sc *segScratch) {
	set := sc.set
	lo, hi := r.From, p.to
	if r.To != 0 && r.To.AddDays(-1) < hi {
		hi = r.To.AddDays(-1)
	}
	add := func(d quhua.Date) {
		if d > lo && d <= hi {
			set[d] = true
		}
	}
	// Forward: the records the walks can reach.
	fwd := sc.fwd
	clear(fwd)
	fwd[r] = true
	stack := append(sc.stack[:0], r)
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		for _, l := range x.Successors() {
			if d := l.Event.Date; d > lo && d <= p.to && !fwd[l.To] {
				fwd[l.To] = true
				stack = append(stack, l.To)
			}
		}
	}
	// Backward from each of them: the closures.
	seen := sc.seen
	clear(seen)
	for x := range fwd {
		seen[x] = true
		stack = append(stack, x)
	}
	for len(stack) > 0 {
		x := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		add(x.From)
		add(x.To)
		for _, l := range x.Successors() {
			add(l.Event.Date)
		}
		for _, l := range x.Predecessors() {
			d := l.Event.Date
			add(d)
			if d > lo && d <= p.to && !seen[l.From] {
				seen[l.From] = true
				stack = append(stack, l.From)
			}
		}
	}
	sc.stack = stack
}

type renderKey struct {
	out    Format
	prefix string
	auto   bool
	raw    bool
}

// rendered returns the added fields of every result of the table in the
// run's output format, rendered once per mapper (nil for a pooled mapper,
// whose results are rendered by the pool).
func (m *Mapper) rendered(ru *run) [][]byte {
	if m.pool != nil {
		return nil // filled on demand: see resultPool.suffix
	}
	k := renderKey{ru.out, ru.o.Prefix, ru.o.FromAuto, ru.raw}
	m.mu.Lock()
	defer m.mu.Unlock()
	if s, ok := m.suffixes[k]; ok {
		return s
	}
	s := make([][]byte, len(m.results))
	for i, res := range m.results {
		if res == nil {
			continue
		}
		s[i] = ru.render(nil, res, "", "", nil)
	}
	if m.suffixes == nil {
		m.suffixes = map[renderKey][][]byte{}
	}
	m.suffixes[k] = s
	return s
}

// MapperOptions configure a Mapper.
type MapperOptions struct {
	// From is the date the input's codes are valid on; ignored with
	// FromAuto.
	From quhua.Date
	// FromAuto reads each code at the latest date it was in force.
	FromAuto bool
	// To is the target date; zero means the registry's latest state.
	To quhua.Date
	// Level is the aggregation level (county: the targets themselves).
	Level quhua.Level
	// ByName reads the column as names instead of codes.
	ByName bool
}

// NewMapper precomputes the translation of every code that can be in force
// at the source date.
func NewMapper(reg *quhua.Registry, o MapperOptions) *Mapper { return newMapper(reg, o, nil) }

func newMapper(reg *quhua.Registry, o MapperOptions, pool *resultPool) *Mapper {
	if o.To == 0 {
		o.To = reg.Latest()
	}
	if o.Level == 0 {
		o.Level = quhua.County
	}
	ci := indexOf(reg)
	m := &Mapper{reg: reg, from: o.From, auto: o.FromAuto, to: o.To, level: o.Level, byName: o.ByName,
		table: ci.table, pool: pool}
	if pool != nil {
		return m
	}
	m.results = make([]*Result, len(ci.codes))
	for i, c := range ci.codes {
		var res *Result
		if m.auto {
			rs := reg.CodeRecords(c)
			res = m.translate(rs[len(rs)-1], lastDay(rs[len(rs)-1], m.to))
		} else {
			res = m.code(c, m.from)
		}
		res.Value = c.String()
		res.id = i + 1
		m.results[i] = res
	}
	return m
}

// slot returns the slot of table index i of a pooled mapper (see
// Mapper.slots), computing it on first use.
func (m *Mapper) slot(i int) uint32 {
	m.slotsOnce.Do(func() { m.slots = make([]atomic.Uint32, len(indexOf(m.reg).codes)) })
	if s := m.slots[i].Load(); s != 0 {
		return s
	}
	s := uint32(1)
	if res := m.fill(i); res != nil {
		s = uint32(res.rid) + 1
	}
	m.slots[i].Store(s)
	return s
}

// fill computes the pooled result of table index i on the mapper's date,
// nil for a code that is not a division in force then (rare in a panel's
// rows of that date: looked up on a miss).
func (m *Mapper) fill(i int) *Result {
	p := m.pool
	if st := p.state(i, m); st > 1 {
		return p.get(int(st) - 1)
	}
	if m.from <= m.to {
		return nil
	}
	// After the target date: no segment is shared.
	c := indexOf(m.reg).codes[i]
	info := m.reg.Identify(c, m.from)
	if info.Class != quhua.ClassDivision {
		return nil
	}
	res := m.translate(info.Record, m.from)
	res.Value = c.String()
	res.id = i + 1
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.intern(res)
}

// result returns the result of table index i, nil if there is none
// (looked up on a miss).
func (m *Mapper) result(i int) *Result {
	if m.pool == nil {
		return m.results[i]
	}
	if s := m.slot(i); s > 1 {
		return m.pool.get(int(s) - 1)
	}
	return nil
}

// size is the number of table indexes.
func (m *Mapper) size() int {
	if m.pool != nil {
		return len(indexOf(m.reg).codes)
	}
	return len(m.results)
}

// codeIndex numbers the distinct codes of a registry: a dense table from
// a 6-digit code to its number + 1 (0: not a code of the registry), shared
// by every Mapper of the registry.
type codeIndex struct {
	table []uint32
	codes []quhua.Code
}

var codeIndexes sync.Map // *quhua.Registry → *codeIndex

func indexOf(reg *quhua.Registry) *codeIndex {
	if ci, ok := codeIndexes.Load(reg); ok {
		return ci.(*codeIndex)
	}
	ci := &codeIndex{table: make([]uint32, 1000000)}
	for _, r := range reg.Records() {
		if r.Code.Township() {
			break // 9-digit codes sort last; the mapper works at county level and above
		}
		if ci.table[r.Code] == 0 {
			ci.codes = append(ci.codes, r.Code)
			ci.table[r.Code] = uint32(len(ci.codes))
		}
	}
	actual, _ := codeIndexes.LoadOrStore(reg, ci)
	return actual.(*codeIndex)
}

// maxMappers bounds the mappers kept: one per source date of a run
// (see Options.FromColumn), and a few across runs.
const maxMappers = 64

type mapperKey struct {
	reg *quhua.Registry
	o   MapperOptions
}

var (
	mapperMu    sync.Mutex
	mapperCache = map[mapperKey]*Mapper{}
	pools       = map[mapperKey]*resultPool{}
)

// cachedMapper returns a Mapper for the options, reusing one built
// earlier in the process (a Mapper is immutable); a few are kept.
func cachedMapper(reg *quhua.Registry, o MapperOptions) *Mapper {
	k := mapperKey{reg, o}
	mapperMu.Lock()
	m, ok := mapperCache[k]
	mapperMu.Unlock()
	if ok {
		return m
	}
	var pool *resultPool
	if !o.FromAuto {
		// The mappers of one target share their results.
		pk := o
		pk.From = 0
		if pk.To == 0 {
			pk.To = reg.Latest()
		}
		mapperMu.Lock()
		if pool = pools[mapperKey{reg, pk}]; pool == nil {
			pool = newResultPool(reg, pk.To)
			pools[mapperKey{reg, pk}] = pool
		}
		mapperMu.Unlock()
	}
	m = newMapper(reg, o, pool)
	mapperMu.Lock()
	if len(mapperCache) >= maxMappers {
		clear(mapperCache)
		clear(pools)
	}
	mapperCache[k] = m
	mapperMu.Unlock()
	return m
}

// lastDay is the last day a record was in force, or at for a current one.
func lastDay(r *quhua.Record, at quhua.Date) quhua.Date {
	if r.To == 0 {
		return at
	}
	return r.To.AddDays(-1)
}

// To returns the target date.
func (m *Mapper) To() quhua.Date { return m.to }

// Code returns the result for a 6-digit code, or a 9-digit township code
// of a registry with the township level. Codes of the registry come
// from the precomputed table; others are classified with Registry.Identify.
func (m *Mapper) Code(c quhua.Code) *Result {
	if int(c) < len(m.table) {
		if i := m.table[c]; i != 0 {
			if res := m.result(int(i - 1)); res != nil {
				return res
			}
		}
	}
	if m.auto && c.Township() {
		// Township codes are not in the table: read at the latest date
		// they were in force, as the table does for the others.
		if rs := m.reg.CodeRecords(c); len(rs) > 0 {
			last := rs[len(rs)-1]
			return m.translate(last, lastDay(last, m.to))
		}
	}
	if m.auto {
		res := m.code(c, m.to)
		if res.Relation == Unknown && c.ProvinceGoverned() {
			if r2 := m.code(c, quhua.EndOfYear(1994)); r2.Relation != Unknown {
				return r2
			}
		}
		return res
	}
	return m.code(c, m.from)
}

// code classifies c on date at and translates it.
func (m *Mapper) code(c quhua.Code, at quhua.Date) *Result {
	info := m.reg.Identify(c, at)
	switch info.Class {
	case quhua.ClassDivision:
		return m.translate(info.Record, at)
	case quhua.ClassRawVariant:
		res := m.translate(info.Record, at)
		if res.Relation == Exact || res.Relation == Renamed {
			res.Relation = Recoded
		}
		res.Note = joinNote(info.Note, res.Note)
		return res
	case quhua.ClassPlaceholder, quhua.ClassStatistical:
		rel := Placeholder
		if info.Class == quhua.ClassStatistical {
			rel = Statistical
		}
		res := &Result{Relation: rel, Vintage: at, Note: info.Note}
		if info.Record != nil {
			t := m.reg.TranslateRecord(info.Record, at, m.to)
			res.Main, res.Extra = m.candidates(t)
			res.Note = joinNote(info.Note, "target is the division it lies in")
		}
		res.finish()
		return res
	case quhua.ClassNotInForce:
		res := &Result{Relation: Unknown, Vintage: at, Note: info.Note}
		if !m.auto {
			res.Note += "; to read each code at the latest date it was in force, use --from auto"
		}
		res.finish()
		return res
	}
	res := &Result{Relation: Unknown, Note: info.Note}
	res.finish()
	return res
}

// translate carries record r, read on date at, to the target date.
func (m *Mapper) translate(r *quhua.Record, at quhua.Date) *Result {
	t := m.reg.TranslateRecord(r, at, m.to)
	res := &Result{Relation: Relation(t.Status()), Source: r, Vintage: at}
	res.Main, res.Extra = m.candidates(t)
	for _, x := range t.Targets {
		if x.Certainty.Certainty > res.Certainty.Certainty {
			res.Certainty = x.Certainty
		}
	}
	res.Note = describe(res, t)
	res.finish()
	return res
}

func (m *Mapper) candidates(t *quhua.Translation) (main, extra []Candidate) {
	v := m.reg.At(m.to)
	for _, x := range t.Targets {
		c := Candidate{Record: x.Record, Relation: x.Relation, Partial: x.Partial, Group: x.Record}
		if m.level < x.Record.Level() {
			if d, ok := v.Lookup(x.Record.Code); ok {
				for _, p := range d.Path() {
					if p.Level() == m.level {
						c.Group = p
						break
					}
				}
			}
		}
		if x.Partial {
			extra = append(extra, c)
		} else {
			main = append(main, c)
		}
	}
	return main, extra
}

func (res *Result) finish() {
	var codes, names []string
	for _, c := range res.Main {
		codes = append(codes, c.Record.Code.String())
		names = append(names, c.Record.Name)
	}
	res.Codes = strings.Join(codes, ";")
	res.Names = strings.Join(names, ";")
}

func joinNote(a, b string) string {
	switch {
	case a == "":
		return b
	case b == "":
		return a
	}
	return a + "; " + b
}

// describe writes the note of a translated result: what happened, when,
// and every candidate when there is more than one.
func describe(res *Result, t *quhua.Translation) string {
	var b strings.Builder
	src := t.Source
	var dates []string
	for _, x := range t.Targets {
		for _, e := range x.Events {
			d := e.When()
			if len(dates) == 0 || dates[len(dates)-1] != d {
				dates = append(dates, d)
			}
		}
	}
	sort.Strings(dates)
	dates = compact(dates)
	when := ""
	if len(dates) > 0 {
		when = " (" + strings.Join(dates, ", ") + ")"
	}
	switch res.Relation {
	case Exact:
	case Renamed, Recoded:
		fmt.Fprintf(&b, "%s %s → %s %s%s", src.Code, src.Name, res.Main[0].Record.Code, res.Main[0].Record.Name, when)
	case Merged:
		fmt.Fprintf(&b, "%s %s merged into %s %s%s", src.Code, src.Name, res.Main[0].Record.Code, res.Main[0].Record.Name, when)
	case Split, Partial:
		fmt.Fprintf(&b, "%s %s went to %d divisions%s: ", src.Code, src.Name, len(res.Main), when)
		for i, c := range res.Main {
			if i > 0 {
				b.WriteString("; ")
			}
			fmt.Fprintf(&b, "%s %s (%s)", c.Record.Code, c.Record.Name, c.Relation.Describe())
		}
	case Abolished:
		fmt.Fprintf(&b, "%s %s was abolished with no successor%s", src.Code, src.Name, when)
	}
	if len(res.Extra) > 0 {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		b.WriteString("part of the area also went to ")
		for i, c := range res.Extra {
			if i > 0 {
				b.WriteString(", ")
			}
			fmt.Fprintf(&b, "%s %s", c.Record.Code, c.Record.Name)
		}
	}
	if c := res.Certainty; c.Certainty != quhua.Official {
		if b.Len() > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s: %s (%s)", c.Certainty, c.Reason, c.Source)
	}
	return b.String()
}

func compact(s []string) []string {
	out := s[:0]
	for i, x := range s {
		if i == 0 || x != s[i-1] {
			out = append(out, x)
		}
	}
	return out
}

// Name returns the result for a division name: a full or short name, a
// path of names, or a historical name.
func (m *Mapper) Name(name string) *Result {
	name = strings.TrimSpace(name)
	if name == "" {
		return &Result{Relation: Unknown, Note: "empty value"}
	}
	if !m.auto {
		ds := m.reg.At(m.from).Find(name)
		switch len(ds) {
		case 0:
			res := &Result{Relation: Unknown, Vintage: m.from, Note: fmt.Sprintf("%q is not the name of a division in force on %s", name, m.from)}
			if rs := m.reg.FindAll(name); len(rs) > 0 {
				res.Note += "; to read names at the latest date they were in force, use --from auto"
			}
			return res
		case 1:
			return m.translate(ds[0].Record, m.from)
		}
		return ambiguous(name, m.from, recordsOf(ds))
	}
	// Current names first, then every record that ever had the name; the
	// latest record of each distinct chain.
	if ds := m.reg.At(m.to).Find(name); len(ds) == 1 {
		return m.translate(ds[0].Record, m.to)
	}
	rs := m.reg.FindAll(name)
	if len(rs) == 0 {
		if ds := m.reg.At(m.to).Find(name); len(ds) > 1 {
			return ambiguous(name, m.to, recordsOf(ds))
		}
		return &Result{Relation: Unknown, Note: fmt.Sprintf("%q is not the name of a division at any date", name)}
	}
	var latest []*quhua.Record
	for _, r := range rs {
		dup := false
		for i, l := range latest {
			if sameChain(l, r) {
				dup = true
				if r.From > l.From {
					latest[i] = r
				}
			}
		}
		if !dup {
			latest = append(latest, r)
		}
	}
	if len(latest) == 1 {
		return m.translate(latest[0], lastDay(latest[0], m.to))
	}
	return ambiguous(name, 0, latest)
}

func recordsOf(ds []quhua.Division) []*quhua.Record {
	out := make([]*quhua.Record, len(ds))
	for i, d := range ds {
		out[i] = d.Record
	}
	return out
}

func sameChain(a, b *quhua.Record) bool {
	for _, x := range a.Chain() {
		if x == b {
			return true
		}
	}
	return false
}

func ambiguous(name string, at quhua.Date, rs []*quhua.Record) *Result {
	var b strings.Builder
	fmt.Fprintf(&b, "%q denotes %d divisions: ", name, len(rs))
	for i, r := range rs {
		if i > 0 {
			b.WriteString("; ")
		}
		fmt.Fprintf(&b, "%s %s %s", r.Code, r.Name, r.Interval())
	}
	b.WriteString("; give a path (e.g. province and city) or a code")
	res := &Result{Relation: Ambiguous, Vintage: at, Note: b.String()}
	var codes []string
	for _, r := range rs {
		codes = append(codes, r.Code.String())
	}
	res.Codes = strings.Join(codes, ";")
	return res
}
