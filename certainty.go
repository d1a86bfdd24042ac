package quhua

import (
	"strconv"
	"strings"

	"github.com/quhua/quhua/snapshot"
)

// Certainty says how well a fact of the registry (a record, an event, a
// link, or a translation's target) is established.
type Certainty uint8

const (
	// Official: stated by an official list or document.
	Official Certainty = Certainty(snapshot.CertOfficial)
	// Provisional: from a list that the data release calls provisional
	// (e.g. upstream's 2025 list, compiled from announcements before the
	// official list of codes was published); it may still change.
	Provisional Certainty = Certainty(snapshot.CertProvisional)
	// Unconfirmed: no official text confirms it — a link upstream marks
	// "!" (enabled without an official notice), a link a change file marks
	// unconfirmed, or a fact from one unofficial source.
	Unconfirmed Certainty = Certainty(snapshot.CertUnconfirmed)
)

var certNames = [...]string{"official", "provisional", "unconfirmed"}

// certMarks are the short marks the text output puts after a fact; the
// footnote under the output explains each mark used.
var certMarks = [...]string{"", "*", "†"}

// String returns official, provisional or unconfirmed.
func (c Certainty) String() string {
	if int(c) < len(certNames) {
		return certNames[c]
	}
	return "Certainty(" + strconv.Itoa(int(c)) + ")"
}

// Mark returns the short mark of the text output: "" for official, "*"
// for provisional, "†" for unconfirmed.
func (c Certainty) Mark() string {
	if int(c) < len(certMarks) {
		return certMarks[c]
	}
	return "?"
}

// MarshalText implements encoding.TextMarshaler.
func (c Certainty) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// Assessment is the certainty of one fact with the reason and the source
// of that judgement. The zero value is an official fact.
type Assessment struct {
	Certainty Certainty
	Reason    string // why it is not official; empty for official facts
	Source    string // where the judgement comes from, e.g. "data/RELEASE" or "diff/2024-2025.diff:12"
}

// weaker returns the less certain of a and b (a on a tie).
func weaker(a, b Assessment) Assessment {
	if b.Certainty > a.Certainty {
		return b
	}
	return a
}

// Certainty returns how well the record is established: provisional for
// a record of a provisional list, unconfirmed for one from an unofficial
// source, official otherwise.
func (r *Record) Certainty() Assessment {
	if r.reg == nil {
		return Assessment{}
	}
	return r.reg.marks[markKey{snapshot.MarkRecord, int32(r.ID)}]
}

// Certainty returns how well the event is established: provisional for
// the changes of a provisional list, official otherwise. The doubts on
// single links of an event are the links' own (see Link.Certainty).
func (e *Event) Certainty() Assessment {
	if e.reg == nil {
		return Assessment{}
	}
	return e.reg.marks[markKey{snapshot.MarkEvent, int32(e.ID)}]
}

// Certainty returns how well the link is established: unconfirmed when no
// official text confirms it (the Unconfirmed flag, with the snapshot's
// reason and source where it gives them), else provisional when its event
// is, else official.
func (l *Link) Certainty() Assessment {
	a := Assessment{}
	if reg := l.Event.reg; reg != nil {
		a = reg.marks[markKey{snapshot.MarkLink, int32(l.id)}]
	}
	if l.Unconfirmed && a.Certainty != Unconfirmed {
		a = Assessment{Certainty: Unconfirmed, Reason: "no official notice confirms this link", Source: l.Event.Ref}
	}
	return weaker(a, l.Event.Certainty())
}

type markKey struct {
	of    uint8
	index int32
}

// Footnotes collects the certainty marks used in a text output and writes
// one footnote line for each distinct assessment.
type Footnotes struct {
	seen  map[Assessment]bool
	notes []Assessment
}

// Add records an assessment and returns its short mark ("" for official).
func (f *Footnotes) Add(a Assessment) string {
	if a.Certainty == Official {
		return ""
	}
	if f.seen == nil {
		f.seen = map[Assessment]bool{}
	}
	if !f.seen[a] {
		f.seen[a] = true
		f.notes = append(f.notes, a)
	}
	return a.Certainty.Mark()
}

// Lines returns the footnotes, one a line for each certainty and reason:
// the mark, the certainty, the reason and the sources, e.g.
// "† unconfirmed: no official notice confirms this link
// (diff/2023-2024.diff:13, diff/2023-2024.diff:19)".
func (f *Footnotes) Lines() []string {
	type key struct {
		c      Certainty
		reason string
	}
	var order []key
	sources := map[key][]string{}
	for _, a := range f.notes {
		k := key{a.Certainty, a.Reason}
		if _, ok := sources[k]; !ok {
			order = append(order, k)
			sources[k] = nil
		}
		if a.Source != "" {
			sources[k] = append(sources[k], a.Source)
		}
	}
	var out []string
	for _, k := range order {
		s := k.c.Mark() + " " + k.c.String()
		if k.reason != "" {
			s += ": " + k.reason
		}
		if src := sources[k]; len(src) > 0 {
			s += " (" + strings.Join(src, ", ") + ")"
		}
		out = append(out, s)
	}
	return out
}

// Certainty returns the weakest certainty of the operation's links and of
// the records it created.
func (op Operation) Certainty() Assessment {
	var a Assessment
	for _, l := range op.Links {
		a = weaker(a, l.Certainty())
	}
	for _, r := range op.After {
		a = weaker(a, r.Certainty())
	}
	return a
}
