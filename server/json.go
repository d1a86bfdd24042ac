package server

import (
	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

// The JSON shapes of the API. They are documented in openapi.json; the
// tests check every response against that document.

// The division shapes are shared with the command line and the exports
// (package api): one Go type, one JSON shape.
type (
	refJSON      = api.Ref
	recordJSON   = api.Record
	divisionJSON = api.Division
)

type documentJSON struct {
	Number        string `json:"number,omitempty"`
	Title         string `json:"title"`
	Date          string `json:"date,omitempty"`
	DatePrecision string `json:"datePrecision,omitempty"`
	Source        string `json:"source,omitempty"`
}

type operationJSON struct {
	Type       string     `json:"type"`
	TypeZh     string     `json:"typeZh"`
	Renamed    bool       `json:"renamed"`
	Recoded    bool       `json:"recoded"`
	Reparented bool       `json:"reparented"`
	Before     []refJSON  `json:"before"`
	After      []refJSON  `json:"after"`
	Links      []linkJSON `json:"links"`
}

// linkJSON says that area of one record went to another.
type linkJSON struct {
	From     refJSON `json:"from"`
	To       refJSON `json:"to"`
	Transfer bool    `json:"transfer"`
	Inferred bool    `json:"inferred"`
}

type eventJSON struct {
	ID         int             `json:"id"`
	Date       string          `json:"date"`
	Precision  string          `json:"precision"`
	Year       int             `json:"year"`
	Ref        string          `json:"ref,omitempty"`
	Authored   bool            `json:"authored"`
	Documents  []documentJSON  `json:"documents"`
	Operations []operationJSON `json:"operations,omitempty"`
}

func ref(r *quhua.Record) *refJSON            { return api.NewRef(r) }
func refs(rs []*quhua.Record) []refJSON       { return api.NewRefs(rs) }
func record(r *quhua.Record) recordJSON       { return api.NewRecord(r) }
func records(rs []*quhua.Record) []recordJSON { return api.NewRecords(rs) }
func division(d quhua.Division) divisionJSON  { return api.NewDivision(d) }

func document(d quhua.Document) documentJSON {
	j := documentJSON{Number: d.Number, Title: d.Title, Source: d.Source}
	if d.Date != 0 {
		j.Date, j.DatePrecision = d.Date.String(), d.Precision.String()
	}
	return j
}

func operation(op quhua.Operation) operationJSON {
	j := operationJSON{Type: op.Type.String(), TypeZh: op.Type.Chinese(), Renamed: op.Renamed(),
		Recoded: op.Recoded(), Reparented: op.Reparented(), Before: refs(op.Before), After: refs(op.After),
		Links: make([]linkJSON, len(op.Links))}
	for i, l := range op.Links {
		j.Links[i] = linkJSON{From: *ref(l.From), To: *ref(l.To), Transfer: l.Transfer, Inferred: l.Derived || l.Implied}
	}
	return j
}

// event renders an event; withOps adds its operations.
func event(e *quhua.Event, withOps bool) eventJSON {
	j := eventJSON{ID: e.ID, Date: e.Date.String(), Precision: e.Precision.String(), Year: e.Year,
		Ref: e.Ref, Authored: e.Authored, Documents: make([]documentJSON, len(e.Documents))}
	for i, d := range e.Documents {
		j.Documents[i] = document(d)
	}
	if withOps {
		for _, op := range e.Operations() {
			j.Operations = append(j.Operations, operation(op))
		}
	}
	return j
}

func events(es []*quhua.Event, withOps bool) []eventJSON {
	out := make([]eventJSON, len(es))
	for i, e := range es {
		out[i] = event(e, withOps)
	}
	return out
}

type periodJSON struct {
	divisionJSON
}

type stepJSON struct {
	Role      string        `json:"role"`
	Record    refJSON       `json:"record"`
	Event     eventJSON     `json:"event"`
	Operation operationJSON `json:"operation"`
}

type historyJSON struct {
	Record  recordJSON   `json:"record"`
	Periods []periodJSON `json:"periods"`
	Steps   []stepJSON   `json:"steps"`
}

func history(reg *quhua.Registry, r *quhua.Record) historyJSON {
	tl := reg.History(r)
	j := historyJSON{Record: record(r), Periods: make([]periodJSON, len(tl.Periods)), Steps: make([]stepJSON, len(tl.Steps))}
	for i, p := range tl.Periods {
		j.Periods[i] = periodJSON{division(p.Division)}
	}
	for i, s := range tl.Steps {
		j.Steps[i] = stepJSON{Role: s.Role, Record: *ref(s.Record), Event: event(s.Event, false), Operation: operation(s.Op)}
	}
	return j
}

type targetJSON struct {
	Record   recordJSON `json:"record"`
	Relation string     `json:"relation"`
	Partial  bool       `json:"partial"`
	Status   string     `json:"status"`
	Events   []int      `json:"events"`
}

type translationJSON struct {
	Source  recordJSON   `json:"source"`
	From    string       `json:"from"`
	To      string       `json:"to"`
	Status  string       `json:"status"`
	Targets []targetJSON `json:"targets"`
	Ended   []refJSON    `json:"ended"`
	// BeyondHorizon is set when the later of the two dates lies after
	// the registry's horizon.
	BeyondHorizon *api.Horizon `json:"beyondHorizon,omitempty"`
}

func translation(t *quhua.Translation) translationJSON {
	j := translationJSON{Source: record(t.Source), From: t.From.String(), To: t.To.String(), Status: string(t.Status()),
		Targets: make([]targetJSON, len(t.Targets)), Ended: refs(t.Ended)}
	for i, x := range t.Targets {
		ids := make([]int, len(x.Events))
		for k, e := range x.Events {
			ids[k] = e.ID
		}
		j.Targets[i] = targetJSON{Record: record(x.Record), Relation: x.Relation.String(), Partial: x.Partial,
			Status: string(x.Status(t.Source)), Events: ids}
	}
	return j
}

type diffJSON struct {
	From    string       `json:"from"`
	To      string       `json:"to"`
	Events  []eventJSON  `json:"events"`
	Removed []recordJSON `json:"removed"`
	Added   []recordJSON `json:"added"`
}

func diff(d *quhua.DiffResult) diffJSON {
	return diffJSON{From: d.From.String(), To: d.To.String(), Events: events(d.Events, true),
		Removed: records(d.Removed), Added: records(d.Added)}
}
