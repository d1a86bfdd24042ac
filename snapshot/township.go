package snapshot

import "unsafe"

// The township level's fields live in a section of their own, after the
// links, so that the county-level format stays as it is: a snapshot with
// no township fields set ends after its links, as before.
//
// The section is the tag string townshipTag, then the events that set a
// township field (index, after, flags) and the records that set one
// (index, system, counterpart, legal, unit, legal basis, legal certainty,
// legal note), each list by count.

const townshipTag = "township-fields 2"

// Precision values of Record.FromPrec, ToPrec and Event.Prec beyond the
// library's day (0), month (1) and year (2).
const (
	// PrecInterval: only an interval is known, the change happened after
	// Event.After and by Event.Date (two editions of the township lists
	// show it).
	PrecInterval uint8 = 3
)

// TownshipEvent holds an event's township-level fields.
type TownshipEvent struct {
	// After is the start of the interval of an event of precision
	// PrecInterval: the change happened after After (YYYYMMDD) and by Date.
	After int32
	// Unconfirmed: the change rests on one unofficial source (the event's
	// Ref names it), not on a document or an official list.
	Unconfirmed bool
}

// Code systems of a township record's code.
const (
	// SystemStatistics: the statistics bureau's code (统计用区划代码), as
	// listed in its editions.
	SystemStatistics uint8 = iota
	// SystemCivil: the civil affairs ministry's code (行政区划代码), where
	// no edition lists it for this township.
	SystemCivil
)

// TownshipRecord holds a township record's fields.
type TownshipRecord struct {
	// System is the code system of Code: SystemStatistics or SystemCivil.
	System uint8
	// Counterpart is the same township's code in the other system where
	// it differs from Code (0 if none is known or they agree).
	Counterpart uint32
	// Legal is the county-level division the township legally belongs to
	// (隶属) where that is not the county of its code's first six digits
	// (0 otherwise): townships under the bureau's statistics-only units.
	Legal uint32
	// Unit names the statistics-only unit the code sits under (e.g.
	// "320871 淮安经济技术开发区"), which manages the township but is not
	// a division; empty otherwise.
	Unit string
	// LegalBasis says what Legal rests on, for a record under a
	// statistics-only unit (0 otherwise): 1 the unit's own code stands for
	// a division the registry codes otherwise, 2 its civil-affairs code, 3
	// a workbook row naming it, 4 an edition listing it under a county, 5
	// a document, 6 data_location (unofficial), 7 none (Legal is 0: not
	// known).
	LegalBasis uint8
	// LegalCert is the certainty of Legal (CertOfficial, CertUnconfirmed).
	LegalCert uint8
	// LegalNote cites the evidence of Legal, or says why it is not known.
	LegalNote string
}

// LegalBasisUnknown is the LegalBasis of a record whose legal county is
// not known.
const LegalBasisUnknown = 7

func (t TownshipEvent) zero() bool  { return t == TownshipEvent{} }
func (t TownshipRecord) zero() bool { return t == TownshipRecord{} }

func encodeTownship(e *encoder, d *Data) {
	var evs, recs []int
	for i, v := range d.Events {
		if !v.TownshipEvent.zero() {
			evs = append(evs, i)
		}
	}
	for i, r := range d.Records {
		if !r.TownshipRecord.zero() {
			recs = append(recs, i)
		}
	}
	if len(evs) == 0 && len(recs) == 0 {
		return
	}
	e.s(townshipTag)
	e.u(uint64(len(evs)))
	for _, i := range evs {
		t := d.Events[i].TownshipEvent
		e.u(uint64(i))
		e.i(int64(t.After))
		e.bool(t.Unconfirmed)
	}
	e.u(uint64(len(recs)))
	for _, i := range recs {
		t := d.Records[i].TownshipRecord
		e.u(uint64(i))
		e.u(uint64(t.System))
		e.u(uint64(t.Counterpart))
		e.u(uint64(t.Legal))
		e.s(t.Unit)
		e.u(uint64(t.LegalBasis))
		e.u(uint64(t.LegalCert))
		e.s(t.LegalNote)
	}
}

// decodeTownship reads the township section's body; its tag has been read.
func decodeTownship(d *decoder, out *Data) {
	ne := uint64(len(out.Events))
	n := d.u(ne, "township event count")
	last := -1
	for ; n > 0 && d.err == nil; n-- {
		i := int(d.u(ne-1, "township event index"))
		if i <= last {
			d.fail("township event indexes out of order")
		}
		last = i
		t := &out.Events[min(i, len(out.Events)-1)].TownshipEvent
		t.After = int32(d.i(0, maxDate, "interval start"))
		t.Unconfirmed = d.u(1, "unconfirmed flag") == 1
	}
	evCount := last + 1
	nr := uint64(len(out.Records))
	n = d.u(nr, "township record count")
	if n == 0 && evCount == 0 {
		d.fail("empty township section")
	}
	last = -1
	for ; n > 0 && d.err == nil; n-- {
		if i := d.townshipRecord(out, last); i >= 0 {
			last = i
			continue
		}
		// The checked reading, which names what is wrong.
		i := int(d.u(nr-1, "township record index"))
		if i <= last {
			d.fail("township record indexes out of order")
		}
		last = i
		t := &out.Records[min(i, len(out.Records)-1)].TownshipRecord
		t.System = uint8(d.u(uint64(SystemCivil), "code system"))
		t.Counterpart = uint32(d.u(999999999, "counterpart code"))
		t.Legal = uint32(d.u(999999, "legal parent"))
		t.Unit = d.s("statistical unit")
		t.LegalBasis = uint8(d.u(LegalBasisUnknown, "legal basis"))
		t.LegalCert = uint8(d.u(uint64(CertUnconfirmed), "legal certainty"))
		t.LegalNote = d.s("legal note")
	}
}

// townshipRecord reads one record's township fields in one pass, as
// decoder.record reads a record: it returns the record's index, or -1
// with d.off unchanged if anything is wrong (then the checked reading in
// decodeTownship says what). last is the index read before.
func (d *decoder) townshipRecord(out *Data, last int) int {
	b := d.b
	i, off := uvarintAt(b, d.off)
	if off < 0 || i >= uint64(len(out.Records)) || int(i) <= last {
		return -1
	}
	var v [3]uint64
	for k := range v {
		if v[k], off = uvarintAt(b, off); off < 0 {
			return -1
		}
	}
	if v[0] > uint64(SystemCivil) || v[1] > 999999999 || v[2] > 999999 {
		return -1
	}
	unit, off := stringAt(b, off)
	if off < 0 {
		return -1
	}
	var w [2]uint64
	for k := range w {
		if w[k], off = uvarintAt(b, off); off < 0 {
			return -1
		}
	}
	if w[0] > LegalBasisUnknown || w[1] > uint64(CertUnconfirmed) {
		return -1
	}
	note, off := stringAt(b, off)
	if off < 0 {
		return -1
	}
	t := &out.Records[i].TownshipRecord
	t.System, t.Counterpart, t.Legal = uint8(v[0]), uint32(v[1]), uint32(v[2])
	t.Unit, t.LegalBasis, t.LegalCert, t.LegalNote = unit, uint8(w[0]), uint8(w[1]), note
	d.off = off
	return int(i)
}

// stringAt reads a length-prefixed string at off without copying it,
// returning the offset after it, or -1 if it runs past the end.
func stringAt(b []byte, off int) (string, int) {
	n, off := uvarintAt(b, off)
	if off < 0 || n > uint64(len(b)-off) {
		return "", -1
	}
	if n == 0 {
		return "", off
	}
	return unsafe.String(&b[off], int(n)), off + int(n)
}
