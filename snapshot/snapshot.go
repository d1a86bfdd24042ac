// Package snapshot defines the compiled form of the registry and its binary
// encoding: the bytes the generator writes and the library embeds.
//
// The encoding is a magic line, then sections of unsigned varints and
// length-prefixed strings in a fixed order. Encode is deterministic: the same
// Data always yields the same bytes, which CI relies on to prove that the
// committed snapshot is reproducible from the upstream files.
//
// The package is public because the library's API speaks of it:
// quhua.Build compiles a Data into a registry and Registry.Data returns
// one, for programs that bring newer or edited data (the change workflow
// builds its releases so). The format is versioned by Magic; Decode
// refuses another version and any malformed input with ErrFormat, naming
// what is wrong and where.
package snapshot

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"slices"
	"unsafe"
)

// Magic starts every snapshot; its last digit is the format version.
const Magic = "QUHUA-SNAPSHOT 2\n"

// Data is a compiled registry: records, change events and the lineage links
// between records.
type Data struct {
	DataVersion    string // e.g. "2024"
	UpstreamCommit string // the upstream data set's commit line
	// Note says what a user must know about the data's completeness,
	// e.g. that the newest list is provisional; empty if nothing.
	Note      string
	FirstYear int // first yearly list (1981)
	LastYear  int // last yearly list (2024)
	Records   []Record
	Events    []Event
	Links     []Link
	// Marks give records, events and links a certainty other than
	// official, each with its reason and source; a fact without a mark is
	// official. Sorted by Of, then Index; at most one mark per fact.
	Marks []Mark
}

// Certainty levels of a Mark. A fact without a mark is CertOfficial.
const (
	// CertOfficial: stated by an official list or document.
	CertOfficial uint8 = iota
	// CertProvisional: from a list the data release calls provisional (see
	// the release file), to be checked against the official list.
	CertProvisional
	// CertUnconfirmed: no official text confirms it (upstream's "!", a
	// change file's unconfirmed link, or a fact from one unofficial source).
	CertUnconfirmed
)

// What a Mark applies to.
const (
	MarkRecord uint8 = iota // Index is into Records
	MarkEvent               // Index is into Events
	MarkLink                // Index is into Links
)

// Mark gives one record, event or link a certainty other than official,
// with the reason and the source of that judgement.
//
// The marks are a section of their own at the end of the encoding, written
// only when there are any: a snapshot without marks has the same bytes as
// before the section existed.
type Mark struct {
	Of        uint8 // MarkRecord, MarkEvent or MarkLink
	Index     int32
	Certainty uint8 // CertProvisional or CertUnconfirmed
	Reason    string
	Source    string
}

// Record is one code with one name over one validity interval [From, To).
type Record struct {
	Code      uint32
	Name      string
	Kind      uint8
	From      int32 // YYYYMMDD; 0: in force since before the first list
	FromPrec  uint8
	To        int32 // YYYYMMDD; 0: still in force
	ToPrec    uint8
	FromEvent int32 // index into Events, -1 if none
	ToEvent   int32 // index into Events, -1 if none

	// Township-level fields, in their own section (township.go).
	TownshipRecord
}

// Event is one change: a date, the documents that decided it, and (through
// Links and the records' FromEvent/ToEvent) what it changed.
type Event struct {
	Date     int32 // effective date YYYYMMDD
	Prec     uint8 // precision of Date
	Year     int32 // the yearly list in which the change first shows
	Docs     []Doc
	Ref      string // where the event is stated, e.g. "diff/2019-2020.diff:31"
	Authored bool   // drafted and applied through the change workflow

	// Township-level fields, in their own section (township.go).
	TownshipEvent
}

// Doc is a document: a decision with its number (文号), title, date and
// source citation.
type Doc struct {
	Number string
	Title  string
	Date   int32 // YYYYMMDD, 0 if none given
	Prec   uint8
	Source string
}

// Link flags.
const (
	// Transfer: part of the source's area went to the target while the
	// source stayed in force (an upstream "=" line, or a new record carved
	// out of one that goes on).
	Transfer uint8 = 1 << iota
	// Unconfirmed: enabled although no official notice confirms it ("!").
	Unconfirmed
	// Derived: a prefecture- or province-level link derived from the links
	// of its children, or a township-level link derived from its county's
	// event (the county was recoded and its townships' codes followed).
	Derived
	// OwnArea: the link concerns the parent's own territory, outside its
	// children (the ".." selector).
	OwnArea
	// Implied: the upstream files do not state the link; the project's
	// corrections file implies it (e.g. the districts of 1983, carved out
	// of their city's own area).
	Implied
	// Inferred: a township-level link no document states, inferred from
	// two consecutive editions of the township lists (same code with a new
	// name, or same name and county with a new code); the event's Ref
	// gives the evidence.
	Inferred
)

// Link says that area of record From went to record To in event Event.
type Link struct {
	From, To int32
	Event    int32
	Flags    uint8
}

type encoder struct{ b []byte }

func (e *encoder) u(v uint64) { e.b = binary.AppendUvarint(e.b, v) }
func (e *encoder) i(v int64)  { e.b = binary.AppendVarint(e.b, v) }
func (e *encoder) s(v string) { e.u(uint64(len(v))); e.b = append(e.b, v...) }
func (e *encoder) bool(v bool) {
	if v {
		e.u(1)
	} else {
		e.u(0)
	}
}

// Encode returns the binary form of d.
func Encode(d *Data) []byte {
	e := &encoder{b: []byte(Magic)}
	e.s(d.DataVersion)
	e.s(d.UpstreamCommit)
	e.s(d.Note)
	e.u(uint64(d.FirstYear))
	e.u(uint64(d.LastYear))
	e.u(uint64(len(d.Records)))
	for _, r := range d.Records {
		e.u(uint64(r.Code))
		e.s(r.Name)
		e.u(uint64(r.Kind))
		e.i(int64(r.From))
		e.u(uint64(r.FromPrec))
		e.i(int64(r.To))
		e.u(uint64(r.ToPrec))
		e.i(int64(r.FromEvent))
		e.i(int64(r.ToEvent))
	}
	e.u(uint64(len(d.Events)))
	for _, v := range d.Events {
		e.i(int64(v.Date))
		e.u(uint64(v.Prec))
		e.i(int64(v.Year))
		e.u(uint64(len(v.Docs)))
		for _, doc := range v.Docs {
			e.s(doc.Number)
			e.s(doc.Title)
			e.i(int64(doc.Date))
			e.u(uint64(doc.Prec))
			e.s(doc.Source)
		}
		e.s(v.Ref)
		e.bool(v.Authored)
	}
	e.u(uint64(len(d.Links)))
	for _, l := range d.Links {
		e.u(uint64(l.From))
		e.u(uint64(l.To))
		e.u(uint64(l.Event))
		e.u(uint64(l.Flags))
	}
	// Optional sections, each opened by its tag string, in this order;
	// a snapshot without their data has none of their bytes.
	encodeTownship(e, d)
	if len(d.Marks) > 0 {
		e.s(marksTag)
		e.u(uint64(len(d.Marks)))
		for _, m := range d.Marks {
			e.u(uint64(m.Of))
			e.u(uint64(m.Index))
			e.u(uint64(m.Certainty))
			e.s(m.Reason)
			e.s(m.Source)
		}
	}
	return e.b
}

// ErrFormat is wrapped by every decoding error.
var ErrFormat = errors.New("malformed snapshot")

type decoder struct {
	b   []byte
	off int
	err error
}

func (d *decoder) fail(what string) {
	if d.err == nil {
		d.err = fmt.Errorf("%w: %s at byte %d", ErrFormat, what, d.off)
	}
}

// uvarint reads the unsigned varint at d.off in its shortest encoding
// (the decoder accepts only that one, so that every snapshot has one byte
// form) and advances past it; ok is false, d.off unchanged, if there is
// none.
func (d *decoder) uvarint() (v uint64, ok bool) {
	b := d.b[d.off:]
	var s uint
	for k, c := range b {
		if c < 0x80 {
			// The shortest encoding ends in a non-zero byte, unless it
			// is the single byte 0; ten bytes hold at most 1<<64-1.
			if k > 0 && c == 0 || k == 9 && c > 1 {
				return 0, false
			}
			d.off += k + 1
			return v | uint64(c)<<s, true
		}
		if k == 9 {
			return 0, false
		}
		v |= uint64(c&0x7f) << s
		s += 7
	}
	return 0, false
}

func (d *decoder) u(max uint64, what string) uint64 {
	if d.err != nil {
		return 0
	}
	at := d.off
	v, ok := d.uvarint()
	if !ok {
		d.fail("bad number for " + what)
		return 0
	}
	if v > max {
		d.off = at
		d.fail(fmt.Sprintf("%s %d out of range", what, v))
		return 0
	}
	return v
}

func (d *decoder) i(min, max int64, what string) int64 {
	if d.err != nil {
		return 0
	}
	at := d.off
	x, ok := d.uvarint()
	if !ok {
		d.fail("bad number for " + what)
		return 0
	}
	v := unzigzag(x) // as binary.Varint
	if v < min || v > max {
		d.off = at
		d.fail(fmt.Sprintf("%s %d out of range", what, v))
		return 0
	}
	return v
}

// uvarintAt reads the unsigned varint at b[off:] as uvarint does and
// returns it with the offset after it, or off -1 if there is none (too
// short, not shortest or beyond 64 bits).
func uvarintAt(b []byte, off int) (uint64, int) {
	var v uint64
	for s := uint(0); off < len(b); s += 7 {
		c := b[off]
		off++
		if c < 0x80 {
			if c == 0 && s > 0 || s == 63 && c > 1 {
				return 0, -1
			}
			return v | uint64(c)<<s, off
		}
		if s == 63 {
			return 0, -1
		}
		v |= uint64(c&0x7f) << s
	}
	return 0, -1
}

// record reads one record, zeroed before, in one pass, without the field
// names that the checked reading (Decode) joins into its errors; it
// reports false, d.off unchanged, if anything is wrong, and the checked
// reading then says what.
func (d *decoder) record(r *Record) bool {
	b := d.b
	code, off := uvarintAt(b, d.off)
	if off < 0 || code > 999999999 {
		return false
	}
	n, off := uvarintAt(b, off)
	if off < 0 || n > uint64(len(b)-off) {
		return false
	}
	var name string
	if n > 0 {
		name = unsafe.String(&b[off], int(n))
	}
	off += int(n)
	var v [7]uint64
	for k := range v {
		if v[k], off = uvarintAt(b, off); off < 0 {
			return false
		}
	}
	// zigzag-decoded: from, to, from event, to event
	from, to := unzigzag(v[1]), unzigzag(v[3])
	fromEv, toEv := unzigzag(v[5]), unzigzag(v[6])
	if v[0] > 255 || from < 0 || from > maxDate || v[2] > maxPrec || to < 0 || to > maxDate || v[4] > maxPrec ||
		fromEv < -1 || fromEv > 1<<31-1 || toEv < -1 || toEv > 1<<31-1 {
		return false
	}
	// Field by field: a composite literal would be built aside and copied.
	r.Code, r.Name, r.Kind = uint32(code), name, uint8(v[0])
	r.From, r.FromPrec, r.To, r.ToPrec = int32(from), uint8(v[2]), int32(to), uint8(v[4])
	r.FromEvent, r.ToEvent = int32(fromEv), int32(toEv)
	d.off = off
	return true
}

func unzigzag(x uint64) int64 { return int64(x>>1) ^ -int64(x&1) }

func (d *decoder) s(what string) string {
	if d.err != nil {
		return ""
	}
	// d.u inlined, so that the field name is joined only on failure.
	at := d.off
	n, ok := d.uvarint()
	if !ok {
		d.fail("bad number for " + what + " length")
		return ""
	}
	if n > uint64(len(d.b)) {
		d.off = at
		d.fail(fmt.Sprintf("%s length %d out of range", what, n))
		return ""
	}
	if uint64(len(d.b)-d.off) < n {
		d.fail("truncated " + what)
		return ""
	}
	var v string
	if n > 0 {
		// d.b is a copy of the input (or, with DecodeReadOnly, bytes
		// that never change): strings share it instead of each taking
		// an allocation.
		v = unsafe.String(&d.b[d.off], int(n))
	}
	d.off += int(n)
	return v
}

const maxDate = 99991231

// maxPrec is the largest precision: 0 day, 1 month, 2 year, 3 interval
// (see TownshipEvent.After).
const maxPrec = 3

// Decode parses the binary form written by Encode. Malformed input yields an
// error wrapping ErrFormat, never a panic; indexes between sections are
// checked. The decoded strings point into a copy of b, never into b.
func Decode(b []byte) (*Data, error) {
	if len(b) < len(Magic) || string(b[:len(Magic)]) != Magic {
		return nil, fmt.Errorf("%w: missing header %q", ErrFormat, Magic[:len(Magic)-1])
	}
	return decode(bytes.Clone(b))
}

// DecodeReadOnly is Decode for bytes that never change, such as a snapshot
// embedded with go:embed: the decoded strings point into b itself, which
// saves copying it. The caller must not modify b afterwards.
func DecodeReadOnly(b []byte) (*Data, error) {
	if len(b) < len(Magic) || string(b[:len(Magic)]) != Magic {
		return nil, fmt.Errorf("%w: missing header %q", ErrFormat, Magic[:len(Magic)-1])
	}
	return decode(b)
}

func decode(b []byte) (*Data, error) {
	d := &decoder{b: b, off: len(Magic)}
	out := &Data{}
	out.DataVersion = d.s("data version")
	out.UpstreamCommit = d.s("upstream commit")
	out.Note = d.s("note")
	out.FirstYear = int(d.u(9999, "first year"))
	out.LastYear = int(d.u(9999, "last year"))
	// Each record takes at least 9 bytes, each event 6, each link 4: bound
	// the counts by the input size before allocating.
	nr := d.u(uint64(len(b))/9, "record count")
	if d.err == nil {
		out.Records = make([]Record, nr)
	}
	for k := range out.Records {
		r := &out.Records[k]
		if d.err == nil && d.record(r) {
			continue
		}
		// The checked reading, which names what is wrong.
		r.Code = uint32(d.u(999999999, "code"))
		r.Name = d.s("name")
		r.Kind = uint8(d.u(255, "kind"))
		r.From = int32(d.i(0, maxDate, "from date"))
		r.FromPrec = uint8(d.u(maxPrec, "from precision"))
		r.To = int32(d.i(0, maxDate, "to date"))
		r.ToPrec = uint8(d.u(maxPrec, "to precision"))
		r.FromEvent = int32(d.i(-1, 1<<31-1, "from event"))
		r.ToEvent = int32(d.i(-1, 1<<31-1, "to event"))
	}
	ne := d.u(uint64(len(b))/6, "event count")
	if d.err == nil {
		out.Events = make([]Event, ne)
	}
	var docs []Doc
	for k := range out.Events {
		v := &out.Events[k]
		v.Date = int32(d.i(0, maxDate, "event date"))
		v.Prec = uint8(d.u(maxPrec, "event precision"))
		v.Year = int32(d.i(0, 9999, "event year"))
		nd := d.u(uint64(len(b)-d.off)/5, "document count")
		if d.err == nil && nd > 0 {
			// The events' documents are carved out of shared chunks,
			// each event's capped at its own.
			if uint64(cap(docs)-len(docs)) < nd {
				docs = make([]Doc, 0, max(nd, 256))
			}
			k := len(docs)
			docs = docs[:k+int(nd)]
			v.Docs = docs[k:len(docs):len(docs)]
		}
		for j := range v.Docs {
			doc := &v.Docs[j]
			doc.Number = d.s("document number")
			doc.Title = d.s("title")
			doc.Date = int32(d.i(0, maxDate, "document date"))
			doc.Prec = uint8(d.u(2, "document date precision"))
			doc.Source = d.s("source")
		}
		v.Ref = d.s("reference")
		v.Authored = d.u(1, "authored flag") == 1
	}
	nl := d.u(uint64(len(b))/4, "link count")
	if d.err == nil {
		out.Links = make([]Link, nl)
	}
	for k := range out.Links {
		l := &out.Links[k]
		l.From = int32(d.u(nr, "link source"))
		l.To = int32(d.u(nr, "link target"))
		l.Event = int32(d.u(ne, "link event"))
		l.Flags = uint8(d.u(255, "link flags"))
	}
	// The optional sections, each once, in the order Encode writes them.
	next := 0 // index in sectionTags of the next section allowed
	for d.err == nil && d.off < len(b) {
		tag := d.s("section tag")
		if d.err != nil {
			break
		}
		k := slices.Index(sectionTags, tag)
		if k < next {
			if k < 0 {
				d.fail(fmt.Sprintf("unknown section %q", tag))
			} else {
				d.fail(fmt.Sprintf("section %q out of order or repeated", tag))
			}
			break
		}
		next = k + 1
		switch tag {
		case townshipTag:
			decodeTownship(d, out)
		case marksTag:
			decodeMarks(d, out, len(b))
		}
	}
	if d.err != nil {
		return nil, d.err
	}
	if d.off != len(b) {
		return nil, fmt.Errorf("%w: %d trailing bytes", ErrFormat, len(b)-d.off)
	}
	return out, out.Check()
}

// Check verifies the cross-references of d: every index in range, and the
// events in order of their dates (an event's index orders it in time).
func (d *Data) Check() error {
	nr, ne := int32(len(d.Records)), int32(len(d.Events))
	for i := 1; i < len(d.Events); i++ {
		if d.Events[i].Date < d.Events[i-1].Date {
			return fmt.Errorf("%w: event %d (%d) is dated before event %d (%d): events must be in date order", ErrFormat, i, d.Events[i].Date, i-1, d.Events[i-1].Date)
		}
	}
	for i := range d.Records {
		r := &d.Records[i]
		if r.FromEvent < -1 || r.FromEvent >= ne || r.ToEvent < -1 || r.ToEvent >= ne {
			return fmt.Errorf("%w: record %d refers to a missing event", ErrFormat, i)
		}
		if r.To != 0 && r.To < r.From {
			return fmt.Errorf("%w: record %d (%06d %s) ends before it starts", ErrFormat, i, r.Code, r.Name)
		}
	}
	for i, l := range d.Links {
		if l.From < 0 || l.From >= nr || l.To < 0 || l.To >= nr || l.Event < 0 || l.Event >= ne {
			return fmt.Errorf("%w: link %d refers to a missing record or event", ErrFormat, i)
		}
	}
	n := [...]int32{MarkRecord: nr, MarkEvent: ne, MarkLink: int32(len(d.Links))}
	for i, m := range d.Marks {
		if m.Of > MarkLink || m.Index < 0 || m.Index >= n[m.Of] {
			return fmt.Errorf("%w: mark %d refers to a missing record, event or link", ErrFormat, i)
		}
		if m.Certainty == CertOfficial || m.Certainty > CertUnconfirmed {
			return fmt.Errorf("%w: mark %d has certainty %d (want provisional or unconfirmed)", ErrFormat, i, m.Certainty)
		}
		if i > 0 {
			p := d.Marks[i-1]
			if p.Of > m.Of || p.Of == m.Of && p.Index >= m.Index {
				return fmt.Errorf("%w: mark %d is out of order or repeats a fact (want one mark per fact, sorted by kind and index)", ErrFormat, i)
			}
		}
	}
	return nil
}

// SortMarks puts d.Marks in the order Check wants; of two marks on one
// fact it keeps the stronger doubt (unconfirmed over provisional), the
// first on a tie.
func (d *Data) SortMarks() {
	slices.SortStableFunc(d.Marks, func(a, b Mark) int {
		if a.Of != b.Of {
			return int(a.Of) - int(b.Of)
		}
		return int(a.Index - b.Index)
	})
	out := d.Marks[:0]
	for _, m := range d.Marks {
		if k := len(out) - 1; k >= 0 && out[k].Of == m.Of && out[k].Index == m.Index {
			if m.Certainty > out[k].Certainty {
				out[k] = m
			}
			continue
		}
		out = append(out, m)
	}
	if len(out) == 0 {
		out = nil
	}
	d.Marks = out
}

// marksTag opens the certainty marks section.
const marksTag = "marks 1"

// sectionTags lists the optional sections in the order Encode writes them.
var sectionTags = []string{townshipTag, marksTag}

// decodeMarks reads the certainty marks section's body; its tag has been
// read. Each mark takes at least 5 bytes.
func decodeMarks(d *decoder, out *Data, size int) {
	nm := d.u(uint64(size-d.off)/5, "mark count")
	if d.err == nil && nm == 0 {
		d.fail("empty marks section") // Encode writes none then
	}
	if d.err != nil {
		return
	}
	out.Marks = make([]Mark, nm)
	for k := range out.Marks {
		m := &out.Marks[k]
		m.Of = uint8(d.u(uint64(MarkLink), "mark kind"))
		m.Index = int32(d.u(1<<31-1, "mark index"))
		m.Certainty = uint8(d.u(uint64(CertUnconfirmed), "mark certainty"))
		m.Reason = d.s("mark reason")
		m.Source = d.s("mark source")
	}
}
