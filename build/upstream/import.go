package upstream

import (
	"fmt"
	"io/fs"
	"os"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// listRec is one entry of a yearly list together with the record it belongs to.
type listRec struct {
	Entry
	rec int32 // index into Data.Records
}

// yearList is a yearly list with its indexes.
type yearList struct {
	year   int
	file   string
	byCode map[quhua.Code]*listRec
	byName map[string][]*listRec
	all    []*listRec // sorted by code
}

func (l *yearList) add(e Entry) {
	lr := &listRec{Entry: e, rec: -1}
	l.byCode[e.Code] = lr
	l.byName[e.Name] = append(l.byName[e.Name], lr)
	l.all = append(l.all, lr)
}

// parent returns the parent of an entry within its own list: the prefecture
// sharing its first four digits if present, else the province sharing its
// first two; provinces have the root 000000 as parent (nil here).
func (l *yearList) parent(c quhua.Code) *listRec {
	switch quhua.LevelOf(c) {
	case quhua.County:
		if p := l.byCode[c.PrefectureCode()]; p != nil {
			return p
		}
		return l.byCode[c.ProvinceCode()]
	case quhua.Prefecture:
		return l.byCode[c.ProvinceCode()]
	}
	return nil
}

// parentCode is the code ".." selects: the parent's code, 000000 for provinces.
func (l *yearList) parentCode(c quhua.Code) (quhua.Code, bool) {
	if quhua.LevelOf(c) == quhua.Province {
		return 0, true
	}
	if p := l.parent(c); p != nil {
		return p.Code, true
	}
	return 0, false
}

// ancestorAt returns the entry's ancestor at level lv (itself if at lv).
func (l *yearList) ancestorAt(e *listRec, lv quhua.Level) *listRec {
	for e != nil {
		el := quhua.LevelOf(e.Code)
		if el == lv {
			return e
		}
		if el < lv {
			return nil
		}
		e = l.parent(e.Code)
	}
	return nil
}

func (l *yearList) children(c quhua.Code) []*listRec {
	var out []*listRec
	for _, e := range l.all {
		if e.Code != c {
			if p := l.parent(e.Code); p != nil && p.Code == c {
				out = append(out, e)
			}
		}
	}
	return out
}

// Options configure an import.
type Options struct {
	// Corrections is the text of the project's corrections file; its name
	// is CorrectionsFile.
	Corrections     []byte
	CorrectionsFile string
}

// ImportDir imports the upstream data set in dir with the corrections file
// at correctionsPath.
func ImportDir(dir, correctionsPath string) (*snapshot.Data, error) {
	corr, err := os.ReadFile(correctionsPath)
	if err != nil {
		return nil, err
	}
	return Import(os.DirFS(dir), Options{Corrections: corr, CorrectionsFile: correctionsPath})
}

type importer struct {
	fsys  fs.FS
	corr  *Corrections
	out   *snapshot.Data
	lists map[int]*yearList
	errs  Errors
	// current[c] is the record in force for code c after the last list.
}

func (im *importer) errf(file string, line int, field, format string, args ...any) {
	im.errs = append(im.errs, &Error{File: file, Line: line, Field: field, Msg: fmt.Sprintf(format, args...)})
}

// Import compiles the upstream data set in fsys (the folder holding data/,
// diff/ and UPSTREAM_COMMIT) into records, events and links. It reports
// every problem it finds, each with file and line.
func Import(fsys fs.FS, opt Options) (*snapshot.Data, error) {
	corr, err := ParseCorrections(opt.Corrections, opt.CorrectionsFile)
	if err != nil {
		return nil, err
	}
	im := &importer{fsys: fsys, corr: corr, out: &snapshot.Data{}, lists: map[int]*yearList{}}
	if b, err := fs.ReadFile(fsys, "UPSTREAM_COMMIT"); err == nil {
		im.out.UpstreamCommit, _, _ = strings.Cut(strings.TrimSpace(string(b)), "\n")
	}
	years, err := im.readLists()
	if err != nil {
		return nil, err
	}
	im.out.FirstYear, im.out.LastYear = years[0], years[len(years)-1]
	im.out.DataVersion = strconv.Itoa(im.out.LastYear)
	first := im.lists[years[0]]
	for _, e := range first.all {
		e.rec = im.newRecord(e.Code, e.Name, 0, quhua.Year, -1)
	}
	for _, y := range years[:len(years)-1] {
		im.importDiff(y)
		if len(im.errs) > 0 {
			return nil, im.errs
		}
	}
	for _, u := range corr.unused() {
		im.errs = append(im.errs, u)
	}
	if len(im.errs) > 0 {
		return nil, im.errs
	}
	if err := im.out.Check(); err != nil {
		return nil, err
	}
	return im.out, nil
}

func (im *importer) readLists() ([]int, error) {
	ents, err := fs.ReadDir(im.fsys, "data")
	if err != nil {
		return nil, err
	}
	var years []int
	for _, de := range ents {
		name := de.Name()
		if !strings.HasSuffix(name, ".txt") {
			continue
		}
		y, err := strconv.Atoi(strings.TrimSuffix(name, ".txt"))
		if err != nil || y < 1949 || y > 2200 {
			return nil, &Error{File: "data/" + name, Msg: "file name must be a year, YYYY.txt"}
		}
		years = append(years, y)
	}
	sort.Ints(years)
	if len(years) < 1 {
		return nil, &Error{File: "data", Msg: "no yearly lists"}
	}
	for i, y := range years {
		if i > 0 && y != years[i-1]+1 {
			return nil, &Error{File: "data", Msg: fmt.Sprintf("yearly lists jump from %d to %d", years[i-1], y)}
		}
		file := fmt.Sprintf("data/%d.txt", y)
		f, err := im.fsys.Open(file)
		if err != nil {
			return nil, err
		}
		l := &yearList{year: y, file: file, byCode: map[quhua.Code]*listRec{}, byName: map[string][]*listRec{}}
		s := NewListScanner(f, file)
		for s.Next() {
			e := s.Entry()
			if prev := l.byCode[e.Code]; prev != nil {
				im.errf(file, e.Line, "code", "%s listed twice (first at line %d)", e.Code, prev.Line)
				continue
			}
			l.add(e)
		}
		f.Close()
		if err := s.Err(); err != nil {
			return nil, err
		}
		slices.SortFunc(l.all, func(a, b *listRec) int { return int(a.Code) - int(b.Code) })
		for _, e := range l.all {
			if quhua.LevelOf(e.Code) != quhua.Province && l.parent(e.Code) == nil {
				im.errf(file, e.Line, "code", "%s %s has no province %s in this list", e.Code, e.Name, e.Code.ProvinceCode())
			}
		}
		im.lists[y] = l
	}
	if len(im.errs) > 0 {
		return nil, im.errs
	}
	return years, nil
}

func (im *importer) newRecord(c quhua.Code, name string, from quhua.Date, prec quhua.Precision, ev int32) int32 {
	im.out.Records = append(im.out.Records, snapshot.Record{
		Code: uint32(c), Name: name, Kind: uint8(quhua.KindOf(c, name)),
		From: int32(from), FromPrec: uint8(prec), FromEvent: ev, ToEvent: -1,
	})
	return int32(len(im.out.Records) - 1)
}

// event is a description with its lines, as imported.
type event struct {
	ev    snapshot.Event
	idx   int32
	desc  *Description
	lines []ChangeLine
}

var docNumberRE = regexp.MustCompile(`^\S*(〔\d{4}〕|（\d{2,4}）|\(\d{2,4}\))\S*\d+号$`)

func (im *importer) importDiff(y int) {
	file := fmt.Sprintf("diff/%d-%d.diff", y, y+1)
	before, after := im.lists[y], im.lists[y+1]
	f, err := im.fsys.Open(file)
	if err != nil {
		im.errs = append(im.errs, err)
		return
	}
	defer f.Close()
	var events []*event
	var lastDesc *event
	s := NewDiffScanner(f, file)
	for s.Next() {
		b := s.Block()
		if b.Desc == nil {
			first := b.Lines[0].Line
			if lastDesc != nil && im.corr.use("attach", file, first) {
				lastDesc.lines = append(lastDesc.lines, b.Lines...)
				continue
			}
			im.errf(file, first, "", "change line %q has no description before it", b.Lines[0].String())
			continue
		}
		ev := &event{desc: b.Desc, lines: b.Lines}
		lastDesc = ev
		events = append(events, ev)
	}
	if err := s.Err(); err != nil {
		im.errs = append(im.errs, err)
		return
	}
	implicitParent := im.corr.use("implicit-parent", file, 0)

	// Create the events, with their effective dates.
	endY, endY1 := quhua.EndOfYear(y), quhua.EndOfYear(y+1)
	var kept []*event
	for _, ev := range events {
		if len(ev.lines) == 0 {
			continue // a note without change lines (e.g. a commented-out change)
		}
		e := snapshot.Event{Year: int32(y + 1), Ref: fmt.Sprintf("%s:%d", file, ev.desc.Line)}
		var latest quhua.Date
		latestPrec := quhua.Year
		for _, d := range ev.desc.Docs {
			if fix, ok := im.corr.date(file, d.Line); ok {
				if d.DateErr == nil && d.DateText != "" {
					im.errf(im.corr.file, fix.at, "", "date %s %d: upstream gives the valid date %q; remove this entry", file, d.Line, d.DateText)
				}
				d.Date, d.DatePrec, d.DateErr = fix.date, fix.prec, nil
			}
			if d.DateErr != nil {
				im.errf(file, d.Line, "日期", "%v", d.DateErr)
				continue
			}
			doc := snapshot.Doc{Number: d.Number, Title: d.Title, Date: int32(d.Date), Prec: uint8(d.DatePrec), Source: d.Source}
			if doc.Number == "" && docNumberRE.MatchString(doc.Title) {
				doc.Number, doc.Title = doc.Title, ""
			}
			if doc.Title == "" {
				doc.Title = summary(d.Body)
			}
			e.Docs = append(e.Docs, doc)
			if d.Date > latest {
				latest, latestPrec = d.Date, d.DatePrec
			}
		}
		if latest > endY && latest <= endY1 {
			e.Date, e.Prec = int32(latest), uint8(latestPrec)
		} else {
			e.Date, e.Prec = int32(endY1), uint8(quhua.Year)
		}
		if fix := im.corr.find("effective", file, ev.desc.Line); fix != nil {
			if fix.date <= endY || fix.date > endY1 {
				im.errf(im.corr.file, fix.at, "date", "effective %s %d: %s is not in %d, the year of the list the change first shows in", file, ev.desc.Line, fix.text, y+1)
			} else {
				e.Date, e.Prec = int32(fix.date), uint8(fix.prec)
			}
		}
		ev.ev = e
		kept = append(kept, ev)
	}
	events = kept
	// Events are numbered in order of their effective dates, so that an
	// event's index orders it in time.
	slices.SortStableFunc(events, func(a, b *event) int { return int(a.ev.Date - b.ev.Date) })
	for _, ev := range events {
		im.out.Events = append(im.out.Events, ev.ev)
		ev.idx = int32(len(im.out.Events) - 1)
	}

	// Check the lines against the lists and create the new records.
	type lineRef struct {
		ev *event
		cl ChangeLine
	}
	minus := map[quhua.Code]lineRef{}
	plus := map[quhua.Code]lineRef{}
	for _, ev := range events {
		for _, cl := range ev.lines {
			ref := lineRef{ev, cl}
			switch cl.Op {
			case '-':
				e := before.byCode[cl.Code]
				if e == nil || e.Name != cl.Name {
					im.errf(file, cl.Line, "", "%s %s is not in %s", cl.Code, cl.Name, before.file)
					continue
				}
				if prev, ok := minus[cl.Code]; ok {
					im.errf(file, cl.Line, "", "%s removed twice (also at line %d)", cl.Code, prev.cl.Line)
					continue
				}
				minus[cl.Code] = ref
			case '+':
				e := after.byCode[cl.Code]
				if e == nil || e.Name != cl.Name {
					im.errf(file, cl.Line, "", "%s %s is not in %s", cl.Code, cl.Name, after.file)
					continue
				}
				if prev, ok := plus[cl.Code]; ok {
					im.errf(file, cl.Line, "", "%s added twice (also at line %d)", cl.Code, prev.cl.Line)
					continue
				}
				plus[cl.Code] = ref
			case '=':
				b, a := before.byCode[cl.Code], after.byCode[cl.Code]
				if b == nil || a == nil || b.Name != cl.Name || a.Name != cl.Name {
					im.errf(file, cl.Line, "", "%s %s must be in both %s and %s", cl.Code, cl.Name, before.file, after.file)
					continue
				}
			}
		}
	}
	// (list Y − removed) + added must equal list Y+1.
	for _, e := range before.all {
		a := after.byCode[e.Code]
		_, removed := minus[e.Code]
		switch {
		case removed && a != nil && a.Name == e.Name && !hasKey(plus, e.Code):
			im.errf(file, minus[e.Code].cl.Line, "", "%s %s is removed but still in %s", e.Code, e.Name, after.file)
		case !removed && (a == nil || a.Name != e.Name):
			im.errf(file, 0, "", "%s %s of %s is neither in %s nor removed", e.Code, e.Name, before.file, after.file)
		}
	}
	for _, a := range after.all {
		b := before.byCode[a.Code]
		_, added := plus[a.Code]
		switch {
		case added && b != nil && b.Name == a.Name && !hasKey(minus, a.Code):
			im.errf(file, plus[a.Code].cl.Line, "", "%s %s is added but already in %s", a.Code, a.Name, before.file)
		case !added && (b == nil || b.Name != a.Name):
			im.errf(file, 0, "", "%s %s of %s is neither in %s nor added", a.Code, a.Name, after.file, before.file)
		}
	}
	if len(im.errs) > 0 {
		return
	}
	// Carry records over, retire and create.
	for _, e := range before.all {
		if ref, ok := minus[e.Code]; ok {
			r := &im.out.Records[e.rec]
			ev := im.out.Events[ref.ev.idx]
			r.To, r.ToPrec, r.ToEvent = ev.Date, ev.Prec, ref.ev.idx
			continue
		}
		after.byCode[e.Code].rec = e.rec
	}
	for _, a := range after.all {
		if ref, ok := plus[a.Code]; ok {
			ev := im.out.Events[ref.ev.idx]
			a.rec = im.newRecord(a.Code, a.Name, quhua.Date(ev.Date), quhua.Precision(ev.Prec), ref.ev.idx)
		}
	}
	// Same code retired and re-created: the intervals must not overlap.
	for c, ref := range plus {
		if m, ok := minus[c]; ok {
			old := im.out.Records[before.byCode[c].rec]
			nw := im.out.Records[after.byCode[c].rec]
			if nw.From < old.To {
				im.errf(file, ref.cl.Line, "", "%s %s starts on %s, before %s ends on %s (line %d)", c, nw.Name,
					quhua.Date(nw.From), old.Name, quhua.Date(old.To), m.cl.Line)
			}
		}
	}

	// Resolve the selectors into links.
	lk := &linker{im: im, file: file, before: before, after: after, seen: map[[3]int32]int{}}
	for _, ev := range events {
		for _, cl := range ev.lines {
			lk.line(ev.idx, cl, implicitParent)
		}
	}
	lk.advanceImplied()
	// Lines with no ATTR on prefectures and provinces: links from children.
	for _, ev := range events {
		for _, cl := range ev.lines {
			if cl.Dir == 0 && quhua.LevelOf(cl.Code) != quhua.County {
				lk.derive(ev.idx, cl)
			}
		}
	}
	lk.flush()
}

func hasKey[K comparable, V any](m map[K]V, k K) bool { _, ok := m[k]; return ok }

// summary returns the first sentence of a body, for events without a title.
func summary(body []string) string {
	for _, l := range body {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		if i := strings.Index(l, "。"); i >= 0 && i+len("。") < len(l) {
			l = l[:i+len("。")]
		}
		return l
	}
	return ""
}

type linker struct {
	im            *importer
	file          string
	before, after *yearList
	links         []snapshot.Link
	seen          map[[3]int32]int // (from, to, event) → index into links
}

func (lk *linker) add(from, to, ev int32, flags uint8) {
	key := [3]int32{from, to, ev}
	if i, ok := lk.seen[key]; ok {
		// The same link stated from both sides: an explicit statement
		// outranks a derived one; unconfirmed only if both say so.
		l := &lk.links[i]
		if l.Flags&snapshot.Derived != 0 && flags&snapshot.Derived == 0 {
			l.Flags = flags
		} else if flags&snapshot.Derived == 0 {
			l.Flags = l.Flags&flags&snapshot.Unconfirmed | (l.Flags|flags)&^snapshot.Unconfirmed
		}
		return
	}
	lk.seen[key] = len(lk.links)
	lk.links = append(lk.links, snapshot.Link{From: from, To: to, Event: ev, Flags: flags})
}

// advanceImplied moves the creation of a unit that the corrections file
// carves out of its parent (the districts of 1983, created by the note at
// the end of the year) to the first event of the year that already names it:
// 国函〔1983〕77号 of 1983-04-25 transfers land "划归锦州市太和区管辖", so 太和区
// was in force by then.
func (lk *linker) advanceImplied() {
	recs := lk.im.out.Records
	for i := range lk.links {
		l := &lk.links[i]
		if l.Flags&snapshot.Implied == 0 || recs[l.To].FromEvent != l.Event {
			continue
		}
		first := l.Event
		for _, o := range lk.links {
			if o.Flags&snapshot.Implied == 0 && (o.To == l.To || o.From == l.To) && o.Event < first {
				first = o.Event
			}
		}
		if first == l.Event {
			continue
		}
		r := &recs[l.To]
		ev := lk.im.out.Events[first]
		r.From, r.FromPrec, r.FromEvent = ev.Date, ev.Prec, first
		delete(lk.seen, [3]int32{l.From, l.To, l.Event})
		l.Event = first
		lk.seen[[3]int32{l.From, l.To, l.Event}] = i
	}
}

func (lk *linker) flush() {
	lk.im.out.Links = append(lk.im.out.Links, lk.links...)
}

func (lk *linker) line(ev int32, cl ChangeLine, implicitParent bool) {
	own, other := lk.before, lk.after
	if cl.Op == '+' || cl.Op == '=' && cl.Dir == '<' {
		own, other = lk.after, lk.before
	}
	self := own.byCode[cl.Code]
	sels := cl.Selectors
	implied := false
	if cl.Dir == 0 {
		if quhua.LevelOf(cl.Code) != quhua.County {
			return // derived from the children later
		}
		if cl.Op == '+' && implicitParent {
			sels = []Selector{{Text: ".."}}
			implied = true
		} else {
			lk.im.errf(lk.file, cl.Line, "", "county-level %q has no '<' or '>' list", cl.String())
			return
		}
	}
	for _, s := range sels {
		if s.Disabled {
			continue
		}
		target, err := lk.resolve(own, other, self, s.Text)
		if err == errRoot {
			continue // carved out of the nation's territory: no record to link
		}
		if err != nil {
			lk.im.errf(lk.file, cl.Line, "selector "+s.Text, "%v", err)
			continue
		}
		var flags uint8
		if s.Unconfirmed {
			flags |= snapshot.Unconfirmed
		}
		if s.Text == ".." {
			flags |= snapshot.OwnArea
		}
		if implied {
			flags |= snapshot.Implied
		}
		from, to := self.rec, target.rec
		if own == lk.after {
			from, to = target.rec, self.rec
		}
		if lk.persists(from) {
			flags |= snapshot.Transfer
		}
		if from == to {
			lk.im.errf(lk.file, cl.Line, "selector "+s.Text, "links %s to itself", cl.Code)
			continue
		}
		lk.add(from, to, ev, flags)
	}
}

// persists reports whether a record is in force in both lists.
func (lk *linker) persists(rec int32) bool {
	r := lk.im.out.Records[rec]
	b := lk.before.byCode[quhua.Code(r.Code)]
	a := lk.after.byCode[quhua.Code(r.Code)]
	return b != nil && a != nil && b.rec == rec && a.rec == rec
}

// resolve finds the one record of the other list a selector names.
func (lk *linker) resolve(own, other *yearList, self *listRec, sel string) (*listRec, error) {
	switch sel {
	case ".":
		if t := other.byCode[self.Code]; t != nil {
			return t, nil
		}
		return nil, fmt.Errorf("no record with code %s in %s", self.Code, other.file)
	case "..":
		pc, ok := own.parentCode(self.Code)
		if !ok {
			return nil, fmt.Errorf("%s has no parent in %s", self.Code, own.file)
		}
		if pc == 0 {
			return nil, errRoot
		}
		if t := other.byCode[pc]; t != nil {
			return t, nil
		}
		return nil, fmt.Errorf("parent code %s is not in %s", pc, other.file)
	case "_":
		sel = self.Name
	}
	cands := other.byName[sel]
	if len(cands) == 1 {
		return cands[0], nil
	}
	if len(cands) > 1 {
		// Not unique: prefix the parent name of this line's record.
		if p := own.parent(self.Code); p != nil {
			if t, err := lk.prefixed(other, p.Name+sel); err == nil {
				return t, nil
			}
		}
		return nil, fmt.Errorf("%q names %d records in %s (%s) and the parent prefix does not decide", sel, len(cands), other.file, codesOf(cands))
	}
	return lk.prefixed(other, sel)
}

// prefixed resolves a parent-prefixed selector such as 焦作市郊区: the one
// record whose name is a prefix of the selector, then its child named by
// the rest.
func (lk *linker) prefixed(other *yearList, sel string) (*listRec, error) {
	var found []*listRec
	for i := range sel {
		if i == 0 {
			continue
		}
		for _, p := range other.byName[sel[:i]] {
			if quhua.LevelOf(p.Code) == quhua.County {
				continue
			}
			for _, c := range other.byName[sel[i:]] {
				if pp := other.parent(c.Code); pp != nil && pp.Code == p.Code {
					found = append(found, c)
				}
			}
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return nil, fmt.Errorf("no record named %q in %s", sel, other.file)
	}
	return nil, fmt.Errorf("%q names %d records in %s (%s)", sel, len(found), other.file, codesOf(found))
}

func codesOf(rs []*listRec) string {
	var b []string
	for _, r := range rs {
		b = append(b, r.Code.String())
	}
	return strings.Join(b, ", ")
}

// derive adds the links of a prefecture or province line with no ATTR: its
// children's links, lifted to its level on the other side.
func (lk *linker) derive(ev int32, cl ChangeLine) {
	own, other := lk.before, lk.after
	if cl.Op == '+' {
		own, other = lk.after, lk.before
	}
	self := own.byCode[cl.Code]
	lv := quhua.LevelOf(cl.Code)
	// The records of the other list each child's area went to (or came from).
	byRec := map[int32]*listRec{}
	for _, e := range other.all {
		if e.rec >= 0 {
			byRec[e.rec] = e
		}
	}
	var descendants []*listRec
	var walk func(c quhua.Code)
	walk = func(c quhua.Code) {
		for _, ch := range own.children(c) {
			descendants = append(descendants, ch)
			if quhua.LevelOf(ch.Code) != quhua.County {
				walk(ch.Code)
			}
		}
	}
	walk(self.Code)
	targets := map[int32]bool{}
	for _, ch := range descendants {
		var counterparts []int32
		if t, ok := byRec[ch.rec]; ok {
			counterparts = append(counterparts, t.rec) // the child persists
		}
		for _, l := range lk.links {
			if own == lk.before && l.From == ch.rec && l.Flags&snapshot.Derived == 0 {
				counterparts = append(counterparts, l.To)
			}
			if own == lk.after && l.To == ch.rec && l.Flags&snapshot.Derived == 0 {
				counterparts = append(counterparts, l.From)
			}
		}
		for _, r := range counterparts {
			t := byRec[r]
			if t == nil {
				continue
			}
			if a := other.ancestorAt(t, lv); a != nil && a.rec != self.rec {
				targets[a.rec] = true
			}
		}
	}
	keys := make([]int32, 0, len(targets))
	for r := range targets {
		keys = append(keys, r)
	}
	slices.Sort(keys)
	for _, r := range keys {
		from, to := self.rec, r
		if own == lk.after {
			from, to = r, self.rec
		}
		flags := snapshot.Derived
		if lk.persists(from) {
			flags |= snapshot.Transfer
		}
		lk.add(from, to, ev, flags)
	}
}

// errRoot: ".." on a provincial line selects the root 000000, which is not
// a record (Hong Kong 1997, Macau 1999).
var errRoot = fmt.Errorf("the root")
