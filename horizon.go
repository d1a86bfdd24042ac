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
// notice (BeyondHorizon, HorizonNotice): the CLI prints it as a warning
// on standard error, the HTTP API sends it in a header and in the JSON.

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

// BeyondHorizon reports whether d lies after the registry's horizon.
func (reg *Registry) BeyondHorizon(d Date) bool { return d > reg.Horizon() }

// HorizonNotice returns the notice for an answer dated d after the
// horizon, or "" for a date within it.
func (reg *Registry) HorizonNotice(d Date) string {
	if !reg.BeyondHorizon(d) {
		return ""
	}
	h := reg.Horizon()
	if rt := reg.RecordedThrough(); rt > h {
		return fmt.Sprintf("%s is after the registry's horizon: data %s is complete through %s; changes recorded through %s are included, later ones are not known",
			d, reg.version, h, rt.Format(reg.RecordedThroughPrecision()))
	}
	return fmt.Sprintf("%s is after the registry's horizon: data %s is complete through %s; changes after it are not known", d, reg.version, h)
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
