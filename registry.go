package quhua

import (
	"cmp"
	_ "embed"
	"fmt"
	"io"
	"slices"
	"sort"
	"sync"

	"github.com/quhua/quhua/internal/levels"
	"github.com/quhua/quhua/snapshot"
)

//go:generate go run ./build/gensnapshot -data data/areacodes -corrections data/corrections.txt -release data/RELEASE -changes data/changes -out snapshot.bin

//go:embed snapshot.bin
var embedded []byte

// Registry holds every division record with its validity interval, the
// change events and the lineage links between records. A Registry is
// immutable and safe for concurrent use.
type Registry struct {
	data    *snapshot.Data
	records []Record
	events  []Event
	links   []Link
	// byName and byShort index the records of county level and above
	// by full and by short name, built on first use (countyNames).
	cnOnce    sync.Once
	byName    map[string][]*Record
	byShort   map[string][]*Record
	sorted    []*Record // by code, then From
	opsOnce   []sync.Once
	ops       [][]Operation // by event ID, computed on first use
	firstYear int
	lastYear  int
	version   string
	upstream  string
	pyOnce    sync.Once
	py        *pinyinIndex
	townships bool // holds township-level records
	// Township records (sorted[townFirst:], at the end since their codes
	// are the largest) are not in byName: the name index including
	// townships is built on the first query by name.
	townFirst int
	// codes finds a code's records (codeRecords).
	codes codeTable
	// countyByCode is sorted[:townFirst], or if a county-level record
	// has a code system other than Statistics (which only townships
	// have), those records ordered by code and From alone.
	countyByCode []*Record
	namesOnce    sync.Once
	allNames     map[string][]*Record
	marks        map[markKey]Assessment // the snapshot's certainty marks
	// counterparts indexes township records by their other system's
	// code, built on first use (township_fields.go).
	cpOnce       sync.Once
	counterparts map[Code][]*Record
	// townShort indexes township records by short name (township_short.go).
	tsOnce    sync.Once
	townShort map[string][]*Record
	// The links from and to each record (Successors, Predecessors):
	// record i's are linkOut[outAt[i]:outAt[i+1]], and likewise for
	// linkIn, in link order.
	linkOut, linkIn []*Link
	outAt, inAt     []int32
}

// Record is one code with one name over one validity interval [From, To).
// A division that is renamed, recoded or moved to another parent gets a new
// Record; the records are linked by the event that made the change.
type Record struct {
	ID   int
	Code Code
	Kind Kind
	// FromPrec and ToPrec are the precisions of From and To (kept next to
	// Kind, where they take no room of their own).
	FromPrec Precision
	ToPrec   Precision
	Name     string
	From     Date   // first day in force; zero: since before the first list
	To       Date   // first day no longer in force; zero: in force now
	Created  *Event // nil for records of the first list
	Retired  *Event // nil while in force
	reg      *Registry

	// Township-level fields (township_fields.go).
	TownshipFields
}

// Registry returns the registry the record belongs to.
func (r *Record) Registry() *Registry { return r.reg }

// Level returns the record's level, from its code.
func (r *Record) Level() Level { return LevelOf(r.Code) }

// InForce reports whether the record is in force on date d.
func (r *Record) InForce(d Date) bool {
	return r.From <= d && (r.To == 0 || d < r.To)
}

// Current reports whether the record is in force today (has no end).
func (r *Record) Current() bool { return r.To == 0 }

// lastDay returns the last day the record was in force, today if it is.
func (r *Record) lastDay() Date {
	if r.To == 0 {
		return Today()
	}
	return r.To.AddDays(-1)
}

// Successors returns the links from this record to records after it.
func (r *Record) Successors() []*Link {
	reg := r.reg
	if reg == nil {
		return nil
	}
	a, b := reg.outAt[r.ID], reg.outAt[r.ID+1]
	return reg.linkOut[a:b:b]
}

// Predecessors returns the links from records before it to this record.
func (r *Record) Predecessors() []*Link {
	reg := r.reg
	if reg == nil {
		return nil
	}
	a, b := reg.inAt[r.ID], reg.inAt[r.ID+1]
	return reg.linkIn[a:b:b]
}

// firstTownshipList is the cut-off date of the first township list (the
// statistics bureau's 2015 edition): township records with no start date
// were in force on it.
const firstTownshipList Date = 20150930

// lastTownshipList is the cut-off date of the last township list (the
// 2023 edition; the bureau published none after it): the township level
// is complete through it (TownshipHorizon).
const lastTownshipList Date = 20230630

// FirstYear is the first yearly list in which the record appears.
func (r *Record) FirstYear() int {
	if r.From == 0 && r.Code.Township() {
		return firstTownshipList.Year()
	}
	if r.From == 0 {
		return r.reg.firstYear
	}
	return r.From.Year()
}

// EndYear is the first yearly list in which the record no longer appears,
// or 0 while it is in force.
func (r *Record) EndYear() int {
	if r.To == 0 {
		return 0
	}
	return r.To.Year()
}

// Interval formats the validity interval, e.g. "1990–2020-06-05". A
// start before the first list is "≤1981" (in force then, earlier not
// known), for a township "≤2015-09-30", or "…" for a township known only
// from a document dated before its first list ("…–2014").
func (r *Record) Interval() string {
	from := r.From.Format(r.FromPrec)
	if r.FromPrec == Interval && r.Created != nil {
		from = "(" + r.Created.When() + ")"
	}
	if r.From == 0 {
		from = fmt.Sprintf("≤%d", r.reg.firstYear)
		if r.Code.Township() {
			from = "≤" + firstTownshipList.String()
			if r.To != 0 && r.To <= firstTownshipList {
				// Known only from a document dated before the first
				// township list: when it began is not known ("…").
				from = "…"
			}
		}
	}
	to := r.To.Format(r.ToPrec)
	if r.ToPrec == Interval && r.Retired != nil {
		to = "(" + r.Retired.When() + ")"
	}
	return from + "–" + to
}

func (r *Record) String() string { return r.Code.String() + " " + r.Name }

// Event is one change to the registry: its effective date, the documents
// that decided it and the links it made.
type Event struct {
	ID int
	// Date is the effective date. With Precision Year it is 31 December,
	// the upstream lists' convention, and the day is not known.
	Date      Date
	Precision Precision
	// Year is the yearly list in which the change first shows.
	Year      int
	Documents []Document
	// Ref cites where the event is stated, e.g. "diff/2019-2020.diff:31".
	Ref string
	// Authored is true for changes applied through the change workflow.
	Authored bool
	Links    []*Link
	Created  []*Record
	Retired  []*Record
	reg      *Registry

	// After starts the interval of a date of precision Interval: the
	// change happened after After and by Date. Zero otherwise.
	After Date
	// Unconfirmed: the change rests on one unofficial source (Ref names
	// it), not on a document or an official list.
	Unconfirmed bool
}

// Document is a decision: its number (文号), title, date and source.
type Document struct {
	Number    string
	Title     string
	Date      Date // zero if the document gives none
	Precision Precision
	Source    string
}

// Link says that area of one record went to another in an event.
type Link struct {
	From, To *Record
	Event    *Event
	// Transfer: the source stayed in force and gave only part of its area
	// (or a new unit was carved out of it).
	Transfer bool
	// Unconfirmed: no official notice confirms this link.
	Unconfirmed bool
	// Derived: a prefecture- or province-level link derived from the links
	// of its children, or a township-level link derived from its county's
	// event (the county was recoded, its townships' codes followed).
	Derived bool
	// OwnArea: the link concerns a parent's own territory outside its
	// children.
	OwnArea bool
	// Implied: the upstream files do not state the link; quhua's
	// corrections file implies it, with its source.
	Implied bool
	id      int // index in the snapshot's links
	// Inferred: a township-level link no document states, inferred from
	// consecutive editions of the township lists; the event's Ref gives
	// the evidence.
	Inferred bool
}

// SourceEnds reports whether the link's source record ends in this event.
func (l *Link) SourceEnds() bool { return l.From.Retired == l.Event }

// TargetStarts reports whether the link's target record starts in this event.
func (l *Link) TargetStarts() bool { return l.To.Created == l.Event }

var (
	defaultOnce sync.Once
	defaultReg  *Registry
	defaultErr  error
)

// Default returns the registry built from the snapshot embedded in this
// package. It is decoded once, on first use. It panics only if the embedded
// snapshot is corrupt, which the package's tests rule out.
//
// A program that imports package github.com/quhua/quhua/township gets the
// township level in the default registry too; one that does not, pays
// nothing for it.
func Default() *Registry {
	defaultOnce.Do(func() {
		d, err := snapshot.DecodeReadOnly(embedded)
		if err == nil && levels.Township != nil {
			var t *snapshot.Data
			if t, err = levels.Township(); err == nil {
				d, err = snapshot.Merge(d, t)
			}
		}
		if err != nil {
			defaultErr = err
			return
		}
		defaultReg, defaultErr = Build(d)
	})
	if defaultErr != nil {
		panic("quhua: embedded snapshot: " + defaultErr.Error())
	}
	return defaultReg
}

// Load reads a registry from a snapshot written by the generator, for
// programs that bring newer data than the embedded copy.
func Load(r io.Reader) (*Registry, error) {
	b, err := io.ReadAll(r)
	if err != nil {
		return nil, err
	}
	return decode(b)
}

// Snapshot returns the registry's compiled data in the embedded snapshot's
// binary form.
func (reg *Registry) Snapshot() []byte { return snapshot.Encode(reg.data) }

func decode(b []byte) (*Registry, error) {
	d, err := snapshot.Decode(b) // Decode copies what it keeps
	if err != nil {
		return nil, err
	}
	return Build(d)
}

// Build makes a registry from compiled data. It is used by the loader and
// by the change workflow, which appends authored events to the embedded
// data.
func Build(d *snapshot.Data) (*Registry, error) {
	if err := d.Check(); err != nil {
		return nil, err
	}
	nCounty := 0 // records of county level and above, which the maps index
	for i := range d.Records {
		if !Code(d.Records[i].Code).Township() {
			nCounty++
		}
	}
	reg := &Registry{
		data:      d,
		records:   make([]Record, len(d.Records)),
		events:    make([]Event, len(d.Events)),
		links:     make([]Link, len(d.Links)),
		firstYear: d.FirstYear,
		lastYear:  d.LastYear,
		version:   d.DataVersion,
		upstream:  d.UpstreamCommit,
		sorted:    make([]*Record, len(d.Records)),
		opsOnce:   make([]sync.Once, len(d.Events)),
		ops:       make([][]Operation, len(d.Events)),
	}
	// Documents, and each event's created and retired records, share
	// backing arrays sized from one count.
	nDocs := 0
	nCreated := make([]int, len(d.Events))
	nRetired := make([]int, len(d.Events))
	for _, e := range d.Events {
		nDocs += len(e.Docs)
	}
	created, retired := 0, 0 // records with an event that starts or ends them
	for i := range d.Records {
		r := &d.Records[i]
		if r.FromEvent >= 0 {
			nCreated[r.FromEvent]++
			created++
		}
		if r.ToEvent >= 0 {
			nRetired[r.ToEvent]++
			retired++
		}
	}
	docBuf := make([]Document, nDocs)
	createdBuf := make([]*Record, 0, created)
	retiredBuf := make([]*Record, 0, retired)
	for i, e := range d.Events {
		ev := &reg.events[i]
		*ev = Event{ID: i, Date: Date(e.Date), Precision: Precision(e.Prec), Year: int(e.Year), Ref: e.Ref, Authored: e.Authored, reg: reg,
			After: Date(e.After), Unconfirmed: e.Unconfirmed}
		ev.Documents, docBuf = docBuf[:len(e.Docs):len(e.Docs)], docBuf[len(e.Docs):]
		for j, doc := range e.Docs {
			ev.Documents[j] = Document{Number: doc.Number, Title: doc.Title, Date: Date(doc.Date), Precision: Precision(doc.Prec), Source: doc.Source}
		}
		ev.Created, createdBuf = createdBuf[:0:nCreated[i]], createdBuf[nCreated[i]:nCreated[i]:cap(createdBuf)]
		ev.Retired, retiredBuf = retiredBuf[:0:nRetired[i]], retiredBuf[nRetired[i]:nRetired[i]:cap(retiredBuf)]
	}
	for i := range d.Records {
		// Field by field into the zeroed record: a composite literal
		// would be built aside and copied.
		r, rec := &d.Records[i], &reg.records[i]
		rec.ID, rec.Code, rec.Name, rec.Kind = i, Code(r.Code), r.Name, Kind(r.Kind)
		rec.From, rec.FromPrec, rec.To, rec.ToPrec = Date(r.From), Precision(r.FromPrec), Date(r.To), Precision(r.ToPrec)
		rec.reg = reg
		if r.TownshipRecord != (snapshot.TownshipRecord{}) {
			rec.TownshipFields = townshipFields(r.TownshipRecord)
		}
		if r.FromEvent >= 0 {
			rec.Created = &reg.events[r.FromEvent]
			rec.Created.Created = append(rec.Created.Created, rec)
		}
		if r.ToEvent >= 0 {
			rec.Retired = &reg.events[r.ToEvent]
			rec.Retired.Retired = append(rec.Retired.Retired, rec)
		}
		reg.sorted[i] = rec
		if rec.Code.Township() {
			reg.townships = true
		}
	}
	// Each record's link lists and each event's are runs of three shared
	// arrays, sized from one count.
	n := len(d.Records)
	reg.outAt = make([]int32, n+1)
	reg.inAt = make([]int32, n+1)
	nEv := make([]int32, len(d.Events))
	for _, l := range d.Links {
		reg.outAt[l.From+1]++
		reg.inAt[l.To+1]++
		nEv[l.Event]++
	}
	for i := 1; i <= n; i++ {
		reg.outAt[i] += reg.outAt[i-1]
		reg.inAt[i] += reg.inAt[i-1]
	}
	reg.linkOut = make([]*Link, len(d.Links))
	reg.linkIn = make([]*Link, len(d.Links))
	evBuf := make([]*Link, 0, len(d.Links))
	for i := range reg.events {
		e := &reg.events[i]
		e.Links, evBuf = evBuf[:0:nEv[i]], evBuf[nEv[i]:nEv[i]:cap(evBuf)]
	}
	// outAt[i] and inAt[i] serve as record i's cursors, and end as the
	// start of record i+1's run; shifted back one place below.
	for i, l := range d.Links {
		lk := &reg.links[i]
		*lk = Link{id: i, From: &reg.records[l.From], To: &reg.records[l.To], Event: &reg.events[l.Event],
			Transfer: l.Flags&snapshot.Transfer != 0, Unconfirmed: l.Flags&snapshot.Unconfirmed != 0,
			Derived: l.Flags&snapshot.Derived != 0, OwnArea: l.Flags&snapshot.OwnArea != 0, Implied: l.Flags&snapshot.Implied != 0,
			Inferred: l.Flags&snapshot.Inferred != 0}
		reg.linkOut[reg.outAt[l.From]] = lk
		reg.outAt[l.From]++
		reg.linkIn[reg.inAt[l.To]] = lk
		reg.inAt[l.To]++
		lk.Event.Links = append(lk.Event.Links, lk)
	}
	copy(reg.outAt[1:], reg.outAt[:n])
	copy(reg.inAt[1:], reg.inAt[:n])
	reg.outAt[0], reg.inAt[0] = 0, 0
	if len(d.Marks) > 0 {
		reg.marks = make(map[markKey]Assessment, len(d.Marks))
		for _, m := range d.Marks {
			reg.marks[markKey{m.Of, m.Index}] = Assessment{Certainty: Certainty(m.Certainty), Reason: m.Reason, Source: m.Source}
		}
	}
	byCodeFrom := func(a, b *Record) int {
		if a.Code != b.Code {
			return int(a.Code) - int(b.Code)
		}
		if a.System != b.System { // a township's civil-affairs records after its statistics ones
			return int(a.System) - int(b.System)
		}
		if a.From != b.From {
			return int(a.From) - int(b.From)
		}
		return a.ID - b.ID
	}
	// Township codes sort after all others: the two parts sort apart (the
	// township generator writes its records sorted).
	county := reg.sorted
	if reg.townships {
		if townLast := func(a, b *Record) int { return b2i(a.Code.Township()) - b2i(b.Code.Township()) }; !slices.IsSortedFunc(county, townLast) {
			slices.SortStableFunc(county, townLast)
		}
		county = county[:nCounty]
		if town := reg.sorted[nCounty:]; !slices.IsSortedFunc(town, byCodeFrom) {
			slices.SortFunc(town, byCodeFrom)
		}
	}
	reg.sortByCode(county)
	reg.townFirst = nCounty
	// A code's county-level records in order of From (and ID), as the
	// sorted records hold them unless one has a code system of its own.
	reg.countyByCode = county
	if slices.ContainsFunc(county, func(r *Record) bool { return r.System != Statistics }) {
		reg.countyByCode = slices.Clone(county)
		slices.SortFunc(reg.countyByCode, func(a, b *Record) int {
			if a.Code != b.Code {
				return int(a.Code) - int(b.Code)
			}
			if a.From != b.From {
				return int(a.From) - int(b.From)
			}
			return a.ID - b.ID
		})
	}
	for i := 1; i < len(reg.countyByCode); i++ {
		a, b := reg.countyByCode[i-1], reg.countyByCode[i]
		if a.Code == b.Code && (a.To == 0 || b.From < a.To) {
			return nil, fmt.Errorf("%w: code %s has overlapping records %s and %s", snapshot.ErrFormat, a.Code, a.Interval(), b.Interval())
		}
	}
	for i := reg.townFirst + 1; i < len(reg.sorted); i++ {
		a, b := reg.sorted[i-1], reg.sorted[i]
		if a.Code == b.Code && a.System == b.System && (a.To == 0 || b.From < a.To) {
			return nil, fmt.Errorf("%w: code %s has overlapping records %s and %s", snapshot.ErrFormat, a.Code, a.Interval(), b.Interval())
		}
	}
	reg.codes = newCodeTable(reg.countyByCode, reg.sorted[reg.townFirst:])
	return reg, nil
}

// sortByCode sorts rs in the order of Build's byCodeFrom (code, code
// system, From, ID) through keys that hold the fields compared, which the
// sort compares without following a pointer per comparison.
func (reg *Registry) sortByCode(rs []*Record) {
	type key struct {
		code Code
		from Date
		id   int32
		sys  CodeSystem
	}
	keys := make([]key, len(rs))
	for i, r := range rs {
		keys[i] = key{r.Code, r.From, int32(r.ID), r.System}
	}
	slices.SortFunc(keys, func(a, b key) int {
		if a.code != b.code {
			return cmp.Compare(a.code, b.code)
		}
		if a.sys != b.sys {
			return cmp.Compare(a.sys, b.sys)
		}
		if a.from != b.from {
			return cmp.Compare(a.from, b.from)
		}
		return cmp.Compare(a.id, b.id)
	})
	for i, k := range keys {
		rs[i] = &reg.records[k.id]
	}
}

// codeRecords returns the records of a code, oldest first.
func (reg *Registry) codeRecords(c Code) []*Record {
	at, n := reg.codes.find(c)
	if n == 0 {
		return nil
	}
	rs := reg.sorted
	if at < reg.townFirst {
		rs = reg.countyByCode
	}
	return rs[at : at+n : at+n]
}

// codeTable maps each code to its run of records, at index at of the
// records of county level and above and then the township records, laid
// end to end. codes holds those records' codes in that order; slots is an
// open-addressing table with linear probing, at most half full, of each
// run's start in codes plus one (low 32 bits; 0: empty) and its length
// (high 32 bits). Both are built in one pass at load, without a Go map's
// per-entry cost, and hold no pointers for the collector to follow.
type codeTable struct {
	codes []Code
	slots []uint64
	shift uint8 // 32 - log2(len(slots))
}

// hash spreads the codes' digits over the table (Fibonacci hashing).
func (t *codeTable) hash(c Code) uint32 { return uint32(c) * 0x9e3779b1 >> t.shift }

// newCodeTable indexes the runs of equal codes in the records parts, each
// sorted by code, laid end to end.
func newCodeTable(parts ...[]*Record) codeTable {
	total := 0
	for _, rs := range parts {
		total += len(rs)
	}
	t := codeTable{codes: make([]Code, 0, total)}
	distinct := 0
	for _, rs := range parts {
		for i, r := range rs {
			if i == 0 || rs[i-1].Code != r.Code {
				distinct++
			}
			t.codes = append(t.codes, r.Code)
		}
	}
	bits := uint8(1)
	for 1<<bits < 2*distinct {
		bits++
	}
	t.slots, t.shift = make([]uint64, 1<<bits), 32-bits
	mask := uint32(len(t.slots) - 1)
	start := 0 // where the current part starts in codes
	for _, rs := range parts {
		codes := t.codes[start : start+len(rs)]
		for i := 0; i < len(codes); {
			j := i + 1
			for j < len(codes) && codes[j] == codes[i] {
				j++
			}
			k := t.hash(codes[i])
			for t.slots[k] != 0 {
				k = (k + 1) & mask
			}
			t.slots[k] = uint64(start+i+1) | uint64(j-i)<<32
			i = j
		}
		start += len(rs)
	}
	return t
}

// find returns where code c's records start and how many there are.
func (t *codeTable) find(c Code) (at, n int) {
	mask := uint32(len(t.slots) - 1)
	for k := t.hash(c); ; k = (k + 1) & mask {
		a := t.slots[k]
		if a == 0 {
			return 0, 0
		}
		if at := int(uint32(a) - 1); t.codes[at] == c {
			return at, int(a >> 32)
		}
	}
}

// countyNames returns the index of the records of county level and above
// by full name, built on first use with the index by short name.
func (reg *Registry) countyNames() map[string][]*Record {
	reg.cnOnce.Do(reg.indexCountyNames)
	return reg.byName
}

// shortNames returns the index of the records of county level and above by
// short name (ShortName), where it differs from the full name.
func (reg *Registry) shortNames() map[string][]*Record {
	reg.cnOnce.Do(reg.indexCountyNames)
	return reg.byShort
}

func (reg *Registry) indexCountyNames() {
	reg.byName = make(map[string][]*Record, reg.townFirst)
	reg.byShort = make(map[string][]*Record, reg.townFirst)
	for i := range reg.records {
		rec := &reg.records[i]
		if rec.Code.Township() {
			continue
		}
		reg.byName[rec.Name] = append(reg.byName[rec.Name], rec)
		if s := ShortName(rec.Name); s != rec.Name {
			reg.byShort[s] = append(reg.byShort[s], rec)
		}
	}
}

// names returns the index of full names: byName, and with the township
// level one that includes the townships, built on first use.
func (reg *Registry) names() map[string][]*Record {
	county := reg.countyNames()
	if !reg.townships {
		return county
	}
	reg.namesOnce.Do(func() {
		m := make(map[string][]*Record, len(county)+len(reg.sorted)-reg.townFirst)
		for k, v := range county {
			m[k] = v
		}
		for _, r := range reg.sorted[reg.townFirst:] {
			m[r.Name] = append(m[r.Name], r)
		}
		reg.allNames = m
	})
	return reg.allNames
}

// HasTownships reports whether the registry holds the township level (see
// package township).
func (reg *Registry) HasTownships() bool { return reg.townships }

// Version returns the data version: the year of the newest yearly list.
func (reg *Registry) Version() string { return reg.version }

// UpstreamCommit identifies the upstream data set the snapshot was built from.
func (reg *Registry) UpstreamCommit() string { return reg.upstream }

// FirstYear returns the year of the first yearly list (1981).
func (reg *Registry) FirstYear() int { return reg.firstYear }

// LastYear returns the year of the newest yearly list.
func (reg *Registry) LastYear() int { return reg.lastYear }

// Records returns every record, ordered by code and then start date.
func (reg *Registry) Records() []*Record { return reg.sorted }

// Events returns every event in date order.
func (reg *Registry) Events() []*Event {
	out := make([]*Event, len(reg.events))
	for i := range reg.events {
		out[i] = &reg.events[i]
	}
	return out
}

// Event returns the event with the given ID, or nil.
func (reg *Registry) Event(id int) *Event {
	if id < 0 || id >= len(reg.events) {
		return nil
	}
	return &reg.events[id]
}

// Record returns the record with the given ID, or nil.
func (reg *Registry) Record(id int) *Record {
	if id < 0 || id >= len(reg.records) {
		return nil
	}
	return &reg.records[id]
}

// CodeRecords returns every record that ever had the code, oldest first.
func (reg *Registry) CodeRecords(c Code) []*Record { return reg.codeRecords(c) }

// NameRecords returns every record that ever had the exact name.
func (reg *Registry) NameRecords(name string) []*Record { return reg.names()[name] }

// EventsIn returns the events with effective dates in (from, to], in date
// order.
func (reg *Registry) EventsIn(from, to Date) []*Event {
	i := sort.Search(len(reg.events), func(i int) bool { return reg.events[i].Date > from })
	var out []*Event
	for ; i < len(reg.events) && reg.events[i].Date <= to; i++ {
		out = append(out, &reg.events[i])
	}
	return out
}

// EventsOfYear returns the events that first show in the yearly list of y.
func (reg *Registry) EventsOfYear(y int) []*Event {
	var out []*Event
	for i := range reg.events {
		if reg.events[i].Year == y {
			out = append(out, &reg.events[i])
		}
	}
	return out
}

// lastEventBefore returns the index of the last event with Date <= d, or -1.
func (reg *Registry) lastEventAt(d Date) int {
	return sort.Search(len(reg.events), func(i int) bool { return reg.events[i].Date > d }) - 1
}

// Latest returns the date of the newest state the registry knows: the end
// of its last yearly list, or the latest authored event if later.
func (reg *Registry) Latest() Date {
	d := EndOfYear(reg.lastYear)
	for i := len(reg.events) - 1; i >= 0; i-- {
		// The township level's unconfirmed changes have a horizon of
		// their own (TownshipHorizon).
		if !reg.events[i].Unconfirmed {
			d = max(d, reg.events[i].Date)
			break
		}
	}
	return d
}

// Data returns the compiled data the registry was built from. The change
// workflow extends it with authored events; callers must not modify it.
func (reg *Registry) Data() *snapshot.Data { return reg.data }

func b2i(b bool) int {
	if b {
		return 1
	}
	return 0
}
