package townimport

import (
	"bufio"
	"cmp"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// SourceDataLocation names the unofficial source of the township changes
// after the last edition.
const SourceDataLocation = "data_location (mumuy/data_location, unofficial)"

// Snapshot is one commit of data_location that touched its township
// files: the county files it changed or added, each mapping 9-digit codes
// to names (normalised, see Normalize; units 4xx–5xx left out).
type Snapshot struct {
	Dir    string // the directory under data/data_location, e.g. 2024-02-21-d8ebab9
	Commit string
	Date   int32 // the commit's date, YYYYMMDD
	Files  map[uint32]map[uint32]string
}

// ReadDataLocation reads the snapshots listed in dir/SNAPSHOTS.tsv, oldest
// first. A malformed line, file, code or date is an error naming it.
func ReadDataLocation(dir string) ([]Snapshot, error) {
	list := filepath.Join(dir, "SNAPSHOTS.tsv")
	f, err := os.Open(list)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var out []Snapshot
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if l == "" || strings.HasPrefix(l, "#") {
			continue
		}
		fs := strings.Split(l, "\t")
		if len(fs) != 4 {
			return nil, fmt.Errorf("%s:%d: %d fields, want 4 (dir, commit, date, subject)", list, line, len(fs))
		}
		d, _, err := quhua.ParseDate(fs[2])
		if err != nil || len(fs[2]) != 10 {
			return nil, fmt.Errorf("%s:%d: date %q is not YYYY-MM-DD", list, line, fs[2])
		}
		if len(out) > 0 && int32(d) < out[len(out)-1].Date {
			return nil, fmt.Errorf("%s:%d: snapshot %s is older than the one before it", list, line, fs[0])
		}
		s := Snapshot{Dir: fs[0], Commit: fs[1], Date: int32(d), Files: map[uint32]map[uint32]string{}}
		if err := s.read(filepath.Join(dir, fs[0], "code")); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", list, err)
	}
	return out, nil
}

func (s *Snapshot) read(dir string) error {
	ents, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range ents {
		path := filepath.Join(dir, e.Name())
		name, ok := strings.CutSuffix(e.Name(), ".json")
		county, err := strconv.ParseUint(name, 10, 32)
		if !ok || err != nil || len(name) != 6 {
			return fmt.Errorf("%s: not a county file XXXXXX.json", path)
		}
		b, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		units, err := parseCountyFile(b, uint32(county))
		if err != nil {
			return fmt.Errorf("%s: %w", path, err)
		}
		s.Files[uint32(county)] = units
	}
	return nil
}

// parseCountyFile reads one county file: a JSON object of 9-digit codes
// under the county and their names.
func parseCountyFile(b []byte, county uint32) (map[uint32]string, error) {
	var m map[string]string
	if err := json.Unmarshal(b, &m); err != nil {
		return nil, err
	}
	units := map[uint32]string{}
	for k, v := range m {
		c, err := strconv.ParseUint(k, 10, 32)
		if err != nil || len(k) != 9 {
			return nil, fmt.Errorf("code %q is not 9 digits", k)
		}
		// A file may list a township whose code lies under another
		// county (moved without a new code): it is read by its code.
		if uint32(c)/10000000 != county/10000 {
			return nil, fmt.Errorf("code %s is not in the province of county %06d", k, county)
		}
		if !Included(uint32(c)) {
			continue
		}
		n := Normalize(v)
		if n == "" {
			return nil, fmt.Errorf("code %s has no name", k)
		}
		units[uint32(c)] = n
	}
	return units, nil
}

// DataLocationReport is what the import of data_location found.
type DataLocationReport struct {
	Changes   int // township records ended or started by a change between two snapshots
	Confirmed int // changes the workbook's rows (with documents) already give
	Unmatched int // codes a snapshot drops that no township record in force bears
	Last      int32
}

// dataLocation records the township changes data_location shows between
// consecutive snapshots after the first: each dated by the interval
// between the two commits, flagged unconfirmed. A change the workbook
// already gives (the record has ended, or the new one is in force) is
// left to the workbook.
func (b *builder) dataLocation(snaps []Snapshot) {
	rep := &b.rep.DataLocation
	state := map[uint32]map[uint32]string{}
	for i, s := range snaps {
		counties := make([]uint32, 0, len(s.Files))
		for c := range s.Files {
			counties = append(counties, c)
		}
		slices.Sort(counties)
		if i == 0 {
			for _, c := range counties {
				state[c] = s.Files[c]
			}
			continue
		}
		prev := snaps[i-1]
		type unit struct {
			code uint32
			name string
		}
		var gone, added []unit
		for _, c := range counties {
			old, now := state[c], s.Files[c]
			for code, name := range old {
				if n, ok := now[code]; !ok || core(n) != core(name) {
					gone = append(gone, unit{code, name})
				}
			}
			for code, name := range now {
				if o, ok := old[code]; !ok || core(o) != core(name) {
					added = append(added, unit{code, name})
				}
			}
			state[c] = now
		}
		by := func(x, y unit) int { return cmp.Compare(x.code, y.code) }
		slices.SortFunc(gone, by)
		slices.SortFunc(added, by)
		evs := map[uint32]int{}
		eventFor := func(county uint32) int {
			if id, ok := evs[county]; ok {
				return id
			}
			id := len(b.events)
			evs[county] = id
			b.events = append(b.events, &event{date: s.Date, prec: quhua.Interval, after: prev.Date, unconfirmed: true,
				year: int(s.Date / 10000), countyEvent: -1, cat: Inferred,
				ref: fmt.Sprintf("%s: code/%06d.json differs between the snapshots of %s (commit %.7s) and %s (commit %.7s); no document, unconfirmed",
					SourceDataLocation, county, fmtDate(prev.Date), prev.Commit, fmtDate(s.Date), s.Commit)})
			return id
		}
		ended := map[uint32]int{} // code → record ended here
		for _, g := range gone {
			ri := -1
			for _, j := range b.byCode[g.code] {
				if r := b.recs[j]; !r.workbook && r.to == 0 && r.toEv < 0 && nameMatch(g.name, r.name) {
					ri = j
				}
			}
			if ri < 0 {
				confirmed := false
				for _, j := range b.byCode[g.code] {
					if r := b.recs[j]; nameMatch(g.name, r.name) && r.toEv >= 0 && b.events[r.toEv].cat == Documented {
						confirmed = true
					}
				}
				if confirmed {
					rep.Confirmed++
				} else {
					rep.Unmatched++
				}
				continue
			}
			id := eventFor(g.code / 1000)
			b.recs[ri].toEv, b.recs[ri].endCat = id, Inferred
			ended[g.code] = ri
			rep.Changes++
		}
		for _, a := range added {
			// Known already, or a code whose post-edition change the
			// workbook documents (the workbook takes precedence).
			known := false
			for _, j := range b.byCode[a.code] {
				r := b.recs[j]
				if r.name == a.name && r.toEv < 0 || b.documentedAfter(r, b.eds[len(b.eds)-1].Cutoff) {
					known = true
				}
			}
			if known {
				rep.Confirmed++
				continue
			}
			id := eventFor(a.code / 1000)
			r := &rec{code: a.code, name: a.name, fromK: len(b.eds), toK: -1, from: s.Date, fromEv: id, toEv: -1, startCat: Inferred}
			ni := len(b.recs)
			b.recs = append(b.recs, r)
			b.byCode[a.code] = append(b.byCode[a.code], ni)
			b.byCounty[a.code/1000] = append(b.byCounty[a.code/1000], ni)
			rep.Changes++
			// Its predecessor: the record of the same code, or of the
			// same name under the same county, ended here.
			from := -1
			if oi, ok := ended[a.code]; ok {
				from = oi
			} else {
				for code, oi := range ended {
					if code/1000 == a.code/1000 && core(b.recs[oi].name) == core(a.name) {
						from = oi
					}
				}
			}
			if from >= 0 {
				ev := b.events[id]
				ev.links = append(ev.links, link{from: from, to: ni, flags: snapshot.Inferred | snapshot.Unconfirmed})
			}
			rep.Last = max(rep.Last, s.Date)
		}
		if len(gone) > 0 && rep.Changes > 0 {
			rep.Last = max(rep.Last, s.Date)
		}
	}
}

// documentedAfter reports whether a record starts or ends in a documented
// event dated after d.
func (b *builder) documentedAfter(r *rec, d int32) bool {
	for _, e := range []int{r.fromEv, r.toEv} {
		if e >= 0 && b.events[e].cat == Documented && b.events[e].date > d {
			return true
		}
	}
	return false
}
