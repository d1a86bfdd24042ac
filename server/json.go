package server

import (
	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

// The JSON shapes of the API. They are documented in openapi.json; the
// tests check every response against that document.

// The shapes are package api's, shared with the command line's --json and
// the exports: one Go type, one JSON shape.
type (
	refJSON         = api.Ref
	recordJSON      = api.Record
	divisionJSON    = api.Division
	eventJSON       = api.Event
	translationJSON = api.Translation
)

func ref(r *quhua.Record) *refJSON                       { return api.NewRef(r) }
func refs(rs []*quhua.Record) []refJSON                  { return api.NewRefs(rs) }
func record(r *quhua.Record) recordJSON                  { return api.NewRecord(r) }
func records(rs []*quhua.Record) []recordJSON            { return api.NewRecords(rs) }
func division(d quhua.Division) divisionJSON             { return api.NewDivision(d) }
func event(e *quhua.Event, withOps bool) eventJSON       { return api.NewEvent(e, withOps) }
func events(es []*quhua.Event, withOps bool) []eventJSON { return api.NewEvents(es, withOps) }
func history(reg *quhua.Registry, r *quhua.Record) api.History {
	return api.NewHistory(reg, r)
}
func translation(t *quhua.Translation) translationJSON { return api.NewTranslation(t) }
