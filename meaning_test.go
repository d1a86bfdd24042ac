package quhua_test

import (
	"testing"

	"github.com/quhua/quhua"
)

func TestMeanings(t *testing.T) {
	reg := quhua.Default()
	// 430204: 南区 until 1997-05-31, then 石峰区, a unit of its own (no
	// link from 南区 to it).
	ms := reg.Meanings(430204)
	if len(ms) != 2 || ms[0].Last().Name != "南区" || ms[1].First().Name != "石峰区" || ms[0].To() != ms[1].From() {
		t.Fatalf("430204: %v", ms)
	}
	m, later, ok := reg.MeaningAt(430204, quhua.NewDate(1990, 1, 1))
	if !ok || m.Last().Name != "南区" || len(later) != 1 || later[0].Last().Name != "石峰区" {
		t.Errorf("430204 in 1990: %v %v %v", m, later, ok)
	}
	if _, _, ok := reg.MeaningAt(450405, quhua.NewDate(1990, 1, 1)); ok {
		t.Error("450405 meant something in 1990, between 鸳江区 and 长洲区")
	}
	// 220121 榆树县 left the code in 1982 and came back in 1983: one
	// meaning, two records, a gap.
	ms = reg.Meanings(220121)
	if len(ms) != 1 || len(ms[0].Records) != 2 || ms[0].InForce(quhua.NewDate(1983, 1, 1)) {
		t.Errorf("220121: %v", ms)
	}
	// A rename keeps the meaning: 220381 公主岭市 is one record; 110000 too.
	if ms := reg.Meanings(110000); len(ms) != 1 {
		t.Errorf("110000: %d meanings", len(ms))
	}
	if reg.Meanings(999999) != nil {
		t.Error("999999 has meanings")
	}
	// Every reused code has meanings of different names that do not
	// overlap, and every code with such records is listed.
	reused := map[quhua.Code]bool{}
	for _, c := range reg.ReusedCodes() {
		reused[c] = true
		ms := reg.Meanings(c)
		for i := 1; i < len(ms); i++ {
			if ms[i-1].To() == 0 || ms[i].From() < ms[i-1].To() || ms[i-1].Last().Name == ms[i].First().Name {
				t.Errorf("%s: meanings %s and %s", c, ms[i-1].Interval(), ms[i].Interval())
			}
		}
	}
	for _, r := range reg.Records() {
		if r.Level() == quhua.Township {
			continue
		}
		if rs := reg.CodeRecords(r.Code); len(rs) > 1 && !reused[r.Code] {
			for i := 1; i < len(rs); i++ {
				if rs[i].Name != rs[i-1].Name && rs[i-1].To != rs[i].From {
					t.Errorf("%s: %s then %s after a gap, not listed as reused", r.Code, rs[i-1], rs[i])
				}
			}
		}
	}
	t.Logf("%d reused codes of county level and above", len(reused))
	if len(reused) < 15 {
		t.Errorf("%d reused codes", len(reused))
	}
}

// Hong Kong and Macau from the days the NPC decisions name.
func TestSpecialAdministrativeRegionDays(t *testing.T) {
	reg := quhua.Default()
	for _, c := range []struct {
		code      quhua.Code
		day, prev quhua.Date
	}{{810000, quhua.NewDate(1997, 7, 1), quhua.NewDate(1997, 6, 30)}, {820000, quhua.NewDate(1999, 12, 20), quhua.NewDate(1999, 12, 19)}} {
		if _, ok := reg.At(c.day).Record(c.code); !ok {
			t.Errorf("%s not in force on %s", c.code, c.day)
		}
		if _, ok := reg.At(c.prev).Record(c.code); ok {
			t.Errorf("%s in force on %s", c.code, c.prev)
		}
		if r := reg.CodeRecords(c.code)[0]; r.FromPrec != quhua.Day || r.Created.Precision != quhua.Day {
			t.Errorf("%s: from %s (%s)", c.code, r.From, r.FromPrec)
		}
	}
}
