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
// 2023 (cut-off dates 2015-09-30 … 2023-06-30), and the civil affairs
// ministry's record of township changes 2014–2023 with their approving
// documents (批准文件), compiled into township.bin by go generate. No
// edition after 2023 exists publicly: the bureau stopped publishing the
// codes in 2024, so the township level's horizon is the 2023 edition's
// cut-off, 2023-06-30; later township changes are not known to it.
//
// Township records start and end at edition cut-off dates (a change is in
// force by the cut-off of the first edition that shows it), except where a
// township's code followed its county's recode: then the record changes on
// the county event's date, and the link is derived from that event (as
// 220381103 → 220184103 范家屯镇 follows 220381 → 220184 公主岭市, 国函〔2020〕84号).
// Differences between editions that no document states are kept as
// inferred links (the event's Ref gives the evidence) or, failing that,
// as unexplained starts and ends, listed in testdata/unexplained.txt.
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
// published.
const Horizon quhua.Date = 20230630

func init() { levels.Township, levels.TownshipHorizon = Data, int32(Horizon) }

var (
	once sync.Once
	data *snapshot.Data
	err  error
)

// Data returns the compiled township level, decoded once. Callers must not
// modify it.
func Data() (*snapshot.Data, error) {
	once.Do(func() { data, err = snapshot.Decode(embedded) })
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
