package townimport

import (
	"fmt"
	"slices"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// A township's code lies under its county: when the county ends by a
// county-level event (abolished, recoded, merged into another), no code
// under it outlives that day. follow applies this to the records whose
// end the steps before placed later: an end inferred or unexplained by
// two editions, or a document dated by its sheet's year, that falls after
// the county's end (the bureau shows some recodes an edition late:
// 542421 那曲县 → 540602 色尼区, 2017-07-18, first in the 2018 edition).
//
//   - A record whose successor the later edition lists by the same name
//     (Stem) under the successor county, or under another county (part of
//     the county went there by the same document), ends on the county's
//     day, in the county's event (category county, its date, precision
//     and documents), and the successor starts then.
//   - A record whose successor has another name or kind (a later change:
//     370181114 高官寨镇 → 370114012 高官寨街道) ends on the county's day;
//     where the workbook gives the township under the successor county by
//     the old name with a civil-affairs code whose start it does not give
//     (370114105 高官寨镇, 鲁政函民字〔2017〕6号), that record starts then,
//     and the workbook's change to the new record keeps its document,
//     dated within the sheet's year by the edition that first lists it.
//     Where no record bridges the two, the link goes into the county's
//     event and the new record keeps the start the editions date (the
//     registry holds no record for a code no source lists).
//   - A record that ends with no successor (unexplained) ended on or
//     before the county's day: its end is the interval from the earlier
//     edition's cut-off to that day, or the county's event where the
//     county had ended before that cut-off.
//   - A record still open whose county ended before the last edition's
//     cut-off (the workbook, which alone gives it, does not record the
//     county's change) ends with the county's event; no source used lists
//     its code under the successor. A county that ended after the last
//     cut-off ends none of its townships: no township source after it
//     says what became of them, and ending them would make them abolished.
//   - A documented change dated by its sheet's year whose records' county
//     ended within the year took effect on or before that day: its date
//     is the interval from the year's start to that day; where the
//     document also changes townships of counties that go on, and it is
//     the county-level event's own document, the record's change is the
//     county's event. The document keeps its change.
//   - A record of a county that goes on, whose successor the next edition
//     lists by its name (Stem) under a county that a county-level event
//     gave part of it to (440306014 观湖办事处 → 440309001 观湖街道, 宝安区 →
//     龙华区, 2016-09-14), went with that part on the event's day.
//
// No day is made up: every date is the county's event's or an interval
// it bounds. It returns the number of records whose end it moved.
func (b *builder) follow() int {
	// ends: the county-level events that end a county; parts: those that
	// move part of a county that goes on to another (宝安区 → 龙华区).
	ends, parts := map[uint32][]countyEnd{}, map[uint32][]countyEnd{}
	for e, ce := range b.county.Events {
		for _, mv := range b.countyMoves(e) {
			m := ends
			if b.countyInForce(mv[0], ce.Date) {
				m = parts
			}
			list := m[mv[0]]
			if i := slices.IndexFunc(list, func(c countyEnd) bool { return c.e == e }); i >= 0 {
				if !slices.Contains(list[i].to, mv[1]) {
					list[i].to = append(list[i].to, mv[1])
				}
				continue
			}
			m[mv[0]] = append(list, countyEnd{e: e, date: ce.Date, to: []uint32{mv[1]}})
		}
	}
	countyEv := map[int]int{} // county-level event → local event
	for i, ev := range b.events {
		if ev.cat == County && ev.countyEvent >= 0 {
			countyEv[ev.countyEvent] = i
		}
	}
	evOf := func(ce countyEnd, year int) int {
		if id, ok := countyEv[ce.e]; ok {
			return id
		}
		c := b.county.Events[ce.e]
		id := len(b.events)
		b.events = append(b.events, &event{date: c.Date, prec: quhua.Precision(c.Prec), after: c.After, year: year, docs: slices.Clone(c.Docs), countyEvent: ce.e, cat: County,
			ref: "county-level event: " + c.Ref})
		countyEv[ce.e] = id
		return id
	}
	b.bound = map[int]countyEnd{}
	moved := 0
	for ri, r := range b.recs {
		if r.toEv < 0 && r.to == 0 {
			// Open: its county ended after the last edition (or the
			// workbook, which gives the record, does not record the
			// county's change). Its code ends with the county; no
			// source used lists it under the successor county.
			for _, c := range ends[countyOf(r.code)] {
				// A county that ended after the last edition's cut-off
				// (江北区 and 渝北区, 2025-11-07) ends no township: no
				// township source after it says what became of them, so
				// they are not made abolished; they keep the state the
				// sources show.
				if c.date > b.eds[len(b.eds)-1].Cutoff {
					continue
				}
				if c.date > max(b.evDate(r, false), b.eds[0].Cutoff) {
					id := evOf(c, b.eds[len(b.eds)-1].Year)
					r.toEv, r.endCat, r.to = id, County, c.date
					if note := fmt.Sprintf("; the townships' codes under %06d end with it: no source used lists them under %s", countyOf(r.code), codes6(c.to)); !strings.Contains(b.events[id].ref, note) {
						b.events[id].ref += note
					}
					moved++
					break
				}
			}
			continue
		}
		if r.toEv < 0 {
			if r.workbook || r.toK <= 0 {
				continue
			}
			// No successor: unexplained, it ended on or before the
			// county's day.
			lo, hi := b.eds[r.toK-1].Cutoff, b.eds[r.toK].Cutoff
			for _, c := range ends[countyOf(r.code)] {
				if c.date > max(b.evDate(r, false), b.eds[0].Cutoff) && c.date < hi {
					if c.date <= lo {
						r.toEv, r.endCat = evOf(c, b.eds[r.toK].Year), County
					} else {
						b.bound[ri] = c
					}
					moved++
					break
				}
			}
			continue
		}
		oe := b.events[r.toEv]
		start := b.evDate(r, false)
		if start == 0 {
			start = b.eds[0].Cutoff
		}
		var ce countyEnd
		found := false
		for _, c := range ends[countyOf(r.code)] {
			if c.date > start && c.date < oe.date && (!found || c.date < ce.date) {
				ce, found = c, true
			}
		}
		if oe.cat == County {
			continue
		}
		if !found {
			// Part of its county went to another by a county-level event,
			// and the next edition lists the township there under its
			// name: it went with that part on the event's day.
			if oe.cat != Inferred {
				continue
			}
			var outs []int
			for _, l := range oe.links {
				if l.from == ri {
					outs = append(outs, l.to)
				}
			}
			if len(outs) != 1 {
				continue
			}
			ni := outs[0]
			n := b.recs[ni]
			for _, c := range parts[countyOf(r.code)] {
				if c.date > start && c.date < oe.date && slices.Contains(c.to, countyOf(n.code)) && Stem(n.name) == Stem(r.name) && n.fromEv == r.toEv && b.incoming(r.toEv, ni) == 1 {
					id := evOf(c, oe.year)
					oe.links = slices.DeleteFunc(oe.links, func(l link) bool { return l.from == ri && l.to == ni })
					b.events[id].links = append(b.events[id].links, link{from: ri, to: ni, flags: snapshot.Derived})
					r.toEv, r.endCat = id, County
					n.fromEv, n.startCat = id, County
					moved++
					break
				}
			}
			continue
		}
		year := oe.year
		switch oe.cat {
		case Documented:
			// The sheet's year holds the county's day: the change took
			// effect on or before it, if every record the event ends lies
			// under a county that ended then.
			// A record it starts under the same county ends with the
			// county, and dates the change before (emit).
			if oe.prec != quhua.Year || ce.date/10000 != oe.date/10000 {
				continue
			}
			if b.startsUnder(r.toEv, countyOf(r.code)) {
				// The records it starts under the same county end with
				// it (emit then dates the change before that day).
				for _, n := range b.recs {
					if n.fromEv == r.toEv && countyOf(n.code) == countyOf(r.code) && n.toEv < 0 && n.to == 0 {
						n.toEv, n.endCat, n.to = evOf(ce, year), County, ce.date
						moved++
					}
				}
				continue
			}
			if !b.allEndUnder(r.toEv, ends, ce.date) {
				// The document also changes townships of counties that go
				// on. Where it is the county-level event's own document,
				// the record's change is that event's.
				if !slices.ContainsFunc(oe.docs, func(d snapshot.Doc) bool {
					return slices.ContainsFunc(b.county.Events[ce.e].Docs, func(c snapshot.Doc) bool { return c.Number == d.Number })
				}) {
					continue
				}
				id := evOf(ce, year)
				cev := b.events[id]
				old := r.toEv
				for _, l := range oe.links {
					if l.from != ri {
						continue
					}
					cev.links = append(cev.links, l)
					n := b.recs[l.to]
					if n.fromEv == old && b.incoming(old, l.to) == 1 {
						n.fromEv, n.startCat = id, County
					}
				}
				oe.links = slices.DeleteFunc(oe.links, func(l link) bool { return l.from == ri })
				for i, rl := range b.rep.Links {
					if rl.ev == old && rl.Old == r.code {
						b.rep.Links[i].ev = id
					}
				}
				if note := "; the workbook places it with the same document: " + oe.ref; !strings.Contains(cev.ref, note) {
					cev.ref += note
				}
				r.toEv, r.endCat = id, County
				moved++
				continue
			}
			oe.prec, oe.after, oe.date = quhua.Interval, int32(quhua.EndOfYear(int(oe.date/10000-1))), ce.date
			oe.ref += fmt.Sprintf("; on or before %s, when the county-level event ended %06d: %s", fmtDate(ce.date), countyOf(r.code), b.county.Events[ce.e].Ref)
			moved++
			continue
		}
		var outs []int
		for _, l := range oe.links {
			if l.from == ri {
				outs = append(outs, l.to)
			}
		}
		if len(outs) == 0 {
			continue // an end the editions show, by a rule without a successor
		}
		id := evOf(ce, year)
		cev := b.events[id]
		for _, ni := range outs {
			n := b.recs[ni]
			under := slices.Contains(ce.to, countyOf(n.code))
			if under && n.name == r.name && n.fromEv == r.toEv && b.incoming(r.toEv, ni) == 1 {
				oe.links = slices.DeleteFunc(oe.links, func(l link) bool { return l.from == ri && l.to == ni })
				cev.links = append(cev.links, link{from: ri, to: ni, flags: snapshot.Derived})
				n.fromEv, n.startCat = id, County
				continue
			}
			// The workbook's record of the township under the successor
			// county by its old name, whose start it does not give.
			w := -1
			for _, c := range ce.to {
				for _, wi := range b.byCounty[c] {
					x := b.recs[wi]
					if x.workbook && x.fromEv < 0 && x.name == r.name && x.toEv >= 0 && b.events[x.toEv].date > ce.date && b.linked(wi, ni) {
						w = wi
					}
				}
			}
			if w >= 0 {
				oe.links = slices.DeleteFunc(oe.links, func(l link) bool { return l.from == ri && l.to == ni })
				cev.links = append(cev.links, link{from: ri, to: w, flags: snapshot.Derived})
				b.recs[w].fromEv, b.recs[w].startCat, b.recs[w].from = id, County, ce.date
				if b.incoming(r.toEv, ni) == 0 && n.fromEv == r.toEv {
					// The new record starts by the workbook's change; an
					// edition that lists it within the document's year
					// dates the document's changes by its cut-off.
					we := b.recs[w].toEv
					n.fromEv, n.startCat = we, Documented
					if x := b.events[we]; x.prec == quhua.Year && n.fromK > 0 && b.eds[n.fromK].Cutoff/10000 == x.date/10000 && b.eds[n.fromK].Cutoff < x.date {
						x.prec, x.after, x.date = quhua.Interval, int32(quhua.EndOfYear(int(x.date/10000-1))), b.eds[n.fromK].Cutoff
						x.ref += fmt.Sprintf("; on or before %s: the %d edition lists %09d %s", fmtDate(x.date), b.eds[n.fromK].Year, n.code, n.name)
					}
					if x := b.events[we]; x.prec == quhua.Interval && x.after < ce.date && x.date > ce.date {
						// After the county's day, which began the record
						// of the old name.
						x.after = ce.date
						x.ref += fmt.Sprintf("; after %s, when %09d %s began under %06d", fmtDate(ce.date), b.recs[w].code, b.recs[w].name, countyOf(b.recs[w].code))
					}
				}
				continue
			}
			var fl uint8
			for _, l := range oe.links {
				if l.from == ri && l.to == ni {
					fl = l.flags
				}
			}
			oe.links = slices.DeleteFunc(oe.links, func(l link) bool { return l.from == ri && l.to == ni })
			cev.links = append(cev.links, link{from: ri, to: ni, flags: fl})
			if Stem(n.name) == Stem(r.name) && n.fromEv == r.toEv && b.incoming(r.toEv, ni) == 0 {
				// The same township under a county the county-level event
				// does not name (a part moved elsewhere by the same
				// document): it moved then; the link stays inferred.
				n.fromEv, n.startCat = id, County
				cev.ref += fmt.Sprintf("; %09d %s → %09d %s: the same name under %06d, which the editions show from %s", r.code, r.name, n.code, n.name, countyOf(n.code), fmtDate(b.eds[n.fromK].Cutoff))
				b.followLinks[0]++
				continue
			}
			// Another name or kind, and no source lists the township
			// between the county's day and the start the editions date:
			// the link goes with the record's end into the county's
			// event, kept inferred, and the new record keeps its start.
			cev.ref += fmt.Sprintf("; %09d %s → %09d %s: no source lists the township between %s and the start the editions date", r.code, r.name, n.code, n.name, fmtDate(ce.date))
			b.followLinks[1]++
		}
		r.toEv, r.endCat = id, County
		moved++
	}
	return moved
}

// incoming counts the links of event ev to record n.
func (b *builder) incoming(ev, n int) int {
	c := 0
	for _, l := range b.events[ev].links {
		if l.to == n {
			c++
		}
	}
	return c
}

// linked reports whether some event links record o to record n.
func (b *builder) linked(o, n int) bool {
	ev := b.recs[o].toEv
	return ev >= 0 && slices.ContainsFunc(b.events[ev].links, func(l link) bool { return l.from == o && l.to == n })
}

// allEndUnder reports whether every record that event ev ends lies under
// a county that ends (ends) on d.
func (b *builder) allEndUnder(ev int, ends map[uint32][]countyEnd, d int32) bool {
	for _, r := range b.recs {
		if r.toEv != ev {
			continue
		}
		if !slices.ContainsFunc(ends[countyOf(r.code)], func(c countyEnd) bool { return c.date == d }) {
			return false
		}
	}
	return true
}

// startsUnder reports whether event ev starts a record under county c.
func (b *builder) startsUnder(ev int, c uint32) bool {
	return slices.ContainsFunc(b.recs, func(r *rec) bool { return r.fromEv == ev && countyOf(r.code) == c })
}

// countyEnd is a county-level event that ends a county: its index, date
// and the counties its townships go to.
type countyEnd struct {
	e    int
	date int32
	to   []uint32
}
