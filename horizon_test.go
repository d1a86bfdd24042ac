package quhua_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func TestHorizon(t *testing.T) {
	reg := quhua.Default()
	if got := reg.Version(); got != "2026a" {
		t.Errorf("Version = %q, want the data release 2026a", got)
	}
	if got, want := reg.Horizon(), quhua.MustParseDate("2025"); got != want {
		t.Errorf("Horizon = %s, want %s (the end of the newest list)", got, want)
	}
	if got, want := reg.RecordedThrough(), quhua.MustParseDate("2026-04-17"); got != want || reg.RecordedThroughPrecision() != quhua.Day {
		t.Errorf("RecordedThrough = %s (%s), want %s with day precision (草湖市)", got, reg.RecordedThroughPrecision(), want)
	}
	if !strings.Contains(reg.Note(), "provisional") {
		t.Errorf("Note = %q, want it to say the 2025 list is provisional", reg.Note())
	}
	for _, tc := range []struct {
		date   string
		beyond bool
	}{{"2025", false}, {"2025-12-31", false}, {"2026-01-01", true}, {"2030", true}} {
		d := quhua.MustParseDate(tc.date)
		if got := reg.BeyondHorizon(d); got != tc.beyond {
			t.Errorf("BeyondHorizon(%s) = %v", tc.date, got)
		}
		if got := reg.At(d).BeyondHorizon(); got != tc.beyond {
			t.Errorf("At(%s).BeyondHorizon() = %v", tc.date, got)
		}
		n := reg.HorizonNotice(d)
		if (n != "") != tc.beyond {
			t.Errorf("HorizonNotice(%s) = %q", tc.date, n)
		}
		if tc.beyond && !strings.Contains(n, "complete through 2025-12-31") || tc.beyond && !strings.Contains(n, "recorded through 2026-04-17 ") {
			t.Errorf("HorizonNotice(%s) = %q, want the horizon and the recorded-through date", tc.date, n)
		}
	}
}

func TestCheckDate(t *testing.T) {
	reg := quhua.Default()
	if got := reg.FirstDate(); got != quhua.NewDate(1981, 1, 1) {
		t.Errorf("FirstDate = %s", got)
	}
	for _, s := range []string{"1970", "1980-12-31", "1949-10-01"} {
		err := reg.CheckDate(quhua.MustParseDate(s))
		if !errors.Is(err, quhua.ErrBeforeFirstList) {
			t.Errorf("CheckDate(%s) = %v, want ErrBeforeFirstList", s, err)
		}
	}
	for _, s := range []string{"1981-01-01", "1981", "2030"} {
		if err := reg.CheckDate(quhua.MustParseDate(s)); err != nil {
			t.Errorf("CheckDate(%s) = %v", s, err)
		}
	}
}

// TestRecordedChanges checks the changes the project records in
// data/changes: present, with their documents, marked as the project's,
// and their area links unconfirmed where no official text states them.
func TestRecordedChanges(t *testing.T) {
	reg := quhua.Default()
	at := quhua.MustParseDate("2026-06")
	for _, tc := range []struct {
		code         quhua.Code
		name         string
		kind         quhua.Kind
		admin, legal quhua.Code
		from         string
		source       quhua.Code
		ref          string
	}{
		{653132, "岑岭县", quhua.KindCounty, 653100, 650000, "2026-03-26", 653126, "data/changes/2026-03-26-cenling.json"},
		{659013, "草湖市", quhua.KindCountyCity, 0, 650000, "2026-04-17", 659003, "data/changes/2026-04-17-caohu.json"},
	} {
		d, ok := reg.At(at).Lookup(tc.code)
		if !ok {
			t.Errorf("%s is not in force on %s", tc.code, at)
			continue
		}
		if d.Name != tc.name || d.Kind != tc.kind || d.Legal.Code != tc.legal {
			t.Errorf("%s: %s %s legal %s", tc.code, d.Name, d.Kind, d.Legal.Code)
		}
		if tc.admin != 0 && (d.Admin == nil || d.Admin.Code != tc.admin) {
			t.Errorf("%s: administered by %v, want %s", tc.code, d.Admin, tc.admin)
		}
		if _, ok := reg.At(quhua.MustParseDate("2025")).Lookup(tc.code); ok {
			t.Errorf("%s in force at the end of 2025", tc.code)
		}
		ev := d.Created
		if ev == nil || ev.Origin() != quhua.OriginProject || ev.Ref != tc.ref || ev.Date.Format(ev.Precision) != tc.from {
			t.Fatalf("%s: created by %+v, want the project's change %s of %s", tc.code, ev, tc.ref, tc.from)
		}
		if len(ev.Documents) < 2 || !strings.Contains(ev.Documents[0].Source, "xinjiang.gov.cn") {
			t.Errorf("%s: documents %+v", tc.code, ev.Documents)
		}
		var found bool
		for _, l := range d.Predecessors() {
			if l.From.Code == tc.source && l.Transfer && l.Unconfirmed {
				found = true
			}
		}
		if !found {
			t.Errorf("%s: no unconfirmed transfer link from %s", tc.code, tc.source)
		}
	}
}
