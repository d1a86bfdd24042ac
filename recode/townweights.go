package recode

import (
	"fmt"

	"github.com/quhua/quhua"
)

// TownshipWeights returns built-in weights for --aggregate of splits: the
// share of the source unit's townships that went to each of its targets,
// from the township lineage. It is a proxy: it counts townships, not
// people or area, and a township counts whole even where it was itself
// divided.
//
// Each source is read as recode reads it: on from, or with fromAuto at
// the latest date it was in force. Its townships are those in force on
// that date, or, for dates before the first township list, on the first
// list's date if the source was still in force then. A township goes to
// the county it lies in on date to (on the last township list for later
// dates: the township level knows nothing after it). Sources with no
// townships on record, or whose townships reached none of its targets,
// get no weight: their rows stay a group listing the candidates. The
// registry must hold the township level (package township).
func TownshipWeights(reg *quhua.Registry, from quhua.Date, fromAuto bool, to quhua.Date) (Weights, error) {
	if !reg.HasTownships() {
		return nil, fmt.Errorf("--weights townships needs the registry's township level")
	}
	if to == 0 {
		to = reg.Latest()
	}
	townTo := min(to, TownshipHorizon(reg))
	// The township records by their county's code (the first six digits).
	byCounty := map[quhua.Code][]*quhua.Record{}
	var firstList quhua.Date
	for _, r := range reg.Records() {
		if r.Level() != quhua.Township {
			continue
		}
		byCounty[r.Code/1000] = append(byCounty[r.Code/1000], r)
		if r.From != 0 && (firstList == 0 || r.From < firstList) {
			firstList = r.From
		}
	}
	m := NewMapper(reg, MapperOptions{From: from, FromAuto: fromAuto, To: to})
	w := Weights{}
	for _, c := range indexOf(reg).codes {
		res := m.Code(c)
		if len(res.Main) < 2 || res.Source == nil {
			continue
		}
		src := res.Source
		at := res.Vintage
		if firstList != 0 && at < firstList {
			if !src.InForce(firstList) {
				continue
			}
			at = firstList
		}
		targets := map[quhua.Code]bool{}
		for _, x := range res.Main {
			targets[x.Record.Code] = true
		}
		count := map[quhua.Code]float64{}
		total := 0.0
		for _, t := range byCounty[src.Code] {
			if !t.InForce(at) {
				continue
			}
			tr := reg.TranslateRecord(t, at, townTo)
			if len(tr.Main()) != 1 {
				continue // the township itself went several ways
			}
			county := tr.Main()[0].Record.Code / 1000
			// The county of date to that holds it: recoded since the
			// township list, it is found through the county lineage.
			if townTo < to {
				cr := countyRecord(reg, county, townTo)
				if cr == nil {
					continue
				}
				ct := reg.TranslateRecord(cr, townTo, to)
				if len(ct.Main()) != 1 {
					continue
				}
				county = ct.Main()[0].Record.Code
			}
			if targets[county] {
				count[county]++
				total++
			}
		}
		if total == 0 {
			continue
		}
		ws := map[quhua.Code]float64{}
		for code, n := range count {
			ws[code] = n / total
		}
		w[src.Code] = ws
	}
	return w, nil
}

func countyRecord(reg *quhua.Registry, c quhua.Code, at quhua.Date) *quhua.Record {
	if d, ok := reg.At(at).Lookup(c); ok {
		return d.Record
	}
	return nil
}

// TownshipHorizon is the date of the last township list a registry holds
// (the latest date a township record starts on; 2023-06-30 for the
// embedded data, package township's Horizon): the township level knows
// nothing after it. Zero without the township level.
func TownshipHorizon(reg *quhua.Registry) quhua.Date {
	var h quhua.Date
	for _, r := range reg.Records() {
		if r.Level() == quhua.Township && r.From > h {
			h = r.From
		}
	}
	return h
}
