package quhua_test

import (
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// The data's own flags reach the model: upstream's "!", the provisional
// list of the release file, the change files' unconfirmed links.
func TestCertaintyOfTheData(t *testing.T) {
	reg := quhua.Default()
	var bang, changes, prov, provRecs int
	for _, e := range reg.Events() {
		if c := e.Certainty(); c.Certainty == quhua.Provisional {
			prov++
			if e.Year != 2025 || c.Source != "data/RELEASE" || !strings.Contains(c.Reason, "provisional") {
				t.Errorf("event %s (list %d) provisional: %+v", e.Ref, e.Year, c)
			}
		} else if e.Year == 2025 && !e.Authored && !strings.HasPrefix(e.Ref, "data/changes/") && e.Date <= quhua.EndOfYear(2025) {
			t.Errorf("event %s of the provisional 2025 list is %s", e.Ref, c.Certainty)
		}
		for _, r := range e.Created {
			if r.Level() != quhua.Township && r.Certainty().Certainty != e.Certainty().Certainty {
				t.Errorf("record %s created by %s: %s, its event %s", r, e.Ref, r.Certainty().Certainty, e.Certainty().Certainty)
			}
			if r.Certainty().Certainty == quhua.Provisional {
				provRecs++
			}
		}
		for _, l := range e.Links {
			c := l.Certainty()
			switch {
			case l.Unconfirmed && c.Certainty != quhua.Unconfirmed:
				t.Errorf("link %s → %s (%s) flagged unconfirmed, certainty %s", l.From, l.To, e.Ref, c.Certainty)
			case l.Unconfirmed && strings.HasPrefix(e.Ref, "data/changes/"):
				changes++
				if c.Source != e.Ref {
					t.Errorf("link %s → %s: source %q, want %q", l.From, l.To, c.Source, e.Ref)
				}
			case l.Unconfirmed:
				bang++
				if !strings.Contains(c.Reason, `"!"`) || c.Source != e.Ref {
					t.Errorf("link %s → %s: %+v", l.From, l.To, c)
				}
			case c.Certainty != e.Certainty().Certainty:
				t.Errorf("link %s → %s: %s, its event %s", l.From, l.To, c.Certainty, e.Certainty().Certainty)
			}
		}
	}
	t.Logf("unconfirmed links: %d from upstream's \"!\", %d from the change files; provisional: %d events, %d records", bang, changes, prov, provRecs)
	if bang == 0 || changes != 2 || prov == 0 || provRecs == 0 {
		t.Errorf("want upstream \"!\" links, the 2 links of the change files, and provisional events and records")
	}
	cen := reg.CodeRecords(653132)
	if len(cen) != 1 || cen[0].Certainty().Certainty != quhua.Official {
		t.Fatalf("653132 岑岭县: %v", cen)
	}
	if in := cen[0].Predecessors(); len(in) != 1 || in[0].Certainty().Certainty != quhua.Unconfirmed {
		t.Errorf("叶城县 → 岑岭县 is not unconfirmed")
	}
	lj := reg.CodeRecords(500157)
	if len(lj) != 1 || lj[0].Certainty().Certainty != quhua.Provisional {
		t.Errorf("500157 两江新区 of the provisional list: %v", lj)
	}
}

func TestFootnotes(t *testing.T) {
	var f quhua.Footnotes
	a := quhua.Assessment{Certainty: quhua.Unconfirmed, Reason: "r", Source: "s"}
	if m := f.Add(quhua.Assessment{}); m != "" {
		t.Errorf("official mark %q", m)
	}
	if f.Add(a) != "†" || f.Add(a) != "†" || f.Add(quhua.Assessment{Certainty: quhua.Provisional, Reason: "p"}) != "*" {
		t.Error("marks")
	}
	if got := strings.Join(f.Lines(), "|"); got != "† unconfirmed: r (s)|* provisional: p" {
		t.Errorf("footnotes %q", got)
	}
}
