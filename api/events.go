package api

import (
	"encoding/json"

	"github.com/quhua/quhua"
)

// Document is a document that decided an event.
type Document struct {
	Number        string `json:"number,omitempty"`
	Title         string `json:"title"`
	Date          string `json:"date,omitempty"`
	DatePrecision string `json:"datePrecision,omitempty"`
	Source        string `json:"source,omitempty"`
}

// Operation is one operation of an event: the records before and after it
// and where their area went.
type Operation struct {
	Type       string `json:"type"`
	TypeZh     string `json:"typeZh"`
	Renamed    bool   `json:"renamed"`
	Recoded    bool   `json:"recoded"`
	Reparented bool   `json:"reparented"`
	Before     []Ref  `json:"before"`
	After      []Ref  `json:"after"`
	Links      []Link `json:"links"`
	// Certainty: the weakest of its links and new records, present when
	// not official.
	Certainty *Certainty `json:"certainty,omitempty"`
}

// Link says that area of one record went to another.
type Link struct {
	From     Ref  `json:"from"`
	To       Ref  `json:"to"`
	Transfer bool `json:"transfer"`
	Inferred bool `json:"inferred"`
	// Certainty: present when no official text confirms the link, or its
	// event is of a provisional list.
	Certainty *Certainty `json:"certainty,omitempty"`
}

// Event is a change with its documents and, where asked for, its
// operations.
type Event struct {
	ID         int         `json:"id"`
	Date       string      `json:"date"`
	Precision  string      `json:"precision"`
	Year       int         `json:"year"`
	Ref        string      `json:"ref,omitempty"`
	Authored   bool        `json:"authored"`
	Documents  []Document  `json:"documents"`
	Operations []Operation `json:"operations,omitempty"`
	// Certainty: present for an event of a provisional list.
	Certainty *Certainty `json:"certainty,omitempty"`
	// Interval gives both ends of a date of precision "interval": the
	// change happened after the first and by the second.
	Interval []string `json:"interval,omitempty"`
	// Unconfirmed: the change rests on one unofficial source.
	Unconfirmed bool `json:"unconfirmed,omitempty"`
}

// Period is one record of a history with its parents on its first day.
type Period struct {
	Division
}

// Step is a change in a history: the role the division played in it (as
// source, target …), the record it touched, the event and the operation.
type Step struct {
	Role      string    `json:"role"`
	Record    Ref       `json:"record"`
	Event     Event     `json:"event"`
	Operation Operation `json:"operation"`
}

// History is a division's story: GET /v1/divisions/{code}/history, quhua history
// --json.
type History struct {
	Record  Record   `json:"record"`
	Periods []Period `json:"periods"`
	Steps   []Step   `json:"steps"`
}

// Target is one division a translation reaches.
type Target struct {
	Record   Record `json:"record"`
	Relation string `json:"relation"`
	Partial  bool   `json:"partial"`
	Status   string `json:"status"`
	Events   []int  `json:"events"`
	// Certainty: the weakest certainty of the links the answer rests on,
	// present when it is not official.
	Certainty *Certainty `json:"certainty,omitempty"`
	// Inferred: the target is reached only through links no document
	// states (prefecture links derived from their children's, links the
	// corrections imply, township links two editions suggest). For a
	// township the relation is then the shape of those links: the editions
	// give codes and names, not areas (quhua.Target.Describe).
	Inferred bool `json:"inferred,omitempty"`
}

// Translation carries a record from one date to another: GET
// /v1/translate/{code}, quhua translate --json.
type Translation struct {
	Source  Record   `json:"source"`
	From    string   `json:"from"`
	To      string   `json:"to"`
	Status  string   `json:"status"`
	Targets []Target `json:"targets"`
	Ended   []Ref    `json:"ended"`
	// BeyondHorizon is set when the later of the two dates lies after
	// the registry's horizon.
	BeyondHorizon *Horizon `json:"beyondHorizon,omitempty"`
}

// Diff is what changed between two dates: GET /v1/diff, quhua diff
// --json.
type Diff struct {
	From          string   `json:"from"`
	To            string   `json:"to"`
	BeyondHorizon *Horizon `json:"beyondHorizon,omitempty"`
	Events        []Event  `json:"events"`
	Removed       []Record `json:"removed"`
	Added         []Record `json:"added"`
}

// NewDocument returns the JSON form of d.
func NewDocument(d quhua.Document) Document {
	j := Document{Number: d.Number, Title: d.Title, Source: d.Source}
	if d.Date != 0 {
		j.Date, j.DatePrecision = d.Date.String(), d.Precision.String()
	}
	return j
}

// NewOperation returns the JSON form of op.
func NewOperation(op quhua.Operation) Operation {
	j := Operation{Type: op.Type.String(), TypeZh: op.Type.Chinese(), Renamed: op.Renamed(),
		Recoded: op.Recoded(), Reparented: op.Reparented(), Before: NewRefs(op.Before), After: NewRefs(op.After),
		Links: make([]Link, len(op.Links)), Certainty: NewCertainty(op.Certainty())}
	for i, l := range op.Links {
		j.Links[i] = Link{From: *NewRef(l.From), To: *NewRef(l.To), Transfer: l.Transfer, Inferred: l.Derived || l.Implied || l.Inferred, Certainty: NewCertainty(l.Certainty())}
	}
	return j
}

// NewEvent returns the JSON form of e; withOps adds its operations.
func NewEvent(e *quhua.Event, withOps bool) Event {
	j := Event{ID: e.ID, Date: e.Date.String(), Precision: e.Precision.String(), Year: e.Year,
		Ref: e.Ref, Authored: e.Authored, Documents: make([]Document, len(e.Documents)), Certainty: NewCertainty(e.Certainty()), Unconfirmed: e.Unconfirmed}
	if e.Precision == quhua.Interval {
		j.Interval = []string{e.After.String(), e.Date.String()}
	}
	for i, d := range e.Documents {
		j.Documents[i] = NewDocument(d)
	}
	if withOps {
		for _, op := range e.Operations() {
			j.Operations = append(j.Operations, NewOperation(op))
		}
	}
	return j
}

// NewEvents returns the JSON forms of es.
func NewEvents(es []*quhua.Event, withOps bool) []Event {
	out := make([]Event, len(es))
	for i, e := range es {
		out[i] = NewEvent(e, withOps)
	}
	return out
}

// NewHistory returns the history of r in reg.
func NewHistory(reg *quhua.Registry, r *quhua.Record) History {
	tl := reg.History(r)
	j := History{Record: NewRecord(r), Periods: make([]Period, len(tl.Periods)), Steps: make([]Step, len(tl.Steps))}
	for i, p := range tl.Periods {
		j.Periods[i] = Period{NewDivision(p.Division)}
	}
	for i, s := range tl.Steps {
		j.Steps[i] = Step{Role: s.Role, Record: *NewRef(s.Record), Event: NewEvent(s.Event, false), Operation: NewOperation(s.Op)}
	}
	return j
}

// NewTranslation returns the JSON form of t, without the horizon notice
// (see NewHorizon).
func NewTranslation(t *quhua.Translation) Translation {
	j := Translation{Source: NewRecord(t.Source), From: t.From.String(), To: t.To.String(), Status: string(t.Status()),
		Targets: make([]Target, len(t.Targets)), Ended: NewRefs(t.Ended)}
	for i, x := range t.Targets {
		ids := make([]int, len(x.Events))
		for k, e := range x.Events {
			ids[k] = e.ID
		}
		j.Targets[i] = Target{Record: NewRecord(x.Record), Relation: x.Relation.String(), Partial: x.Partial,
			Status: string(x.Status(t.Source)), Events: ids, Certainty: NewCertainty(x.Certainty), Inferred: x.Inferred}
	}
	return j
}

// NewDiff returns the JSON form of d, with the horizon notice of reg for
// its later date.
func NewDiff(reg *quhua.Registry, d *quhua.DiffResult) Diff {
	return Diff{From: d.From.String(), To: d.To.String(), BeyondHorizon: NewHorizon(reg, d.To),
		Events: NewEvents(d.Events, true), Removed: NewRecords(d.Removed), Added: NewRecords(d.Added)}
}

// Marshal renders v as the API answers it: compact JSON, HTML characters
// escaped as encoding/json does, and a final newline. The command line's
// --json output of the same answer is these bytes.
func Marshal(v any) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return append(b, '\n'), nil
}
