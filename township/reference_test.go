package township_test

import (
	"slices"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/township"
)

func docsOf(tl *quhua.Timeline) []string {
	var out []string
	for _, st := range tl.Steps {
		for _, d := range st.Event.Documents {
			out = append(out, d.Number)
		}
		for _, r := range st.Op.After {
			out = append(out, r.Name)
		}
	}
	return out
}

// 330523100 递铺镇 → 昌硕街道 (浙政函〔2014〕12号), before the first edition.
func TestRowBeforeFirstEdition(t *testing.T) {
	r := reg(t)
	rs := r.CodeRecords(330523100)
	if len(rs) == 0 {
		t.Fatal("330523100 is unknown")
	}
	got := docsOf(r.History(rs[len(rs)-1]))
	if !slices.Contains(got, "昌硕街道") || !slices.Contains(got, "浙政函〔2014〕12号") {
		t.Fatalf("history of 330523100: %q", got)
	}
}

// 511781217: the bureau's 新店乡, the ministry's 石窝乡 (bureau 511781215).
func TestCivilAffairsCode(t *testing.T) {
	r := reg(t)
	cp := r.CounterpartRecords(511781217)
	if len(cp) == 0 || cp[0].Name != "石窝乡" || cp[0].Code != 511781215 || cp[0].System != quhua.Statistics {
		t.Fatalf("counterpart records of 511781217: %v", cp)
	}
	if got := cp[0].CodeSystemNote(); got != "statistics code (civil-affairs code 511781217)" {
		t.Fatalf("note %q", got)
	}
	if rs := r.CodeRecords(511781217); len(rs) == 0 || rs[0].Name != "新店乡" {
		t.Fatalf("statistics reading of 511781217: %v", rs)
	}
}

// A document wins over a lagging edition: 杨庄镇 → 文峰街道, 2021.
func TestDocumentWins(t *testing.T) {
	r := reg(t)
	if d, ok := r.At(quhua.EndOfYear(2022)).Lookup(410421107); ok {
		t.Fatalf("410421107 in force in 2022: %s", d.Record)
	}
	rs := r.CodeRecords(410421107)
	got := docsOf(r.History(rs[len(rs)-1]))
	if !slices.Contains(got, "文峰街道") || !slices.Contains(got, "豫民行批〔2021〕9号") {
		t.Fatalf("history of 410421107: %q", got)
	}
	// 大兴镇, abolished by a document of 2019: not asserted in force at
	// the end of 2019, uncertain within the year.
	v := r.At(quhua.NewDate(2019, 12, 31))
	if d, ok := v.Lookup(511802103); ok && d.Uncertain(v.Date()) == false {
		t.Fatalf("511802103 asserted in force on 2019-12-31")
	}
	rec := r.CodeRecords(511802103)[0]
	if !rec.Uncertain(quhua.NewDate(2019, 6, 30)) || !strings.Contains(rec.UncertainNote(quhua.NewDate(2019, 6, 30)), "大兴街道") {
		t.Fatalf("511802103 on 2019-06-30: %q", rec.UncertainNote(quhua.NewDate(2019, 6, 30)))
	}
}

// Legal parents are county-level divisions: 高官寨镇 follows its county's
// recode (章丘市 → 章丘区, 2016-09-14), under the civil-affairs code
// 370114105 the workbook gives.
func TestLegalParentFollowsCounty(t *testing.T) {
	r := reg(t)
	for _, c := range []struct {
		day          quhua.Date
		code, county quhua.Code
	}{{quhua.NewDate(2016, 9, 13), 370181114, 370181}, {quhua.NewDate(2017, 1, 1), 370114105, 370114}} {
		d, ok := r.At(c.day).Lookup(c.code)
		if !ok {
			t.Fatalf("%s not in force on %s", c.code, c.day)
		}
		if d.Legal == nil || d.Legal.Level() != quhua.County || d.Legal.Code != c.county {
			t.Fatalf("%s on %s: legal parent %v, want %s", c.code, c.day, d.Legal, c.county)
		}
	}
	if _, ok := r.At(quhua.NewDate(2017, 1, 1)).Lookup(370181114); ok {
		t.Fatal("370181114 in force on 2017-01-01, after 370181 章丘市 ended")
	}
}

// No township is given a prefecture it does not sit directly under, or a
// province, as its legal parent.
func TestNoPrefectureParent(t *testing.T) {
	r := reg(t)
	for _, y := range []int{2016, 2019, 2023} {
		v := r.At(quhua.NewDate(y, 6, 30))
		for _, d := range v.All() {
			// Prefecture-level cities without districts (儋州市 460400,
			// 嘉峪关市 620200, 东莞市 …) hold townships directly: their
			// code is the township's first six digits.
			// The bureau's 620201 市辖区 stands for 嘉峪关市 as a whole.
			if d.Level() == quhua.Township && d.Legal != nil && d.Legal.Level() != quhua.County && d.Legal.Code != d.Code.CountyCode() &&
				!(d.LegalBasis == "unit's code" && d.Legal.Code == d.LegalCounty) &&
				!(d.Legal.Level() == quhua.Prefecture && countyEnded(r, d.Code.CountyCode(), v.Date())) {
				t.Errorf("%d: %s has the legal parent %s", y, d.Record, d.Legal)
			}
		}
	}
}

// No township event whose only evidence is a pair of editions is dated
// to the day.
func TestNoDayWithoutDocument(t *testing.T) {
	td, err := township.Data()
	if err != nil {
		t.Fatal(err)
	}
	for i, e := range td.Events {
		if e.Prec == uint8(quhua.Day) && len(e.Docs) == 0 {
			t.Errorf("event %d dated %d to the day without a document: %s", i, e.Date, e.Ref)
		}
	}
}

// Short names: 龙华 finds 龙华街道 and 龙华镇; the address parser reads
// 范家屯 under 公主岭市 as 范家屯镇.
func TestShortNames(t *testing.T) {
	r := reg(t)
	v := r.At(quhua.NewDate(2023, 6, 30))
	var names []string
	for _, d := range v.Find("龙华") {
		names = append(names, d.Name)
		if d.Level() == quhua.Township && (d.Legal == nil || d.Legal.Level() != quhua.County) {
			t.Errorf("%s without its county", d.Record)
		}
	}
	if !slices.Contains(names, "龙华街道") || !slices.Contains(names, "龙华镇") || !slices.Contains(names, "龙华区") {
		t.Fatalf("龙华: %q", names)
	}
	if got := quhua.TownshipShortName("范家屯镇"); got != "范家屯" {
		t.Fatalf("short name %q", got)
	}
	p, err := address.New(r)
	if err != nil {
		t.Fatal(err)
	}
	res := p.Parse("吉林省公主岭市范家屯幸福路8号", quhua.NewDate(2023, 6, 30))
	if res.Township.Code != 220184103 || res.Rest != "幸福路8号" {
		t.Fatalf("township %+v, rest %q", res.Township, res.Rest)
	}
}

// countyEnded reports whether the county of code c had ended by d (its
// successor may be a prefecture-level city without districts, 儋州市).
func countyEnded(r *quhua.Registry, c quhua.Code, d quhua.Date) bool {
	rs := r.CodeRecords(c)
	return len(rs) > 0 && rs[len(rs)-1].To != 0 && rs[len(rs)-1].To <= d
}
