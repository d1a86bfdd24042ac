// Package townimport compiles the township level: the statistics bureau's
// yearly township lists (editions 2015–2023) and the civil affairs
// ministry's record of township changes (sub-county-diff.xlsx, 2014–2023)
// into records, events and links of the registry's engine.
//
// Records come from the editions: one record per code and name over the
// editions that list them, starting and ending at edition cut-off dates.
// Every difference between two consecutive editions (a record that ends or
// starts) is then explained, in this order:
//
//  1. documented: a row of the workbook places it, with its 批准文件;
//  2. county: its county was recoded (or moved) by a county-level event of
//     the registry between the two cut-offs, and a township of the same
//     name appears under the new county code; the link is marked derived
//     and belongs to the county's event (and takes its date);
//  3. inferred: the same code with a new name, or the same name under the
//     same county with a new code, or one of the stated rules of Rules (a
//     new kind, a move within the prefecture or province, the bureau's
//     spellings, a split or merge keeping a name, a slip); the link is
//     marked inferred, its event dated by the interval between the two
//     cut-offs, and its Ref states the evidence; no rule goes against a
//     workbook row;
//  4. unexplained: none of these; the record starts or ends in an event
//     that says so, and the report lists it with the evidence examined.
//
// Before the last step, follow makes every record whose county ended by a
// county-level event end on that day (or, without a successor, on or
// before it) where the steps above placed its end later: no code outlives
// its county; and a record whose county gave the part holding it to
// another county, where the next edition lists it, moves on that day.
//
// Rows of the workbook that no pair of editions shows are listed in the
// report with the reason.
package townimport

import (
	"cmp"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// Source names the data sets in event references.
const (
	SourceEditions = "统计用区划代码 (国家统计局), editions 2015–2023"
	SourceChanges  = "sub-county-diff.xlsx (民政部 县以下行政区划变更情况)"
)

// Category of an explained difference.
type Category uint8

// The categories, strongest first.
const (
	Documented Category = iota + 1
	County
	Inferred
	Unexplained
)

var categoryNames = [...]string{"", "documented", "county", "inferred", "unexplained"}

func (c Category) String() string { return categoryNames[c] }

type rec struct {
	code         uint32
	name         string
	fromK, toK   int   // edition index where the record starts (0: first) and first edition without it (-1: open)
	from, to     int32 // dates; 0 open
	fromEv, toEv int   // local event index, -1
	startCat     Category
	endCat       Category
	// workbook: the record comes from the workbook alone (no edition lists
	// its code under its name); its code is the civil affairs ministry's.
	workbook    bool
	counterpart uint32 // the code of the same township in the other system, 0 if none
	legal       uint32 // legal county where the code's county is a statistics-only unit
	unit        string // that unit, "code name"
	legalBasis  uint8  // the evidence of legal (legalCivil …), legalUnknown if none
	legalCert   uint8  // snapshot.CertOfficial or CertUnconfirmed
	legalNote   string // the evidence cited, or why legal is not known
}

type link struct {
	from, to int
	flags    uint8
}

type event struct {
	date        int32
	prec        quhua.Precision
	after       int32 // start of the interval (prec Interval)
	unconfirmed bool
	k           int // the later edition of the pair that shows it (documented events)
	year        int
	docs        []snapshot.Doc
	ref         string
	links       []link
	countyEvent int // index of the county-level event a derived event follows, else -1
	cat         Category
}

// Pair is the replay measurement of two consecutive editions.
type Pair struct {
	From, To int // edition years
	// Differences counts the records that end or start between the two
	// editions (a renamed township counts twice: its old record ends, its
	// new one starts).
	Differences                               int
	Documented, County, Inferred, Unexplained int
}

// Unplaced is a workbook row no pair of editions shows, with the reason.
type Unplaced struct {
	Change Change
	Reason string
}

// Report is what the import measured.
type Report struct {
	Pairs       []Pair
	Unexplained []string // one line per unexplained difference, sorted
	Unplaced    []Unplaced
	Rows        int // workbook rows read
	Placed      int // rows placed, by a pair of editions or by their document
	// ByDocument counts the rows placed by their document alone (no pair
	// of editions shows them): dated by the sheet's year.
	ByDocument int
	// Units counts the township records whose code sits under a
	// statistics-only unit; UnitsUnresolved those whose legal county no
	// document or edition gives.
	Units, UnitsUnresolved int
	// DataLocation counts the changes after the last edition that
	// data_location shows.
	DataLocation DataLocationReport
	// Links are the placed rows that name both a 原区划代码 and a
	// 现区划代码, with the bureau's codes they were placed on.
	Links []RowLink
	// ByRule counts the report lines each inference rule (Rules)
	// explained; RuleLinks are the links the rules made.
	ByRule    []RuleCount
	RuleLinks []RuleLink
	// Followed counts the records whose end follow moved to (or bounded
	// by) the day their county ended or gave their part to another.
	Followed int
	// FollowedLinks counts, of those, the successors under a county the
	// county-level event does not name, same name [0], and the successors
	// of another name or kind that no record bridges [1] (they keep the
	// start the editions date).
	FollowedLinks [2]int
}

// RowLink is a placed row with both codes: the lineage of the registry
// must lead from Old (in force the day before Date) to New on Date.
type RowLink struct {
	Change   Change
	Old, New uint32 // the bureau's codes (they differ from the row's where the ministry's codes do)
	Date     int32  // the event's date
	ev       int    // the event's local index
}

type builder struct {
	eds      []*Edition
	county   *snapshot.Data
	recs     []*rec
	byCode   map[uint32][]int
	byCounty map[uint32][]int
	events   []*event
	rep      *Report
	changes  []Change
	near     map[int][]Change // workbook rows near a pair (nearRows)
	snaps    []Snapshot
	// legalRows are the legal-parents file's rows (see legalParents).
	legalRows []LegalRow
	// bound: the records that end unexplained under a county that ended
	// within their pair, and that county's end (follow).
	bound map[int]countyEnd
	// followLinks counts the links follow moved to a county's event whose
	// successor is under a county the event does not name with the same
	// name [0], or has another name or kind and no record between [1].
	followLinks [2]int
}

// Build compiles the township level. county is the county-level registry's
// compiled data, whose events the townships' codes follow.
func Build(eds []*Edition, changes []Change, county *snapshot.Data) (*snapshot.Data, *Report, error) {
	return BuildWith(eds, changes, nil, county)
}

// BuildWith is Build with the snapshots of data_location, whose changes
// after the last edition it records as unconfirmed.
func BuildWith(eds []*Edition, changes []Change, snaps []Snapshot, county *snapshot.Data) (*snapshot.Data, *Report, error) {
	return BuildAll(eds, changes, snaps, nil, county)
}

// BuildAll is BuildWith with the rows of the legal-parents file (see
// ReadLegalParents), which name the legal county of townships under
// statistics-only units.
func BuildAll(eds []*Edition, changes []Change, snaps []Snapshot, legal []LegalRow, county *snapshot.Data) (*snapshot.Data, *Report, error) {
	b := &builder{eds: eds, county: county, byCode: map[uint32][]int{}, byCounty: map[uint32][]int{}, rep: &Report{Rows: len(changes)}, changes: changes, snaps: snaps, legalRows: legal}
	b.records()
	b.documented()
	b.derived()
	b.byDocument()
	b.inferred()
	b.byRules()
	b.rep.Followed = b.follow()
	b.rep.FollowedLinks = b.followLinks
	b.unexplained()
	b.dataLocation(snaps)
	var err error
	if b.rep.Units, b.rep.UnitsUnresolved, err = b.legalParents(); err != nil {
		return nil, nil, err
	}
	d, err := b.emit()
	if err != nil {
		return nil, nil, err
	}
	b.measure()
	for i := range b.rep.Links {
		b.rep.Links[i].Date = b.events[b.rep.Links[i].ev].date
	}
	return d, b.rep, nil
}

// records makes one record per code and name over the editions listing it.
func (b *builder) records() {
	open := map[uint32]*rec{}
	for k, ed := range b.eds {
		codes := make([]uint32, 0, len(ed.Units))
		for c := range ed.Units {
			codes = append(codes, c)
		}
		slices.Sort(codes)
		for _, c := range codes {
			name := ed.Units[c]
			if r, ok := open[c]; ok {
				if r.name == name {
					continue
				}
				r.toK, r.to = k, ed.Cutoff
			}
			r := &rec{code: c, name: name, fromK: k, toK: -1, fromEv: -1, toEv: -1}
			if k > 0 {
				r.from = ed.Cutoff
			}
			open[c] = r
			b.byCounty[c/1000] = append(b.byCounty[c/1000], len(b.recs))
			b.byCode[c] = append(b.byCode[c], len(b.recs))
			b.recs = append(b.recs, r)
		}
		for c, r := range open {
			if _, ok := ed.Units[c]; !ok {
				r.toK, r.to = k, ed.Cutoff
				delete(open, c)
			} else if r.toK == k {
				// replaced above by a record of the new name
				_ = r
			}
		}
		for c, r := range open {
			if r.toK == k {
				delete(open, c)
			}
		}
		// re-open the records that replaced closed ones
		for _, c := range codes {
			rs := b.byCode[c]
			last := b.recs[rs[len(rs)-1]]
			if last.toK == -1 {
				open[c] = last
			}
		}
	}
}

// inForce reports whether r is listed in edition k.
func (r *rec) inForce(k int) bool { return r.fromK <= k && (r.toK == -1 || k < r.toK) }

// core strips a township name's kind, so that 北淮淀乡 and 北淮淀镇 match.
func core(name string) string {
	for _, suf := range []string{"街道", "民族乡", "民族苏木", "苏木", "区公所", "镇", "乡"} {
		if s, ok := strings.CutSuffix(name, suf); ok && s != "" {
			return s
		}
	}
	return name
}

func nameMatch(rowName, recName string) bool {
	if rowName == "" {
		return true
	}
	n := Normalize(rowName)
	return n == recName || core(n) == core(recName)
}

// side finds the record a row's old (or new) side denotes at pair k: one
// that ends (starts) at k, or else one listed in both editions (it goes
// on). The ministry's codes and the bureau's differ for some townships: a
// side whose code no edition lists under its name is found by its name
// under the county (byName reports it).
func (b *builder) side(code uint32, name string, k int, old bool, county uint32) (idx int, changes bool, byName bool, ok bool) {
	cands := b.byCode[code]
	if code == 0 || !b.listedAnywhere(code, name) {
		if name == "" || county == 0 {
			return -1, false, false, false
		}
		byName = code != 0
		cands = nil
		for _, i := range b.byCounty[county] {
			if b.recs[i].name == Normalize(name) {
				cands = append(cands, i)
			}
		}
	}
	goesOn := -1
	for _, i := range cands {
		r := b.recs[i]
		if !nameMatch(name, r.name) {
			continue
		}
		if old && r.toK == k || !old && r.fromK == k && k > 0 {
			return i, true, byName, true
		}
		if r.inForce(k-1) && r.inForce(k) {
			goesOn = i
		}
	}
	if goesOn >= 0 {
		return goesOn, false, byName, true
	}
	return -1, false, false, false
}

// candidatePairs returns the pairs (index of the later edition) in which a
// row of a sheet may show, nearest first: changes of year S show in the
// edition of S or S+1, later ones in rare cases.
func (b *builder) candidatePairs(sheet int) []int {
	var ks []int
	for k := 1; k < len(b.eds); k++ {
		if y := b.eds[k].Year; y >= sheet-1 && y <= sheet+3 {
			ks = append(ks, k)
		}
	}
	dist := func(k int) int {
		y := b.eds[k].Year
		switch {
		case y == sheet+1:
			return 0
		case y == sheet:
			return 1
		case y > sheet:
			return y - sheet
		}
		return 10 + sheet - y
	}
	slices.SortStableFunc(ks, func(a, c int) int { return dist(a) - dist(c) })
	return ks
}

type placed struct {
	row      int // index into b.changes
	k        int
	old, new int // record indexes or -1
	oldEnds  bool
	newStart bool
	byName   []string // sides found by name, the row's code not being the bureau's
}

// documented places the workbook's rows and groups them into events: the
// rows of one pair that share a record or a document form one event.
func (b *builder) documented() {
	var ps []placed
	for i, c := range b.changes {
		p, why := b.place(i, c)
		if why != "" {
			b.rep.Unplaced = append(b.rep.Unplaced, Unplaced{Change: c, Reason: why})
			continue
		}
		ps = append(ps, p)
	}
	b.rep.Placed = len(ps)
	// Union rows sharing a record or a (non-empty) document within a pair.
	parent := make([]int, len(ps))
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(i int) int {
		for parent[i] != i {
			parent[i] = parent[parent[i]]
			i = parent[i]
		}
		return i
	}
	union := func(a, c int) { parent[find(a)] = find(c) }
	type key struct {
		k   int
		s   string
		rec int
	}
	first := map[key]int{}
	for i, p := range ps {
		keys := []key{}
		if p.old >= 0 {
			keys = append(keys, key{p.k, "", p.old})
		}
		if p.new >= 0 {
			keys = append(keys, key{p.k, "", p.new})
		}
		if doc := b.changes[p.row].Document; doc != "" {
			keys = append(keys, key{p.k, fmt.Sprintf("%d/%s", b.changes[p.row].Sheet, doc), -1})
		}
		for _, kk := range keys {
			if j, ok := first[kk]; ok {
				union(i, j)
			} else {
				first[kk] = i
			}
		}
	}
	groups := map[int][]placed{}
	var roots []int
	for i, p := range ps {
		r := find(i)
		if _, ok := groups[r]; !ok {
			roots = append(roots, r)
		}
		groups[r] = append(groups[r], p)
	}
	for _, root := range roots {
		g := groups[root]
		k := g[0].k
		sheet := 0
		for _, p := range g {
			sheet = max(sheet, b.changes[p.row].Sheet)
		}
		// Dated by the sheet's year: the workbook gives no day, and the
		// edition's cut-off is not the day of the change.
		ev := &event{date: int32(quhua.EndOfYear(sheet)), prec: quhua.Year, k: k, year: b.eds[k].Year, countyEvent: -1, cat: Documented}
		var cites []string
		seenDoc := map[string]int{}
		for _, p := range g {
			c := b.changes[p.row]
			// The ministry's code of a township the bureau codes
			// otherwise is its counterpart.
			if p.old >= 0 && c.OldCode != 0 && b.recs[p.old].code != c.OldCode {
				b.counterpart(p.old, c.OldCode)
			}
			if p.new >= 0 && c.NewCode != 0 && b.recs[p.new].code != c.NewCode {
				b.counterpart(p.new, c.NewCode)
			}
			if len(p.byName) > 0 {
				cites = append(cites, c.Cite()+" ("+strings.Join(p.byName, ", ")+")")
			} else {
				cites = append(cites, c.Cite())
			}
			// One document per 批准文件; its title lists the rows' reasons.
			title := c.Reason
			if title == "" {
				title = "(变更原因 not given)"
			}
			if j, ok := seenDoc[c.Document]; !ok {
				seenDoc[c.Document] = len(ev.docs)
				ev.docs = append(ev.docs, snapshot.Doc{Number: c.Document, Title: title, Source: c.Cite()})
			} else if !slices.Contains(strings.Split(ev.docs[j].Title, "；"), title) {
				ev.docs[j].Title += "；" + title
			}
			if p.old >= 0 && p.new >= 0 && p.old != p.new {
				var fl uint8
				if !p.oldEnds {
					fl = snapshot.Transfer
				}
				if !slices.ContainsFunc(ev.links, func(l link) bool { return l.from == p.old && l.to == p.new }) {
					ev.links = append(ev.links, link{from: p.old, to: p.new, flags: fl})
				}
			}
		}
		ev.ref = fmt.Sprintf("%s; first shown in the %d edition (cut-off %s)", strings.Join(cites, ", "), b.eds[k].Year, fmtDate(b.eds[k].Cutoff))
		if lag := b.eds[k-1]; lag.Cutoff > ev.date {
			ev.ref += fmt.Sprintf("; the %d edition (cut-off %s) still shows the state before: the document's year is taken", lag.Year, fmtDate(lag.Cutoff))
		}
		id := len(b.events)
		b.events = append(b.events, ev)
		for _, p := range g {
			if p.old >= 0 && p.new >= 0 && p.old != p.new && b.changes[p.row].OldCode != 0 && b.changes[p.row].NewCode != 0 {
				b.rep.Links = append(b.rep.Links, RowLink{Change: b.changes[p.row], Old: b.recs[p.old].code, New: b.recs[p.new].code, ev: id})
			}
			if p.oldEnds && b.recs[p.old].toEv < 0 {
				b.recs[p.old].toEv, b.recs[p.old].endCat = id, Documented
			}
			if p.newStart && b.recs[p.new].fromEv < 0 {
				b.recs[p.new].fromEv, b.recs[p.new].startCat = id, Documented
			}
		}
	}
}

func fmtDate(d int32) string {
	return fmt.Sprintf("%04d-%02d-%02d", d/10000, d/100%100, d%100)
}

// place finds the pair of editions that shows a row.
func (b *builder) place(i int, c Change) (placed, string) {
	county := c.NewCode / 1000
	if county == 0 {
		county = c.OldCode / 1000
	}
	if c.Sheet < b.eds[0].Year && (c.OldCode == 0 || !b.listedAnywhere(c.OldCode, c.OldName)) {
		return placed{}, fmt.Sprintf("before the first edition (%s)", fmtDate(b.eds[0].Cutoff))
	}
	hasOld := c.OldCode != 0 || c.OldName != ""
	hasNew := c.NewCode != 0 || c.NewName != ""
	for _, k := range b.candidatePairs(c.Sheet) {
		p := placed{row: i, k: k, old: -1, new: -1}
		ok := true
		var byName bool
		if hasOld {
			p.old, p.oldEnds, byName, ok = b.side(c.OldCode, c.OldName, k, true, c.OldCode/1000|county*b2u(c.OldCode == 0))
			if byName {
				p.byName = append(p.byName, fmt.Sprintf("原区划代码 %09d is the bureau's %09d", c.OldCode, b.recs[p.old].code))
			}
		}
		if ok && hasNew {
			var okN bool
			p.new, p.newStart, byName, okN = b.side(c.NewCode, c.NewName, k, false, c.NewCode/1000|county*b2u(c.NewCode == 0))
			ok = okN
			if ok && byName {
				p.byName = append(p.byName, fmt.Sprintf("现区划代码 %09d is the bureau's %09d", c.NewCode, b.recs[p.new].code))
			}
		}
		if !ok || !p.oldEnds && !p.newStart {
			continue
		}
		// A record that goes on on both sides says nothing: a township that
		// goes on gave area to one that starts (split), or received it from
		// one that ends (merge).
		return p, ""
	}
	switch last := b.eds[len(b.eds)-1]; {
	case c.Sheet >= last.Year:
		return placed{}, fmt.Sprintf("after the last edition (%s): no later edition exists", fmtDate(last.Cutoff))
	case c.OldCode != 0 && !b.listedAnywhere(c.OldCode, c.OldName):
		return placed{}, fmt.Sprintf("原区划代码 %09d %s is in no edition", c.OldCode, c.OldName)
	case c.NewCode != 0 && !b.listedAnywhere(c.NewCode, c.NewName):
		return placed{}, fmt.Sprintf("现区划代码 %09d %s is in no edition", c.NewCode, c.NewName)
	}
	if last := b.eds[len(b.eds)-1]; c.Sheet >= last.Year {
		return placed{}, fmt.Sprintf("after the last edition (%s): no later edition exists", fmtDate(last.Cutoff))
	}
	return placed{}, "no pair of editions near the sheet's year shows the change"
}

func b2u(v bool) uint32 {
	if v {
		return 1
	}
	return 0
}

func (b *builder) listedAnywhere(code uint32, name string) bool {
	for _, i := range b.byCode[code] {
		if nameMatch(name, b.recs[i].name) {
			return true
		}
	}
	return false
}

// countyMoves returns, for a county-level event, the links between
// county-level records whose codes differ (a recode, a move to another
// parent, a merge into another county).
func (b *builder) countyMoves(e int) [][2]uint32 {
	var out [][2]uint32
	for _, l := range b.county.Links {
		if int(l.Event) != e {
			continue
		}
		f, t := b.county.Records[l.From], b.county.Records[l.To]
		if quhua.LevelOf(quhua.Code(f.Code)) != quhua.County || quhua.LevelOf(quhua.Code(t.Code)) != quhua.County || f.Code == t.Code {
			continue
		}
		out = append(out, [2]uint32{f.Code, t.Code})
	}
	return out
}

// derived links the townships of a recoded county to their new codes, in
// the county's event.
func (b *builder) derived() {
	for k := 1; k < len(b.eds); k++ {
		lo, hi := b.eds[k-1].Cutoff, b.eds[k].Cutoff
		for e, ce := range b.county.Events {
			if ce.Date <= lo || ce.Date > hi || ce.Authored {
				continue
			}
			moves := b.countyMoves(e)
			if len(moves) == 0 {
				continue
			}
			var ev *event
			id := -1
			for _, mv := range moves {
				ends := b.pending(k, mv[0], true)
				starts := b.pending(k, mv[1], false)
				for _, oi := range ends {
					o := b.recs[oi]
					if o.toEv >= 0 {
						continue
					}
					best := -1
					for _, ni := range starts {
						n := b.recs[ni]
						if n.fromEv >= 0 || n.name != o.name {
							continue
						}
						if best < 0 || n.code%1000 == o.code%1000 {
							best = ni
						}
					}
					if best < 0 {
						continue
					}
					if ev == nil {
						ev = &event{date: ce.Date, prec: quhua.Precision(ce.Prec), after: ce.After, year: b.eds[k].Year, docs: slices.Clone(ce.Docs), countyEvent: e, cat: County,
							ref: "county-level event: " + ce.Ref}
						id = len(b.events)
						b.events = append(b.events, ev)
					}
					n := b.recs[best]
					ev.links = append(ev.links, link{from: oi, to: best, flags: snapshot.Derived})
					o.toEv, o.endCat, o.to = id, County, ce.Date
					n.fromEv, n.startCat, n.from = id, County, ce.Date
				}
			}
		}
	}
}

// pending returns the records under a county code that end (or start) at
// pair k and are not yet explained.
func (b *builder) pending(k int, county uint32, ends bool) []int {
	var out []int
	lo, hi := county*1000, county*1000+1000
	codes := b.sortedCodes()
	i := sort.Search(len(codes), func(i int) bool { return codes[i] >= lo })
	for ; i < len(codes) && codes[i] < hi; i++ {
		for _, ri := range b.byCode[codes[i]] {
			r := b.recs[ri]
			if ends && r.toK == k && r.toEv < 0 || !ends && r.fromK == k && k > 0 && r.fromEv < 0 {
				out = append(out, ri)
			}
		}
	}
	return out
}

var codesCache []uint32

func (b *builder) sortedCodes() []uint32 {
	if len(codesCache) != len(b.byCode) {
		codesCache = codesCache[:0]
		for c := range b.byCode {
			codesCache = append(codesCache, c)
		}
		slices.Sort(codesCache)
	}
	return codesCache
}

// inferred links what two editions show without a document: the same code
// under a new name, or the same name under the same county with a new code.
func (b *builder) inferred() {
	for k := 1; k < len(b.eds); k++ {
		type key struct {
			county uint32
			kind   int
		}
		evs := map[key]int{}
		add := func(o, n int, kind int) {
			kk := key{b.recs[o].code / 1000, kind}
			id, ok := evs[kk]
			if !ok {
				what := "same code, name changed"
				if kind == 1 {
					what = "same name and county, code changed"
				}
				id = len(b.events)
				evs[kk] = id
				b.events = append(b.events, &event{date: b.eds[k].Cutoff, prec: quhua.Interval, after: b.eds[k-1].Cutoff, year: b.eds[k].Year, countyEvent: -1, cat: Inferred,
					ref: fmt.Sprintf("inferred from editions %d and %d (cut-off %s): %s; no document states it", b.eds[k-1].Year, b.eds[k].Year, fmtDate(b.eds[k].Cutoff), what)})
			}
			ev := b.events[id]
			ev.links = append(ev.links, link{from: o, to: n, flags: snapshot.Inferred})
			b.recs[o].toEv, b.recs[o].endCat = id, Inferred
			b.recs[n].fromEv, b.recs[n].startCat = id, Inferred
		}
		var ends, starts []int
		for i, r := range b.recs {
			if r.toK == k && r.toEv < 0 {
				ends = append(ends, i)
			}
			if r.fromK == k && k > 0 && r.fromEv < 0 {
				starts = append(starts, i)
			}
		}
		// same code, new name
		startByCode := map[uint32]int{}
		for _, n := range starts {
			startByCode[b.recs[n].code] = n
		}
		for _, o := range ends {
			if n, ok := startByCode[b.recs[o].code]; ok && b.recs[n].fromEv < 0 {
				add(o, n, 0)
			}
		}
		// same name and county, new code
		type nk struct {
			county uint32
			name   string
		}
		startByName := map[nk][]int{}
		for _, n := range starts {
			if b.recs[n].fromEv < 0 {
				kk := nk{b.recs[n].code / 1000, b.recs[n].name}
				startByName[kk] = append(startByName[kk], n)
			}
		}
		for _, o := range ends {
			if b.recs[o].toEv >= 0 {
				continue
			}
			cands := startByName[nk{b.recs[o].code / 1000, b.recs[o].name}]
			for _, n := range cands {
				if b.recs[n].fromEv < 0 {
					add(o, n, 1)
					break
				}
			}
		}
	}
}

// unexplained gives the remaining ends and starts an event per pair and
// county that says no change explains them.
func (b *builder) unexplained() {
	type key struct {
		k      int
		county uint32
		bound  int // the county-level event that bounds the end, -1
	}
	evs := map[key]int{}
	get := func(k int, county uint32, bound countyEnd) int {
		kk := key{k, county, -1}
		if bound.date != 0 {
			kk.bound = bound.e
		}
		if id, ok := evs[kk]; ok {
			return id
		}
		id := len(b.events)
		evs[kk] = id
		ev := &event{date: b.eds[k].Cutoff, prec: quhua.Interval, after: b.eds[k-1].Cutoff, year: b.eds[k].Year, countyEvent: -1, cat: Unexplained,
			ref: fmt.Sprintf("editions %d and %d (cut-off %s) differ; no recorded change explains it", b.eds[k-1].Year, b.eds[k].Year, fmtDate(b.eds[k].Cutoff))}
		if bound.date != 0 {
			ev.date = bound.date
			ev.ref += fmt.Sprintf("; on or before %s, when its county %06d ended (county-level event: %s)", fmtDate(bound.date), county, b.county.Events[bound.e].Ref)
		}
		b.events = append(b.events, ev)
		return id
	}
	for i, r := range b.recs {
		if r.toK > 0 && r.toEv < 0 {
			r.toEv, r.endCat = get(r.toK, r.code/1000, b.bound[i]), Unexplained
			b.rep.Unexplained = append(b.rep.Unexplained, fmt.Sprintf("%d→%d ended   %09d %s\t%s", b.eds[r.toK-1].Year, b.eds[r.toK].Year, r.code, r.name, b.evidence(r, true, r.toK)))
		}
		if r.fromK > 0 && r.fromEv < 0 {
			r.fromEv, r.startCat = get(r.fromK, r.code/1000, countyEnd{}), Unexplained
			b.rep.Unexplained = append(b.rep.Unexplained, fmt.Sprintf("%d→%d started %09d %s\t%s", b.eds[r.fromK-1].Year, b.eds[r.fromK].Year, r.code, r.name, b.evidence(r, false, r.fromK)))
		}
	}
	slices.Sort(b.rep.Unexplained)
}

func (b *builder) measure() {
	for k := 1; k < len(b.eds); k++ {
		p := Pair{From: b.eds[k-1].Year, To: b.eds[k].Year}
		count := func(c Category) {
			p.Differences++
			switch c {
			case Documented:
				p.Documented++
			case County:
				p.County++
			case Inferred:
				p.Inferred++
			default:
				p.Unexplained++
			}
		}
		for _, r := range b.recs {
			if r.toK == k {
				count(r.endCat)
			}
			if r.fromK == k {
				count(r.startCat)
			}
		}
		b.rep.Pairs = append(b.rep.Pairs, p)
	}
}

// emit orders records by code and start, events by date, and writes the
// compiled data.
func (b *builder) emit() (*snapshot.Data, error) {
	b.fixOverlaps()
	// A documented change dated by its sheet's year that must precede a
	// dated event of the same record (a township created in 2016 whose
	// county was recoded on 2016-11-24) happened between the year's start
	// and that day.
	for _, r := range b.recs {
		if r.fromEv < 0 || r.toEv < 0 {
			continue
		}
		f, t := b.events[r.fromEv], b.events[r.toEv]
		if f.prec == quhua.Year && t.date <= f.date && t.date > int32(quhua.EndOfYear(int(f.date/10000-1))) {
			f.prec, f.after = quhua.Interval, int32(quhua.EndOfYear(int(f.date/10000-1)))
			f.date = int32(quhua.Date(t.date).AddDays(-1))
			f.ref += fmt.Sprintf("; before %s, when a later change took effect", fmtDate(t.date))
		}
		if t.prec == quhua.Year && t.cat == Documented && t.k > 0 && t.date <= f.date {
			// The editions list the township after the document's year:
			// the two editions that show its end date it.
			t.prec, t.after, t.date = quhua.Interval, b.eds[t.k-1].Cutoff, b.eds[t.k].Cutoff
			t.ref += fmt.Sprintf("; dated by the editions %d and %d, which list %09d %s after the sheet's year", b.eds[t.k-1].Year, b.eds[t.k].Year, r.code, r.name)
		}
	}
	// A record starts and ends on the dates of its events.
	for _, r := range b.recs {
		if r.fromEv >= 0 {
			r.from = b.events[r.fromEv].date
		}
		if r.toEv >= 0 {
			r.to = b.events[r.toEv].date
		}
	}
	order := make([]int, len(b.recs))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(x, y int) int {
		a, c := b.recs[x], b.recs[y]
		return cmp.Or(cmp.Compare(a.code, c.code), cmp.Compare(b2u(a.workbook), b2u(c.workbook)), cmp.Compare(a.from, c.from), cmp.Compare(a.name, c.name))
	})
	recIdx := make([]int32, len(b.recs))
	for pos, i := range order {
		recIdx[i] = int32(pos)
	}
	evOrder := make([]int, len(b.events))
	for i := range evOrder {
		evOrder[i] = i
	}
	firstRec := func(e *event) uint32 {
		if len(e.links) > 0 {
			return b.recs[e.links[0].from].code
		}
		return 0
	}
	slices.SortStableFunc(evOrder, func(x, y int) int {
		a, c := b.events[x], b.events[y]
		return cmp.Or(cmp.Compare(a.date, c.date), cmp.Compare(a.ref, c.ref), cmp.Compare(firstRec(a), firstRec(c)))
	})
	evIdx := make([]int32, len(b.events))
	for pos, i := range evOrder {
		evIdx[i] = int32(pos)
	}
	var bad []error
	d := &snapshot.Data{DataVersion: "2023", UpstreamCommit: SourceEditions + "; " + SourceChanges, FirstYear: 2015, LastYear: 2023}
	for _, i := range order {
		r := b.recs[i]
		sr := snapshot.Record{Code: r.code, Name: r.name, Kind: uint8(quhua.KindOf(quhua.Code(r.code), r.name)),
			From: r.from, To: r.to, FromEvent: -1, ToEvent: -1}
		if r.fromEv >= 0 {
			sr.FromEvent = evIdx[r.fromEv]
			sr.FromPrec = uint8(b.events[r.fromEv].prec)
		}
		if r.toEv >= 0 {
			sr.ToEvent = evIdx[r.toEv]
			sr.ToPrec = uint8(b.events[r.toEv].prec)
		}
		if r.workbook {
			sr.System = snapshot.SystemCivil
		}
		sr.Counterpart, sr.Legal, sr.Unit = r.counterpart, r.legal, r.unit
		sr.LegalBasis, sr.LegalCert, sr.LegalNote = r.legalBasis, r.legalCert, r.legalNote
		if r.to != 0 && r.to <= r.from {
			bad = append(bad, fmt.Errorf("township %09d %s: ends (%d, %s) before it starts (%d, %s) [k %d..%d wb %v] %s", r.code, r.name, r.to, b.events[r.toEv].cat, r.from, b.events[r.fromEv].cat, r.fromK, r.toK, r.workbook, b.events[r.toEv].ref))
		}
		d.Records = append(d.Records, sr)
	}
	for _, i := range evOrder {
		e := b.events[i]
		se := snapshot.Event{Date: e.date, Prec: uint8(e.prec), Year: int32(e.year), Docs: e.docs, Ref: e.ref}
		se.After, se.Unconfirmed = e.after, e.unconfirmed
		d.Events = append(d.Events, se)
		ls := slices.Clone(e.links)
		slices.SortFunc(ls, func(x, y link) int {
			return cmp.Or(cmp.Compare(recIdx[x.from], recIdx[y.from]), cmp.Compare(recIdx[x.to], recIdx[y.to]))
		})
		for _, l := range ls {
			d.Links = append(d.Links, snapshot.Link{From: recIdx[l.from], To: recIdx[l.to], Event: evIdx[i], Flags: l.flags})
		}
	}
	for i := 1; i < len(d.Records); i++ {
		a, c := d.Records[i-1], d.Records[i]
		if a.Code == c.Code && a.System == c.System && (a.To == 0 || c.From < a.To) {
			bad = append(bad, fmt.Errorf("township %09d: records %s %d–%d and %s %d–%d overlap (system %d)", a.Code, a.Name, a.From, a.To, c.Name, c.From, c.To, a.System))
		}
	}
	if len(bad) > 0 {
		return nil, fmt.Errorf("%d records end before they start or overlap:\n%w", len(bad), errors.Join(bad...))
	}
	return d, d.Check()
}

// evDate is the date a record's start (or end) takes from its event, or
// its edition date if it has none.
func (b *builder) evDate(r *rec, end bool) int32 {
	if end {
		if r.toEv >= 0 {
			return b.events[r.toEv].date
		}
		return r.to
	}
	if r.fromEv >= 0 {
		return b.events[r.fromEv].date
	}
	return r.from
}

// fixOverlaps resolves consecutive records of one code whose dates, taken
// from their events, overlap: a document dated by its year that renames a
// township whose old name's end the editions show only later. The weaker
// of the two boundaries (inferred or unexplained, against documented or
// county-level) takes the stronger one's event, and the two records are
// linked in it.
func (b *builder) fixOverlaps() {
	for _, all := range b.byCode {
		var rs []int // the statistics code's records, in edition order
		for _, i := range all {
			if !b.recs[i].workbook {
				rs = append(rs, i)
			}
		}
		slices.SortStableFunc(rs, func(x, y int) int { return cmp.Compare(b.recs[x].fromK, b.recs[y].fromK) })
		for i := 1; i < len(rs); i++ {
			a, c := b.recs[rs[i-1]], b.recs[rs[i]]
			if a.toEv < 0 || c.fromEv < 0 || a.toEv == c.fromEv {
				continue
			}
			if b.evDate(a, true) <= b.evDate(c, false) {
				continue
			}
			ae, ce := b.events[a.toEv], b.events[c.fromEv]
			id := c.fromEv
			if ae.cat < ce.cat || ce.date <= b.evDate(a, false) {
				id = a.toEv
			}
			ev := b.events[id]
			a.toEv, c.fromEv = id, id
			if !slices.ContainsFunc(ev.links, func(l link) bool { return l.from == rs[i-1] && l.to == rs[i] }) {
				ev.links = append(ev.links, link{from: rs[i-1], to: rs[i], flags: snapshot.Inferred})
			}
		}
	}
}
