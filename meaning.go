package quhua

import "slices"

// Meaning is one division a code stood for: the consecutive records of
// the code that continue one another. A rename or a change of parent
// keeps the meaning, and so does the same name coming back to the code
// after a gap (榆树县 220121 left the code in 1982 and came back in 1983:
// the records show the gap); a code given to a unit of another name after
// its holder ended starts a new meaning.
type Meaning struct {
	Code Code
	// Records are the code's records of this meaning, oldest first; the
	// last one carries the current (or last) name.
	Records []*Record
}

// First returns the meaning's first record.
func (m Meaning) First() *Record { return m.Records[0] }

// Last returns the meaning's last record.
func (m Meaning) Last() *Record { return m.Records[len(m.Records)-1] }

// From is the first day of the meaning (zero: before the first list).
func (m Meaning) From() Date { return m.First().From }

// To is the first day the code no longer had this meaning (zero: it still
// has it). Records of the meaning may leave gaps between From and To.
func (m Meaning) To() Date { return m.Last().To }

// InForce reports whether the code had this meaning on date d: one of its
// records was in force.
func (m Meaning) InForce(d Date) bool {
	for _, r := range m.Records {
		if r.InForce(d) {
			return true
		}
	}
	return false
}

// Interval formats the meaning's validity with the precision of its
// dates, e.g. "≤1981–1983" or "2014-01-18–".
func (m Meaning) Interval() string {
	f, l := m.First(), m.Last()
	from := f.Interval()
	to := l.Interval()
	return from[:len(from)-len(f.To.Format(f.ToPrec))] + to[len(to)-len(l.To.Format(l.ToPrec)):]
}

// Names returns the distinct names of the meaning, oldest first.
func (m Meaning) Names() []string {
	var out []string
	for _, r := range m.Records {
		if !slices.Contains(out, r.Name) {
			out = append(out, r.Name)
		}
	}
	return out
}

// continues reports whether record b of a code continues record a of the
// same code: it has a's name, or it starts the day a ends, in the event
// that ended a, and a link of that event leads from a to b.
func continues(a, b *Record) bool {
	if a.Name == b.Name {
		return true
	}
	if a.To == 0 || a.To != b.From || a.Retired == nil || a.Retired != b.Created {
		return false
	}
	for _, l := range a.Successors() {
		if l.To == b && l.Event == a.Retired {
			return true
		}
	}
	return false
}

// Meanings returns every meaning code c has had, oldest first, each with
// its records and interval; nil for a code that never was in the
// registry. A code with more than one meaning was reused: the same six
// digits stood for different divisions at different times, so data coded
// with it must be read with its date (the ID decoder reads a citizen
// number's region by its birth date with MeaningAt).
func (reg *Registry) Meanings(c Code) []Meaning {
	var out []Meaning
	for _, r := range reg.codeRecords(c) {
		if n := len(out); n > 0 && continues(out[n-1].Last(), r) {
			out[n-1].Records = append(out[n-1].Records, r)
			continue
		}
		out = append(out, Meaning{Code: c, Records: []*Record{r}})
	}
	return out
}

// MeaningAt returns the meaning of code c on date d, and the meanings the
// code had after d (a code reused later for another division); ok is
// false when the code meant nothing on d.
func (reg *Registry) MeaningAt(c Code, d Date) (m Meaning, later []Meaning, ok bool) {
	all := reg.Meanings(c)
	for i, x := range all {
		if x.InForce(d) {
			return x, all[i+1:], true
		}
	}
	return Meaning{}, nil, false
}

// ReusedCodes returns the codes of county level and above that have had
// more than one meaning, in code order.
func (reg *Registry) ReusedCodes() []Code {
	var out []Code
	for _, r := range reg.sorted[:reg.townFirst] {
		if n := len(out); n > 0 && out[n-1] == r.Code {
			continue
		}
		if len(reg.codeRecords(r.Code)) > 1 && len(reg.Meanings(r.Code)) > 1 {
			out = append(out, r.Code)
		}
	}
	return out
}
