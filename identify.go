package quhua

import (
	"fmt"
	"strconv"
)

// CodeClass says what a 6-digit code found in the wild is.
type CodeClass uint8

const (
	// ClassDivision: a division in force on the date.
	ClassDivision CodeClass = iota
	// ClassNotInForce: a division code of the registry, but not in force on
	// the date (retired before it, or created after it).
	ClassNotInForce
	// ClassRawVariant: the raw yearly lists of 1990–1994 coded
	// province-governed county-level units as XX90XX where the national
	// standard (and the registry) use XXXX8X; such codes circulate in ID
	// numbers and old tables.
	ClassRawVariant
	// ClassPlaceholder: a placeholder row of the lists, not a division:
	// XXXX01 市辖区 (the districts of a prefecture-level city as a group), or
	// XX0100 市辖区 / XX0200 县 of the municipalities.
	ClassPlaceholder
	// ClassStatistical: a statistical-only code (XXXX7X) of a development
	// zone or similar unit, used by the statistics bureau but not a GB/T
	// 2260 division.
	ClassStatistical
	// ClassUnknown: none of the above.
	ClassUnknown
)

var classNames = [...]string{"division", "not-in-force", "raw-variant", "placeholder", "statistical", "unknown"}

// String returns the class's identifier.
func (c CodeClass) String() string {
	if int(c) < len(classNames) {
		return classNames[c]
	}
	return "CodeClass(" + strconv.Itoa(int(c)) + ")"
}

// MarshalText implements encoding.TextMarshaler.
func (c CodeClass) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// CodeInfo is what Identify found out about a code.
type CodeInfo struct {
	Code  Code
	At    Date
	Class CodeClass
	// Record is, by class: the division (ClassDivision); the record of the
	// code nearest to the date (ClassNotInForce); the standard record the
	// variant stands for (ClassRawVariant); the division the placeholder or
	// statistical code belongs to (ClassPlaceholder, ClassStatistical),
	// which may be nil if that is not in force either.
	Record *Record
	// Records lists every record that ever had the code.
	Records []*Record
	// Note explains the class in a sentence.
	Note string
}

// Identify classifies a code as found in data of a given date: a division
// in force, one that was in force at another time, or one of the codes that
// circulate without being divisions (see CodeClass). It never fails; an
// unexplained code is ClassUnknown.
func (reg *Registry) Identify(c Code, at Date) CodeInfo {
	info := CodeInfo{Code: c, At: at, Records: reg.codeRecords(c)}
	v := reg.At(at)
	if r, ok := v.Record(c); ok {
		info.Class, info.Record = ClassDivision, r
		return info
	}
	// XX90XX of the raw lists of 1990–1994.
	if c.ProvinceGoverned() && at.Year() >= 1990 && at.Year() <= 1994 {
		if r := reg.rawVariant(c, at); r != nil {
			info.Class, info.Record = ClassRawVariant, r
			info.Note = fmt.Sprintf("%s is the raw 1990–1994 lists' code of %s %s (province-governed county-level units were listed as XX90XX; the national standard uses XXXX8X)", c, r.Code, r.Name)
			return info
		}
	}
	if len(info.Records) > 0 {
		info.Class = ClassNotInForce
		info.Record = nearest(info.Records, at)
		info.Note = fmt.Sprintf("%s was not in force on %s; %s %s was in force %s", c, at, info.Record.Code, info.Record.Name, info.Record.Interval())
		for _, r := range info.Records {
			// A date within a change known only to its year or to an
			// interval: the registry answers with the state before it,
			// but the record may already have been in force.
			if n := r.UncertainNote(at); n != "" {
				info.Record, info.Note = r, n
				break
			}
		}
		return info
	}
	switch {
	case LevelOf(c) == County && c.Suffix() == 1 && c.Middle() != 0 && c.Middle() != 90:
		if p, ok := v.Record(c.PrefectureCode()); ok {
			info.Class, info.Record = ClassPlaceholder, p
			info.Note = fmt.Sprintf("%s 市辖区 is a placeholder for the districts of %s as a group, not a division", c, p.Name)
			return info
		}
	case LevelOf(c) == Prefecture && (c.Middle() == 1 || c.Middle() == 2) && isMunicipality(c.ProvinceCode()):
		p, _ := v.Record(c.ProvinceCode())
		info.Class, info.Record = ClassPlaceholder, p
		what := "市辖区 (the districts)"
		if c.Middle() == 2 {
			what = "县 (the counties)"
		}
		info.Note = fmt.Sprintf("%s is the placeholder %s of a municipality, not a division", c, what)
		return info
	case LevelOf(c) == County && c.Suffix() >= 70 && c.Suffix() <= 79:
		if p, ok := v.Record(c.PrefectureCode()); ok {
			info.Class, info.Record = ClassStatistical, p
			info.Note = fmt.Sprintf("%s is a statistical-only code (a development zone or similar) under %s %s, not a GB/T 2260 division", c, p.Code, p.Name)
			return info
		}
		if p, ok := v.Record(c.ProvinceCode()); ok && c.Middle() == 90 {
			info.Class, info.Record = ClassStatistical, p
			info.Note = fmt.Sprintf("%s is a statistical-only code under %s %s, not a GB/T 2260 division", c, p.Code, p.Name)
			return info
		}
	}
	info.Class = ClassUnknown
	info.Note = fmt.Sprintf("%s is not a division code of the registry", c)
	return info
}

func isMunicipality(p Code) bool {
	switch p {
	case 110000, 120000, 310000, 500000:
		return true
	}
	return false
}

// rawVariant finds the record in force on at whose same-area chain holds a
// record coded c: the standard code a raw XX90XX code stands for.
func (reg *Registry) rawVariant(c Code, at Date) *Record {
	for _, r := range reg.codeRecords(c) {
		for _, x := range r.Chain() {
			if x.InForce(at) {
				return x
			}
		}
	}
	return nil
}

// nearest returns the record of rs (sorted by From) closest in time to at.
func nearest(rs []*Record, at Date) *Record {
	best := rs[0]
	for _, r := range rs {
		if r.From <= at {
			best = r
		}
	}
	return best
}
