package quhua

import (
	"fmt"
	"strings"

	"github.com/quhua/quhua/snapshot"
)

// CodeSystem says whose numbering a township code belongs to. The
// statistics bureau (统计用区划代码) and the civil affairs ministry (行政区划
// 代码) number most townships alike, but not all: where they differ, one
// number can denote two different townships.
type CodeSystem uint8

const (
	// Statistics: the statistics bureau's code, as its editions list it.
	Statistics CodeSystem = iota
	// CivilAffairs: the civil affairs ministry's code, as its record of
	// township changes (and the documents) give it.
	CivilAffairs
)

func (s CodeSystem) String() string {
	if s == CivilAffairs {
		return "civil-affairs"
	}
	return "statistics"
}

// TownshipFields are a township record's fields beyond the county
// level's: its code system and counterpart code, and its legal parent
// where its code's county is not one.
type TownshipFields struct {
	// System is the code system of Code.
	System CodeSystem
	// Counterpart is the township's code in the other system where it
	// differs from Code; zero if they agree or none is known.
	Counterpart Code
	// LegalCounty is the county-level division the township legally
	// belongs to (隶属) where the code's first six digits are not one (a
	// statistics-only unit's code); zero otherwise.
	LegalCounty Code
	// Unit names the statistics-only unit the code sits under, e.g.
	// "320871 淮安经济技术开发区" (see StatisticalUnits); the unit manages
	// the township, its county is LegalCounty.
	Unit string
	// LegalBasis says what LegalCounty rests on, for a township under a
	// statistics-only unit ("" otherwise): "unit's code", "civil-affairs
	// code", "workbook", "edition", "document", "data_location", or
	// "unknown" (LegalCounty is zero: no source names the county).
	LegalBasis string
	// LegalCertainty is the certainty of LegalCounty: Unconfirmed where it
	// rests on one unofficial source.
	LegalCertainty Certainty
	// LegalNote cites the evidence of LegalCounty, or says why it is not
	// known.
	LegalNote string
}

// StatisticalUnits explains the codes of the statistics-only units
// (TownshipFields.Unit).
const StatisticalUnits = "the statistics bureau numbers development zones, new areas, " +
	"industrial parks and similar units (codes XXXX71–XXXX79, and a few administrative zones " +
	"such as 232761 加格达奇区 and 632857 大柴旦行政委员会) like counties and lists the townships " +
	"they manage under them; they are not administrative divisions, and a township under one " +
	"legally belongs (隶属) to a county-level division"

var legalBasisNames = [...]string{"", "unit's code", "civil-affairs code", "workbook", "edition", "document", "data_location", "unknown"}

func townshipFields(t snapshot.TownshipRecord) TownshipFields {
	f := TownshipFields{System: CodeSystem(t.System), Counterpart: Code(t.Counterpart), LegalCounty: Code(t.Legal), Unit: t.Unit,
		LegalCertainty: Certainty(t.LegalCert), LegalNote: t.LegalNote}
	if int(t.LegalBasis) < len(legalBasisNames) {
		f.LegalBasis = legalBasisNames[t.LegalBasis]
	}
	return f
}

// When formats the event's date to its precision: 2020-06-05, 2020, or
// for an interval both ends, 2016-10-31–2017-10-31 (the change happened
// after the first and by the second). An interval's ends are the cut-offs
// of two editions that show the change, never the day it happened.
func (e *Event) When() string {
	if e.Precision == Interval {
		return e.After.String() + "–" + e.Date.String()
	}
	return e.Date.Format(e.Precision)
}

// Span returns the first and last day on which the event may have taken
// effect: its Date for precision Day, the month or year for Month and
// Year, and the day after After through Date for Interval.
func (e *Event) Span() (first, last Date) {
	switch e.Precision {
	case Interval:
		return e.After.AddDays(1), e.Date
	case Year:
		return NewDate(e.Date.Year(), 1, 1), e.Date
	case Month:
		return NewDate(e.Date.Year(), e.Date.Month(), 1), e.Date
	}
	return e.Date, e.Date
}

// Uncertain reports whether the record's state on d is not known: d lies
// within the span of the event that starts or ends it (see Event.Span),
// not on its last day. The registry answers such a date with the state
// before the change; callers should say that the change may already have
// happened. Only township records are uncertain: the county level's
// Year dates follow the yearly lists' convention of the year's end.
func (r *Record) Uncertain(d Date) bool {
	if !r.Code.Township() {
		return false
	}
	for _, e := range []*Event{r.Created, r.Retired} {
		if e == nil || e.Precision == Day {
			continue
		}
		if first, last := e.Span(); first <= d && d < last {
			return true
		}
	}
	return false
}

// CodeSystemNote describes the record's code system for people, e.g.
// "civil-affairs code (statistics code 511781215)".
func (r *Record) CodeSystemNote() string {
	s := r.System.String() + " code"
	if r.Counterpart != 0 {
		other := Statistics
		if r.System == Statistics {
			other = CivilAffairs
		}
		s += fmt.Sprintf(" (%s code %s)", other, r.Counterpart)
	}
	return s
}

// CounterpartRecords returns the township records whose code in the other
// system is c: where the statistics bureau and the civil affairs ministry
// number a township differently, the township that c denotes in the
// system other than the one CodeRecords(c) reads it in. Oldest first.
func (reg *Registry) CounterpartRecords(c Code) []*Record {
	if !c.Township() || !reg.townships {
		return nil
	}
	reg.cpOnce.Do(func() {
		reg.counterparts = map[Code][]*Record{}
		for _, r := range reg.sorted[reg.townFirst:] {
			if r.Counterpart != 0 {
				reg.counterparts[r.Counterpart] = append(reg.counterparts[r.Counterpart], r)
			}
		}
	})
	return reg.counterparts[c]
}

// UncertainNote says, for a record whose state on d is uncertain (see
// Uncertain), what the two possibilities are, e.g. "大兴镇 (511802103) may
// already have ended on 2019-06-30: the change is dated 2019, not to the
// day"; "" otherwise.
func (r *Record) UncertainNote(d Date) string {
	if !r.Uncertain(d) {
		return ""
	}
	if e := r.Retired; e != nil && e.Precision != Day {
		if first, last := e.Span(); first <= d && d < last {
			var next []string
			for _, l := range r.Successors() {
				if l.Event == e {
					next = append(next, l.To.String())
				}
			}
			after := "it had ended"
			if len(next) > 0 {
				after = "it was " + strings.Join(next, ", ")
			}
			return fmt.Sprintf("uncertain on %s: either %s %s was still in force, or %s — the change is dated %s, not to the day (in effect by %s)", d, r.Code, r.Name, after, e.When(), last)
		}
	}
	e := r.Created
	return fmt.Sprintf("uncertain on %s: %s %s came into force by the change dated %s, which may already have taken effect", d, r.Code, r.Name, e.When())
}
