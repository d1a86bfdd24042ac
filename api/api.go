// Package api holds the public JSON shapes (v1) of quhua's answers: a
// division (Ref, Record, Division), an event, a history, a translation and
// a diff. The HTTP API answers with them, the command line's --json prints
// them (history, translate and diff byte for byte as the API: see
// Marshal), and the JSON exports write them, so that an answer reads the
// same wherever it comes from. Field names are lowerCamelCase, the API's
// contract, documented in server/openapi.json; a change of a shape is a
// breaking change of the API.
package api

import "github.com/quhua/quhua"

// Ref names a record briefly: a parent, a path element, a target.
type Ref struct {
	ID   int    `json:"id"`
	Code string `json:"code"`
	Name string `json:"name"`
	Kind string `json:"kind"`
}

// Record is a record with its validity interval.
type Record struct {
	ID             int    `json:"id"`
	Code           string `json:"code"`
	Name           string `json:"name"`
	Kind           string `json:"kind"`
	KindKey        string `json:"kindKey"`
	Level          string `json:"level"`
	From           string `json:"from,omitempty"`
	FromPrecision  string `json:"fromPrecision,omitempty"`
	To             string `json:"to,omitempty"`
	ToPrecision    string `json:"toPrecision,omitempty"`
	Interval       string `json:"interval"`
	Current        bool   `json:"current"`
	Pinyin         string `json:"pinyin"`
	PinyinInitials string `json:"pinyinInitials"`
	// Certainty is present only for a record that is not official (e.g.
	// one of the provisional list).
	Certainty *Certainty `json:"certainty,omitempty"`
}

// Certainty is how well a fact is established, given only when it is not
// official: level provisional or unconfirmed, with the reason and the
// source of that judgement (schema Certainty).
type Certainty struct {
	Level  string `json:"level"`
	Reason string `json:"reason"`
	Source string `json:"source"`
}

// NewCertainty returns the JSON form of a, nil for an official fact.
func NewCertainty(a quhua.Assessment) *Certainty {
	if a.Certainty == quhua.Official {
		return nil
	}
	return &Certainty{Level: a.Certainty.String(), Reason: a.Reason, Source: a.Source}
}

// Division is a record seen on a date, with both parents.
type Division struct {
	Record
	At        string `json:"at"`
	Legal     *Ref   `json:"legal"`
	Admin     *Ref   `json:"admin"`
	Delegated bool   `json:"delegated"`
	Path      []Ref  `json:"path"`
	FullName  string `json:"fullName"`
	// Release names the data release, in exports only.
	Release string `json:"release,omitempty"`
	// BeyondHorizon is set on a division answered on its own for a date
	// after the registry's horizon (not on each division of a list).
	BeyondHorizon *Horizon `json:"beyondHorizon,omitempty"`
}

// Horizon is the notice of an answer dated after the registry's horizon:
// the answer is the newest known state, and the registry cannot vouch
// that nothing changed since.
type Horizon struct {
	Date            string `json:"date"`
	Horizon         string `json:"horizon"`
	RecordedThrough string `json:"recordedThrough"`
	Message         string `json:"message"`
}

// NewHorizon returns the notice for an answer of reg dated d, or nil if d
// is within the horizon.
func NewHorizon(reg *quhua.Registry, d quhua.Date) *Horizon {
	if !reg.BeyondHorizon(d) {
		return nil
	}
	return &Horizon{Date: d.String(), Horizon: reg.Horizon().String(),
		RecordedThrough: reg.RecordedThrough().Format(reg.RecordedThroughPrecision()), Message: reg.HorizonNotice(d)}
}

// NewRef returns the brief form of r, nil for nil.
func NewRef(r *quhua.Record) *Ref {
	if r == nil {
		return nil
	}
	return &Ref{ID: r.ID, Code: r.Code.String(), Name: r.Name, Kind: r.Kind.String()}
}

// NewRefs returns the brief forms of rs.
func NewRefs(rs []*quhua.Record) []Ref {
	out := make([]Ref, len(rs))
	for i, r := range rs {
		out[i] = *NewRef(r)
	}
	return out
}

// NewRecord returns the JSON form of r.
func NewRecord(r *quhua.Record) Record {
	p := r.Pinyin()
	j := Record{ID: r.ID, Code: r.Code.String(), Name: r.Name, Kind: r.Kind.String(),
		KindKey: r.Kind.Key(), Level: r.Level().Key(), Interval: r.Interval(), Current: r.Current(),
		Pinyin: p.Full, PinyinInitials: p.Initials, Certainty: NewCertainty(r.Certainty())}
	if r.From != 0 {
		j.From, j.FromPrecision = r.From.String(), r.FromPrec.String()
	}
	if r.To != 0 {
		j.To, j.ToPrecision = r.To.String(), r.ToPrec.String()
	}
	return j
}

// NewRecords returns the JSON forms of rs.
func NewRecords(rs []*quhua.Record) []Record {
	out := make([]Record, len(rs))
	for i, r := range rs {
		out[i] = NewRecord(r)
	}
	return out
}

// NewDivision returns the JSON form of d.
func NewDivision(d quhua.Division) Division {
	j := Division{Record: NewRecord(d.Record), At: d.At.String(), Legal: NewRef(d.Legal), Admin: NewRef(d.Admin), Delegated: d.Delegated()}
	path := d.Path()
	j.Path = NewRefs(path)
	for _, p := range path {
		j.FullName += p.Name
	}
	return j
}
