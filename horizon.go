package quhua

import (
	"errors"
	"fmt"
	"strings"
)

// The registry knows divisions between two dates, and says so.
//
// Before: the first yearly list (1981) is the earliest state recorded.
// Nothing earlier is known, not even when the units of that list came
// into being, so a date before the first list's year is outside the
// registry: CheckDate reports it, and the CLI and the HTTP API refuse such
// dates with that error. View answers for such a date would be the first
// list's state, which is not knowledge of the date asked.
//
// After: the registry is complete through its horizon, the end of its
// newest yearly list (Horizon). Changes decided later are recorded as they
// become known (by the project, in data/changes, or by a store's applied
// changes), through RecordedThrough, but the registry cannot vouch that
// nothing else changed. A date after the horizon is answered, with a
// notice (BeyondHorizon, HorizonNotice): the HTTP API sends it in a header
// and in the JSON. The CLI and the web UI warn, once, only for a date the
// user asked for that lies after the newest recorded change
// (PastRecorded): before it the answer holds what is recorded.
//
// Now: when no date is asked, every answer (the CLI's commands, the HTTP
// API, the web UI) is for Now: today in China Standard Time, or the date
// of the newest recorded change if that lies ahead (a change applied with
// a future date). Today's answer is the newest known state and carries no
// warning; the horizon is reported beside it (quhua version, the horizon
// field of JSON answers, the web UI's footer). HorizonWording keeps the
// notices' wording in one place, for the registry and for a level with a
// horizon of its own (the township lists).

// ErrBeforeFirstList is wrapped by the error of CheckDate for a date
// before the first yearly list's year.
var ErrBeforeFirstList = errors.New("before the first yearly list")

// FirstDate returns the first day the registry answers for: 1 January of
// the year of its first yearly list.
func (reg *Registry) FirstDate() Date { return NewDate(reg.firstYear, 1, 1) }

// Horizon returns the date through which the registry is complete: the
// end of its newest yearly list.
func (reg *Registry) Horizon() Date { return EndOfYear(reg.lastYear) }

// RecordedThrough returns the date of the newest change the registry
// holds, or its horizon if no change is recorded after it. Between the
// horizon and this date changes are recorded as they become known, with no
// claim that the record is complete.
func (reg *Registry) RecordedThrough() Date { return reg.Latest() }

// RecordedThroughPrecision returns how much of RecordedThrough is known:
// the precision of the newest change's date (Year for the horizon).
func (reg *Registry) RecordedThroughPrecision() Precision {
	rt := reg.RecordedThrough()
	for i := len(reg.events) - 1; i >= 0 && reg.events[i].Date == rt; i-- {
		return reg.events[i].Precision
	}
	return Day
}

// Note returns what a user must know about the data's completeness (for
// example that the newest list is provisional), or "".
func (reg *Registry) Note() string { return reg.data.Note }

// CheckDate returns an error wrapping ErrBeforeFirstList for a date
// before FirstDate, and nil otherwise.
func (reg *Registry) CheckDate(d Date) error {
	if d < reg.FirstDate() {
		return fmt.Errorf("%s is %w (%d): the registry knows nothing earlier", d, ErrBeforeFirstList, reg.firstYear)
	}
	return nil
}

// Now returns the date answered when none is asked: today in China
// Standard Time, or the newest recorded change's date if it lies ahead.
func (reg *Registry) Now() Date { return max(Today(), reg.Latest()) }

// PastRecorded reports whether d lies after the newest recorded change
// (RecordedThrough): nothing is known of such a date beyond that change.
func (reg *Registry) PastRecorded(d Date) bool { return d > reg.RecordedThrough() }

// BeyondHorizon reports whether d lies after the registry's horizon.
func (reg *Registry) BeyondHorizon(d Date) bool { return d > reg.Horizon() }

// HorizonNotice returns the notice for an answer dated d after the
// horizon, or "" for a date within it.
func (reg *Registry) HorizonNotice(d Date) string {
	if !reg.BeyondHorizon(d) {
		return ""
	}
	recorded := ""
	if rt := reg.RecordedThrough(); rt > reg.Horizon() {
		recorded = rt.Format(reg.RecordedThroughPrecision())
	}
	return HorizonWording(d, "the registry's", "data "+reg.version, reg.Horizon(), recorded)
}

// HorizonWording is the one wording of horizon notices, for the registry
// and for a level with a horizon of its own (the township lists): d is
// after whose horizon (e.g. "the registry's"), what is complete ("data
// 2026a"), through which date, and, if later changes are recorded, the
// date they are recorded through ("" for none), as written.
func HorizonWording(d Date, whose, what string, complete Date, recordedThrough string) string {
	if recordedThrough != "" {
		return fmt.Sprintf("%s is after %s horizon: %s is complete through %s; changes recorded through %s are included, later ones are not known",
			d, whose, what, complete, recordedThrough)
	}
	return fmt.Sprintf("%s is after %s horizon: %s is complete through %s; changes after it are not known", d, whose, what, complete)
}

// BeyondHorizon reports whether the view's date lies after the registry's
// horizon: its answers are then those of the newest known state.
func (v View) BeyondHorizon() bool { return v.reg.BeyondHorizon(v.date) }

// Where an event comes from, as Event.Origin says.
const (
	OriginUpstream = "upstream" // the upstream data set (data/areacodes)
	OriginProject  = "project"  // a change the project records (data/changes)
	OriginAuthored = "authored" // a change applied through the change workflow
)

// Origin says where the event comes from: OriginUpstream, OriginProject
// or OriginAuthored.
func (e *Event) Origin() string {
	switch {
	case e.Authored:
		return OriginAuthored
	case strings.HasPrefix(e.Ref, "data/changes/"):
		return OriginProject
	}
	return OriginUpstream
}

// The township level has a horizon of its own, apart from the county
// level's: the statistics bureau's last township list (2023-06-30,
// package township's Horizon), and beyond it the changes that one unofficial source
// shows, each flagged Unconfirmed, through a later date.

// TownshipHorizon returns the date through which the township level is
// complete (the last edition's cut-off) and the date of the newest
// unconfirmed township change recorded after it (zero if none). Both are
// zero for a registry without the township level.
func (reg *Registry) TownshipHorizon() (complete, unconfirmed Date) {
	if !reg.townships {
		return 0, 0
	}
	for i := len(reg.events) - 1; i >= 0; i-- {
		if e := &reg.events[i]; e.Unconfirmed {
			unconfirmed = e.Date
			break
		}
	}
	return lastTownshipList, unconfirmed
}

// TownshipHorizonText states the township horizon, e.g. "townships:
// statistics editions to 2023-06-30, unconfirmed changes to 2026-03-24";
// "" for a registry without the township level.
func (reg *Registry) TownshipHorizonText() string {
	complete, unconfirmed := reg.TownshipHorizon()
	if complete == 0 {
		return ""
	}
	s := "townships: statistics editions to " + complete.String()
	if unconfirmed != 0 {
		s += ", unconfirmed changes to " + unconfirmed.String() + " (one unofficial source)"
	}
	return s
}

// TownshipHorizonNotice returns the notice for a township answer dated d
// after the last township list, or "" for a date within it.
func (reg *Registry) TownshipHorizonNotice(d Date) string {
	complete, unconfirmed := reg.TownshipHorizon()
	if complete == 0 || d <= complete {
		return ""
	}
	s := "the township level is complete through " + complete.String() + ", the cut-off of the last township list published"
	if unconfirmed != 0 {
		return s + "; later changes through " + unconfirmed.String() + " rest on one unofficial source and are marked unconfirmed, others are not known"
	}
	return s + "; later changes are not known"
}
