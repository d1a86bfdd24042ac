package api

import "github.com/quhua/quhua"

// TownshipFields are the township level's fields of a record: the code
// system of its code and its counterpart in the other system, the
// intervals of dates known only between two editions, and the
// statistics-only unit its code sits under.
type TownshipFields struct {
	// CodeSystem is "statistics" (the statistics bureau's 统计用区划代码)
	// or "civil-affairs" (the ministry's 行政区划代码); townships only.
	CodeSystem string `json:"codeSystem,omitempty"`
	// Counterpart is the township's code in the other system where it
	// differs.
	Counterpart *CodeInSystem `json:"counterpart,omitempty"`
	// FromInterval and ToInterval give both ends of a date of precision
	// "interval": the change happened after the first and by the second.
	FromInterval []string `json:"fromInterval,omitempty"`
	ToInterval   []string `json:"toInterval,omitempty"`
	// StatisticalUnit names the statistics-only unit (development zone
	// …) the code sits under, which manages the township but is not a
	// division; the legal parent is a county (see quhua.StatisticalUnits).
	StatisticalUnit string `json:"statisticalUnit,omitempty"`
	// LegalBasis, for a township under a statistics-only unit, says what
	// its legal county rests on, or why it is not known.
	LegalBasis *LegalBasis `json:"legalBasis,omitempty"`
	// Unconfirmed: the record starts or ends in a change that rests on
	// one unofficial source (its event's ref names it).
	Unconfirmed bool `json:"unconfirmed,omitempty"`
}

// LegalBasis is the evidence of a legal county (隶属) of a township under a
// statistics-only unit. Where no source names the county, Evidence is
// "unknown", County is empty and Reason says why: the legal parent is
// then null, never the prefecture.
type LegalBasis struct {
	// County is the legal county's code the evidence names (the legal
	// parent on a date is that county or its successor in force then).
	County string `json:"county,omitempty"`
	// Evidence is "unit's code", "civil-affairs code", "workbook",
	// "edition", "document", "data_location" or "unknown".
	Evidence string `json:"evidence"`
	// Source cites the evidence (known county only).
	Source string `json:"source,omitempty"`
	// Certainty is official or unconfirmed (one unofficial source).
	Certainty string `json:"certainty,omitempty"`
	// Reason says why the county is not known (Evidence "unknown").
	Reason string `json:"reason,omitempty"`
}

// CodeInSystem is a code with the system it belongs to.
type CodeInSystem struct {
	Code   string `json:"code"`
	System string `json:"system"`
}

func newTownshipFields(r *quhua.Record) TownshipFields {
	if !r.Code.Township() {
		return intervals(r, TownshipFields{})
	}
	t := TownshipFields{CodeSystem: r.System.String(), StatisticalUnit: r.Unit,
		Unconfirmed: r.Created != nil && r.Created.Unconfirmed || r.Retired != nil && r.Retired.Unconfirmed}
	switch {
	case r.LegalBasis == "unknown":
		t.LegalBasis = &LegalBasis{Evidence: r.LegalBasis, Reason: r.LegalNote}
	case r.LegalBasis != "":
		t.LegalBasis = &LegalBasis{County: r.LegalCounty.String(), Evidence: r.LegalBasis, Source: r.LegalNote, Certainty: r.LegalCertainty.String()}
	}
	if r.Counterpart != 0 {
		other := quhua.CivilAffairs
		if r.System == quhua.CivilAffairs {
			other = quhua.Statistics
		}
		t.Counterpart = &CodeInSystem{Code: r.Counterpart.String(), System: other.String()}
	}
	return intervals(r, t)
}

// intervals sets both ends of a start or an end of precision interval, at
// any level (a change set with after dates a county's change so too).
func intervals(r *quhua.Record, t TownshipFields) TownshipFields {
	if r.FromPrec == quhua.Interval && r.Created != nil {
		t.FromInterval = []string{r.Created.After.String(), r.Created.Date.String()}
	}
	if r.ToPrec == quhua.Interval && r.Retired != nil {
		t.ToInterval = []string{r.Retired.After.String(), r.Retired.Date.String()}
	}
	return t
}
