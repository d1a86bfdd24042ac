// Package township adds the township level (乡级: 街道, 镇, 乡, 民族乡,
// 苏木 …, 9-digit codes) to the registry, in the spirit of time/tzdata:
// a program that imports it, even only for its side effect,
//
//	import _ "github.com/quhua/quhua/township"
//
// gets townships in quhua.Default(): Lookup of 9-digit codes, Children of
// a county, Find, History, Translate and Diff at township level. Programs
// that do not import it pay nothing for it.
//
// The data are the statistics bureau's township lists, editions 2015 to
// 2023 (cut-off dates 2015-09-30 … 2023-06-30), the civil affairs
// ministry's record of township changes 2014–2023 with their approving
// documents (批准文件, data/areacodes/sub-county-diff.xlsx), and, after the
// last edition, the snapshots of mumuy/data_location (an unofficial
// source, data/data_location), compiled into township.bin by go generate.
// The bureau stopped publishing the codes in 2024: the township level is
// complete through 2023-06-30, and its later changes through the newest
// snapshot rest on one unofficial source, each flagged
// quhua.Event.Unconfirmed (quhua.Registry.TownshipHorizonText states both).
//
// Dates are no more precise than their evidence. A change the workbook
// records is dated by its sheet's year (precision Year: the workbook gives
// no day), and wins over an edition that still shows the state before; a
// change only two editions show is dated by the interval between their
// cut-offs (precision quhua.Interval, Event.After and Event.Date), never
// by a cut-off as a day; a township whose code followed its county's
// recode changes on the county event's date, and the link is derived from
// that event (as 220381103 → 220184103 范家屯镇 follows 220381 → 220184
// 公主岭市, 国函〔2020〕84号). Within such a year or interval,
// quhua.Record.Uncertain reports that the state is not known.
//
// Every workbook row is placed (testdata/replay.txt gives the counts,
// testdata/unplaced.txt the rows left with their reasons). Where the
// ministry codes a township otherwise than the bureau, the record says
// which system its code belongs to and names the counterpart
// (quhua.Record.System, Counterpart; Registry.CounterpartRecords gives a
// number's other reading); rows whose codes no edition lists enter as
// civil-affairs records. Differences between editions that no document
// states are kept as inferred links (the event's Ref gives the evidence)
// or, failing that, as unexplained starts and ends, listed in
// testdata/unexplained.txt with the evidence examined.
//
// A township's legal parent is a county-level division: the county of its
// code, its successor or predecessor across a recode, or for codes under
// the bureau's statistics-only units (development zones, XXXX71–XXXX79)
// the county that the unit's own code, the township's civil-affairs code,
// a workbook row, another edition, a document
// (data/corrections/township-legal-parents.csv) or data_location names,
// in that order (quhua.Record.LegalBasis, LegalNote; one unofficial source
// is unconfirmed); the unit is kept as the one that manages it
// (quhua.Record.Unit). Where nothing names the county, the legal parent is
// not known and LegalNote says why; testdata/legal.txt lists every such
// record with its evidence.
package township

import (
	_ "embed"
	"errors"
	"sync"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/internal/levels"
	"github.com/quhua/quhua/snapshot"
)

//go:generate go run ../build/gentownship -data ../data -out township.bin -report testdata

//go:embed township.bin
var embedded []byte

// Horizon is the date through which the township level is complete: the
// cut-off of the 2023 edition, the last one the statistics bureau
// published. Later changes are unconfirmed (see
// quhua.Registry.TownshipHorizon).
const Horizon quhua.Date = 20230630

func init() { levels.Township = Data }

var (
	once sync.Once
	data *snapshot.Data
	err  error
)

// Data returns the compiled township level, decoded once. Callers must not
// modify it.
func Data() (*snapshot.Data, error) {
	once.Do(func() { data, err = snapshot.DecodeReadOnly(embedded) })
	return data, err
}

// Load returns the default registry, which holds the township level since
// this package is imported; unlike quhua.Default it reports a corrupt
// snapshot as an error.
func Load() (*quhua.Registry, error) {
	var reg *quhua.Registry
	var perr error
	func() {
		defer func() {
			if r := recover(); r != nil {
				perr = errors.New("township: " + toString(r))
			}
		}()
		reg = quhua.Default()
	}()
	return reg, perr
}

func toString(v any) string {
	if s, ok := v.(string); ok {
		return s
	}
	if e, ok := v.(error); ok {
		return e.Error()
	}
	return "corrupt snapshot"
}

// With returns a registry holding reg's records and events and the
// township level, for registries loaded from another snapshot or extended
// with authored changes. reg must not hold townships already.
func With(reg *quhua.Registry) (*quhua.Registry, error) {
	if reg.HasTownships() {
		return nil, errors.New("township: the registry already holds the township level")
	}
	t, err := Data()
	if err != nil {
		return nil, err
	}
	d, err := snapshot.Merge(reg.Data(), t)
	if err != nil {
		return nil, err
	}
	return quhua.Build(d)
}
