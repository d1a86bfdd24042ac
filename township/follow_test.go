package township_test

import (
	"slices"
	"testing"

	"github.com/quhua/quhua"
)

// countyEnds returns, for each county-level code, the days on which a
// record of it ends by an event after which no record of the code is in
// force: the county ended (abolished, recoded, merged into another).
func countyEnds(r *quhua.Registry) map[quhua.Code][]quhua.Date {
	byCode := map[quhua.Code][]*quhua.Record{}
	for _, rec := range r.Records() {
		if rec.Level() == quhua.County {
			byCode[rec.Code] = append(byCode[rec.Code], rec)
		}
	}
	out := map[quhua.Code][]quhua.Date{}
	for c, rs := range byCode {
		for _, cr := range rs {
			if cr.To == 0 || slices.ContainsFunc(rs, func(o *quhua.Record) bool { return o.InForce(cr.To) }) {
				continue
			}
			out[c] = append(out[c], cr.To)
		}
	}
	return out
}

// No township record outlives the county its code lies under: a record in
// force on the day its county ended (by a county-level event) ends on
// that day, or before. A township under a statistics-only unit, whose
// legal county is a field of its record, has on and after that day a
// legal parent in force (the county's successor).
func TestTownshipsFollowTheirCounty(t *testing.T) {
	r := reg(t)
	ends := countyEnds(r)
	first := quhua.Date(20150930) // the first edition's cut-off
	last := quhua.Date(20230630)  // the last edition's cut-off
	var checked, failed int
	for _, rec := range r.Records() {
		if rec.Level() != quhua.Township {
			continue
		}
		c := rec.Code.CountyCode()
		if rec.Unit != "" {
			c = rec.LegalCounty
		}
		// The county ended after the record is known to be in force
		// (records listed only under a code that had ended before, as
		// the bureau's 139001 for 定州市, are not this test's).
		start := max(rec.From, first)
		for _, d := range ends[c] {
			// A county that ended after the last edition (江北区 and
			// 渝北区, 2025-11-07) ends none of its townships: no
			// township source after it says what became of them.
			if d <= start || d > last {
				continue
			}
			checked++
			if rec.Unit != "" {
				if !rec.InForce(d) {
					continue
				}
				v, ok := r.At(d).Lookup(rec.Code)
				if !ok || v.Record != rec || v.Legal == nil || !v.Legal.InForce(d) {
					failed++
					t.Errorf("%s (unit %s, legal county %s): on %s, when %s ended, legal parent %v", rec, rec.Unit, c, d, c, v.Legal)
				}
				continue
			}
			if rec.To == 0 || rec.To > d {
				failed++
				if failed <= 30 {
					ev := ""
					if rec.Retired != nil {
						ev = rec.Retired.Ref
					}
					t.Errorf("%s %s–%s: in force after %s, when its county %s ended (ends by %q)", rec, rec.From, rec.To, d, c, ev)
				}
			}
		}
	}
	if checked == 0 {
		t.Fatal("no township record under a county that ended")
	}
	t.Logf("%d township records under a county that ended while they were in force; %d outlive it", checked, failed)
}

// 370181114 高官寨镇 ends with 370181 章丘市 on 2016-09-14; the workbook's
// 370114105 高官寨镇 (civil-affairs code) goes on under 370114 章丘区 until
// 鲁政函民字〔2017〕6号 makes it 370114012 高官寨街道, dated by the sheet's
// year and the 2017 edition.
func TestGaoguanzhaiFollowsZhangqiu(t *testing.T) {
	r := reg(t)
	old := record(t, r, 370181114, "高官寨镇")
	if old.To != 20160914 || old.ToPrec != quhua.Day || old.Retired == nil {
		t.Fatalf("%s ends %s (%s), want 2016-09-14", old, old.To, old.ToPrec)
	}
	s := old.Successors()
	if len(s) != 1 || s[0].To.Code != 370114105 || s[0].To.Name != "高官寨镇" || !s[0].Derived || s[0].Event.Date != 20160914 {
		t.Fatalf("%s successors %v", old, s)
	}
	if !slices.ContainsFunc(s[0].Event.Documents, func(d quhua.Document) bool { return d.Number == "国函〔2016〕155号" }) {
		t.Fatalf("the county's event lacks its document: %+v", s[0].Event.Documents)
	}
	mid := s[0].To
	if mid.From != 20160914 || mid.To == 0 || mid.To <= 20160914 {
		t.Fatalf("%s %s–%s", mid, mid.From, mid.To)
	}
	s = mid.Successors()
	if len(s) != 1 || s[0].To.Code != 370114012 || s[0].To.Name != "高官寨街道" || s[0].Event.Precision != quhua.Interval ||
		!slices.ContainsFunc(s[0].Event.Documents, func(d quhua.Document) bool { return d.Number == "鲁政函民字〔2017〕6号" }) {
		t.Fatalf("%s successors %v", mid, s)
	}
	if e := s[0].Event; e.Date != 20171031 {
		t.Fatalf("%s → %s on %s, want by the 2017 edition's cut-off", mid, s[0].To, e.Date)
	}
}

// The bureau shows 542421 那曲县 → 540602 色尼区 (2017-07-18) first in the
// 2018 edition; 542421100 那曲镇 still ends on the county's day.
func TestNaquFollowsSeni(t *testing.T) {
	r := reg(t)
	old := record(t, r, 542421100, "那曲镇")
	if old.To != 20170718 || old.ToPrec != quhua.Day {
		t.Fatalf("%s ends %s (%s), want 2017-07-18", old, old.To, old.ToPrec)
	}
	s := old.Successors()
	if len(s) != 1 || s[0].To.Code != 540602100 || s[0].To.From != 20170718 || !s[0].Derived || s[0].Event.Precision != quhua.Day {
		t.Fatalf("%s successors %v", old, s)
	}
	if !slices.ContainsFunc(s[0].Event.Documents, func(d quhua.Document) bool { return d.Number == "国函〔2017〕109号" }) {
		t.Fatalf("the county's event lacks its document: %+v", s[0].Event.Documents)
	}
}

func record(t *testing.T, r *quhua.Registry, code quhua.Code, name string) *quhua.Record {
	t.Helper()
	for _, rec := range r.Records() {
		if rec.Code == code && rec.Name == name {
			return rec
		}
	}
	t.Fatalf("no record %s %s", code, name)
	return nil
}

// 龙华区 was made from part of 宝安区 (国函〔2016〕159号, 2016-09-14), which goes
// on; 440306014 观湖办事处, listed under 龙华区 from the 2017 edition as
// 440309001 观湖街道, moved on that day.
func TestGuanhuFollowsLonghua(t *testing.T) {
	r := reg(t)
	old := record(t, r, 440306014, "观湖办事处")
	if old.To != 20160914 || old.ToPrec != quhua.Day {
		t.Fatalf("%s ends %s (%s), want 2016-09-14", old, old.To, old.ToPrec)
	}
	s := old.Successors()
	if len(s) != 1 || s[0].To.Code != 440309001 || s[0].To.From != 20160914 ||
		!slices.ContainsFunc(s[0].Event.Documents, func(d quhua.Document) bool { return d.Number == "国函〔2016〕159号" }) {
		t.Fatalf("%s successors %v", old, s)
	}
}
