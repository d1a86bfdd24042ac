package township_test

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

// maxUnknownLegal is the number of township records under a
// statistics-only unit whose legal county no source names
// (township/testdata/legal.txt): it may fall as evidence is added, never
// grow.
const maxUnknownLegal = 377

// Every township record under a statistics-only unit has, on every date
// it is in force, a county-level legal parent in force on that date (or
// the prefecture-level city without counties it lies directly under), or
// no legal parent and a reason; never a prefecture that has counties.
func TestStatisticalUnitParents(t *testing.T) {
	r := reg(t)
	cutoffs := []quhua.Date{20150930, 20160731, 20171031, 20181031, 20191031, 20201031, 20211031, 20221031, 20230630}
	var units, unknown int
	for _, rec := range r.Records() {
		if rec.Level() != quhua.Township || rec.Unit == "" {
			continue
		}
		units++
		from := max(rec.From, cutoffs[0])
		dates := []quhua.Date{from}
		for _, c := range cutoffs {
			if c > from && (rec.To == 0 || c < rec.To) {
				dates = append(dates, c)
			}
		}
		if rec.To != 0 {
			dates = append(dates, rec.To.AddDays(-1))
		}
		known := rec.LegalBasis != "unknown"
		if !known {
			unknown++
			if rec.LegalCounty != 0 || !strings.HasPrefix(rec.LegalNote, "not known: ") {
				t.Errorf("%s: unknown legal county, yet county %s, reason %q", rec, rec.LegalCounty, rec.LegalNote)
			}
		} else if rec.LegalCounty == 0 || rec.LegalNote == "" || rec.LegalBasis == "" {
			t.Errorf("%s: legal county %s, basis %q, note %q", rec, rec.LegalCounty, rec.LegalBasis, rec.LegalNote)
		}
		for _, d := range dates {
			v := r.At(d)
			div, ok := v.Lookup(rec.Code)
			if !ok || div.Record != rec {
				continue // another record of the code (or none) on d
			}
			switch l := div.Legal; {
			case !known && l != nil:
				t.Errorf("%s on %s: legal parent %s, but its legal county is not known", rec, d, l)
			case !known:
			case l == nil:
				t.Errorf("%s on %s: no legal parent, though %s names %s", rec, d, rec.LegalBasis, rec.LegalCounty)
			case !l.InForce(d):
				t.Errorf("%s on %s: legal parent %s not in force", rec, d, l)
			case l.Level() == quhua.County:
			case l.Level() == quhua.Prefecture && rec.LegalBasis == "unit's code" && l.Code == rec.LegalCounty && !hasCounties(v, l.Code):
			default:
				t.Errorf("%s on %s: legal parent %s (%s) is not county level", rec, d, l, l.Level())
			}
		}
	}
	if units == 0 {
		t.Fatal("no township record under a statistics-only unit")
	}
	if unknown > maxUnknownLegal {
		t.Errorf("%d of %d records under statistics-only units have no known legal county; at most %d did", unknown, units, maxUnknownLegal)
	}
	t.Logf("%d records under statistics-only units, %d without a known legal county", units, unknown)
}

// 南马厂乡 (320871352, under 320871 淮安经济技术开发区) belongs to 清江浦区 on
// one unofficial source, marked unconfirmed; 南马厂街道's successor
// 枚乘街道 (320871004) rests on the workbook; a township whose county is
// not known says so in JSON, with the reason.
func TestLegalParentEvidence(t *testing.T) {
	r := reg(t)
	v := r.At(quhua.NewDate(2018, 6, 1))
	d, ok := v.Lookup(320871352)
	if !ok || d.Legal == nil || d.Legal.Code != 320812 || d.Legal.Level() != quhua.County {
		t.Fatalf("320871352 on 2018-06-01: %+v", d)
	}
	if d.LegalBasis != "document" || d.LegalCertainty != quhua.Unconfirmed || d.Unit != "320871 淮安经济技术开发区" {
		t.Fatalf("320871352: basis %q, certainty %s, unit %q", d.LegalBasis, d.LegalCertainty, d.Unit)
	}
	j := api.NewRecord(d.Record)
	if j.LegalBasis == nil || j.LegalBasis.County != "320812" || j.LegalBasis.Certainty != "unconfirmed" || j.LegalBasis.Evidence != "document" {
		t.Fatalf("320871352 JSON: %+v", j.LegalBasis)
	}
	d, ok = r.At(quhua.NewDate(2020, 6, 1)).Lookup(320871004)
	if !ok || d.Legal == nil || d.Legal.Code != 320812 || d.LegalBasis != "workbook" || d.LegalCertainty != quhua.Official || !strings.Contains(d.LegalNote, "2019!323") {
		t.Fatalf("320871004: %+v", d)
	}
	// 139002 is the bureau's code of 辛集市 (130181).
	d, ok = r.At(quhua.NewDate(2016, 6, 1)).Lookup(139002100)
	if !ok || d.Legal == nil || d.Legal.Code != 130181 || d.LegalBasis != "unit's code" {
		t.Fatalf("139002100: %+v", d)
	}
	// 长江街道 (130171010, 石家庄高新技术产业开发区): no source names its county.
	d, ok = r.At(quhua.NewDate(2020, 6, 1)).Lookup(130171010)
	if !ok || d.Legal != nil || d.LegalBasis != "unknown" {
		t.Fatalf("130171010: %+v", d)
	}
	b, err := json.Marshal(api.NewDivision(d))
	if err != nil {
		t.Fatal(err)
	}
	s := string(b)
	if !strings.Contains(s, `"legal":null`) || !strings.Contains(s, `"evidence":"unknown"`) || !strings.Contains(s, `"reason":"not known: 130171 石家庄高新技术产业开发区 is not a county-level division`) {
		t.Fatalf("130171010 JSON: %s", s)
	}
}

// hasCounties reports whether any county-level division lies under the
// prefecture c on the view's date.
func hasCounties(v quhua.View, c quhua.Code) bool {
	for _, d := range v.Children(c) {
		if d.Level() == quhua.County {
			return true
		}
	}
	return false
}
