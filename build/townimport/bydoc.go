package townimport

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// byDocument places the workbook rows that no pair of editions shows: the
// rows before the first edition (2014, and 2015 rows the first edition
// already shows), the rows after the last (2023), the rows whose codes no
// edition lists, and the rows the editions contradict. The document wins:
// each row takes effect at the end of its sheet's year (precision year),
// ending the record of its old side and starting the record of its new
// side; a side that no edition lists enters as a record of the civil
// affairs ministry's code. The rows of one sheet and document form one
// event.
func (b *builder) byDocument() {
	rows := slices.Clone(b.rep.Unplaced)
	b.rep.Unplaced = b.rep.Unplaced[:0]
	slices.SortStableFunc(rows, func(x, y Unplaced) int {
		return cmp.Or(cmp.Compare(x.Change.Sheet, y.Change.Sheet), cmp.Compare(x.Change.Row, y.Change.Row))
	})
	byDoc := map[string]int{} // sheet/document → event
	for _, u := range rows {
		c := u.Change
		d := int32(quhua.EndOfYear(c.Sheet))
		hasOld := c.OldCode != 0 || c.OldName != ""
		hasNew := c.NewCode != 0 || c.NewName != ""
		county := c.NewCode / 1000
		if county == 0 {
			county = c.OldCode / 1000
		}
		o, n := -1, -1
		var notes []string
		if hasOld {
			o = b.findAt(c.OldCode, c.OldName, county, d, true)
			if o < 0 && c.OldCode == 0 {
				b.rep.Unplaced = append(b.rep.Unplaced, Unplaced{c, fmt.Sprintf("原名称 %s has no code, and no township of that name is under %06d", c.OldName, county)})
				continue
			}
		}
		if hasNew {
			n = b.findAt(c.NewCode, c.NewName, county, d, false)
			if n < 0 && (c.NewCode == 0 || c.NewName == "") {
				b.rep.Unplaced = append(b.rep.Unplaced, Unplaced{c, fmt.Sprintf("现名称 %s (code %s) is not given in full, and no township of that name is under %06d", c.NewName, code9(c.NewCode), county)})
				continue
			}
		}
		key := fmt.Sprintf("%d/%s", c.Sheet, c.Document)
		if c.Document == "" {
			key = c.Cite()
		}
		id, ok := byDoc[key]
		if !ok {
			id = len(b.events)
			byDoc[key] = id
			ev := &event{date: d, prec: quhua.Year, year: c.Sheet, countyEvent: -1, cat: Documented}
			if c.Document != "" {
				ev.docs = []snapshot.Doc{{Number: c.Document, Title: reasonTitle(c), Source: c.Cite()}}
			}
			b.events = append(b.events, ev)
		}
		ev := b.events[id]
		if len(ev.docs) > 0 && !slices.Contains(strings.Split(ev.docs[0].Title, "；"), reasonTitle(c)) {
			ev.docs[0].Title += "；" + reasonTitle(c)
		}
		if hasOld && o < 0 {
			o = b.addWorkbook(c.OldCode, c.OldName, 0, -1)
			notes = append(notes, fmt.Sprintf("原区划代码 %09d %s is in no edition: a civil-affairs code, start not known", c.OldCode, c.OldName))
		}
		if o >= 0 && o == n {
			// The same township on both sides (杨家庄镇 → 杨家庄镇 in a
			// merge into it): it goes on.
			o, n, hasOld, hasNew = -1, -1, false, false
		}
		if o >= 0 {
			r := b.recs[o]
			if r.code != c.OldCode && c.OldCode != 0 {
				notes = append(notes, fmt.Sprintf("原区划代码 %09d is the bureau's %09d %s", c.OldCode, r.code, r.name))
				b.counterpart(o, c.OldCode)
			}
			if weak(b, r.toEv) && b.evDate(r, false) < d {
				if r.to > d && !r.workbook {
					notes = append(notes, fmt.Sprintf("the editions list %09d %s after %d", r.code, r.name, c.Sheet))
				}
				r.toEv, r.endCat = id, Documented
			}
		}
		if hasNew && n < 0 {
			n = b.addWorkbook(c.NewCode, c.NewName, d, id)
			notes = append(notes, fmt.Sprintf("现区划代码 %09d %s is in no edition: a civil-affairs code", c.NewCode, c.NewName))
		}
		if n >= 0 {
			r := b.recs[n]
			if r.code != c.NewCode && c.NewCode != 0 {
				notes = append(notes, fmt.Sprintf("现区划代码 %09d is the bureau's %09d %s", c.NewCode, r.code, r.name))
				b.counterpart(n, c.NewCode)
			}
			starts := r.fromEv == id || r.from > d || r.from == 0 && d < b.eds[0].Cutoff && c.Type != StTransfer && c.Type != StAdjust
			if o >= 0 && b.recs[o].code == r.code && b.recs[o].name == r.name {
				starts = false
			}
			if starts && weak(b, r.fromEv) && (r.toEv < 0 || b.evDate(r, true) > d) {
				if r.from > d {
					notes = append(notes, fmt.Sprintf("the editions list %09d %s only from %s", r.code, r.name, fmtDate(r.from)))
				}
				r.fromEv, r.startCat = id, Documented
			}
		}
		if o >= 0 && n >= 0 && o != n {
			var fl uint8
			if b.recs[o].toEv != id {
				fl = snapshot.Transfer
			}
			if !slices.ContainsFunc(ev.links, func(l link) bool { return l.from == o && l.to == n }) {
				ev.links = append(ev.links, link{from: o, to: n, flags: fl})
			}
			if c.OldCode != 0 && c.NewCode != 0 {
				b.rep.Links = append(b.rep.Links, RowLink{Change: c, Old: b.recs[o].code, New: b.recs[n].code, ev: id})
			}
		}
		cite := c.Cite()
		if len(notes) > 0 {
			cite += " (" + strings.Join(notes, "; ") + ")"
		}
		if ev.ref == "" {
			ev.ref = cite
		} else {
			ev.ref += ", " + cite
		}
		b.rep.Placed++
		b.rep.ByDocument++
	}
	for _, id := range byDoc {
		e := b.events[id]
		if !strings.Contains(e.ref, "; no pair of editions") {
			e.ref += "; no pair of editions shows it: dated by the sheet's year"
		}
	}
}

func reasonTitle(c Change) string {
	if c.Reason == "" {
		return "(变更原因 not given)"
	}
	return c.Reason
}

// weak reports whether a record boundary's event may give way to a
// document: none yet, or one inferred from or unexplained by the editions.
func weak(b *builder, ev int) bool {
	return ev < 0 || b.events[ev].cat == Inferred || b.events[ev].cat == Unexplained
}

// counterpart records code as the other system's code of record i.
func (b *builder) counterpart(i int, code uint32) {
	if b.recs[i].counterpart == 0 {
		b.recs[i].counterpart = code
	}
}

// addWorkbook adds a record that only the workbook gives: a civil-affairs
// code, from date d (0: start not known) in event ev.
func (b *builder) addWorkbook(code uint32, name string, d int32, ev int) int {
	r := &rec{code: code, name: Normalize(name), fromK: -1, toK: -1, from: d, fromEv: ev, toEv: -1, workbook: true}
	if ev >= 0 {
		r.startCat = Documented
	}
	i := len(b.recs)
	b.recs = append(b.recs, r)
	b.byCode[code] = append(b.byCode[code], i)
	b.byCounty[code/1000] = append(b.byCounty[code/1000], i)
	return i
}

// findAt finds the record a row's side denotes around date d: by code and
// name, else by name under the county, else by the name-variant rule
// (VariantOf); among several, the one nearest to d in time. An old side
// must have started before d, a new one must not have ended by d.
func (b *builder) findAt(code uint32, name string, county uint32, d int32, old bool) int {
	ok := func(r *rec) bool {
		if old {
			return b.evDate(r, false) < d || r.from == 0
		}
		return r.to == 0 && r.toEv < 0 || b.evDate(r, true) > d
	}
	pick := func(cands []int) int {
		best, bestDist := -1, int32(1<<31-1)
		for _, i := range cands {
			r := b.recs[i]
			if !ok(r) {
				continue
			}
			var dist int32
			f, t := b.evDate(r, false), b.evDate(r, true)
			switch {
			case f > d:
				dist = f - d
			case t != 0 && t <= d:
				dist = d - t
			}
			if dist < bestDist {
				best, bestDist = i, dist
			}
		}
		if bestDist > 40000 { // more than four years apart: not the same township
			return -1
		}
		return best
	}
	if code != 0 {
		var cands []int
		for _, i := range b.byCode[code] {
			if nameMatch(name, b.recs[i].name) {
				cands = append(cands, i)
			}
		}
		if i := pick(cands); i >= 0 {
			return i
		}
		// A civil-affairs code denotes one township at a time, whatever
		// the spelling of its name in two rows (玉窖镇, 玉滘镇).
		cands = cands[:0]
		for _, i := range b.byCode[code] {
			if b.recs[i].workbook {
				cands = append(cands, i)
			}
		}
		if i := pick(cands); i >= 0 {
			return i
		}
	}
	if name == "" {
		return -1
	}
	for _, cty := range []uint32{code / 1000, county} {
		if cty == 0 {
			continue
		}
		var exact, variant []int
		for _, i := range b.byCounty[cty] {
			r := b.recs[i]
			// Found by name, a new side must be a township that starts
			// near the row's year, not one long in force (a new 扶罗镇
			// is not the old one the same document abolishes).
			if !old && r.from == 0 && r.fromEv < 0 && d > b.eds[0].Cutoff {
				continue
			}
			// An old side must bear its name exactly: 大南峪镇 is what
			// 大南峪乡 became, not 大南峪乡. A new side may differ in its
			// kind (the bureau lags: 石璜乡 for the new 石璜镇).
			switch n := Normalize(name); {
			case n == r.name, !old && nameMatch(n, r.name):
				exact = append(exact, i)
			case VariantOf(n, r.name):
				variant = append(variant, i)
			}
		}
		if i := pick(exact); i >= 0 {
			return i
		}
		if i := pick(variant); i >= 0 {
			return i
		}
	}
	return -1
}

// VariantOf reports whether the bureau's name spells the workbook's name
// with one of the two slips the editions make: a kind written twice
// (五宪乡镇 for 五宪镇: the old kind left before the new one) or a name
// cut short (五里乡 for 五里牌乡: the bureau's name, without its kind, is a
// prefix of at least two characters of the workbook's). The kinds must
// agree; the caller requires the same county.
func VariantOf(workbook, bureau string) bool {
	wc, bc := core(workbook), core(bureau)
	if wc == workbook || bc == bureau || workbook == bureau {
		return false
	}
	wk, bk := workbook[len(wc):], bureau[len(bc):]
	// A kind written twice: 五宪乡镇 = 五宪 + 乡 + 镇.
	if bk == wk {
		if inner := core(bc); inner != bc && inner == wc {
			return true
		}
	}
	// A name cut short: 五里 + 乡 for 五里牌 + 乡.
	if bk == wk && len([]rune(bc)) >= 2 && len(bc) < len(wc) && strings.HasPrefix(wc, bc) {
		return true
	}
	return false
}
