package upstream

import (
	"fmt"
	"strings"

	"github.com/quhua/quhua"
)

// Corrections are the project's own rulings on the upstream files: where
// upstream has a case the strict importer would reject, an entry says what
// it means, with the reason and its source in the comment lines above it.
//
// The file is line-based. Lines starting with "#" are commentary; every
// entry must have at least one comment line directly above it (its source).
// Entries:
//
//	attach FILE LINE            the change lines starting at LINE, after a blank
//	                            line, belong to the description before them
//	implicit-parent FILE        '+' county-level lines with no '<' list in FILE
//	                            are carved out of their parent's own area ("..")
//	date FILE LINE YYYY[-MM[-DD]] the description starting at LINE has this date
//	effective FILE LINE YYYY[-MM[-DD]] the change of the description starting
//	                            at LINE took effect on this date, which its text
//	                            states (e.g. "自1997年7月1日起") while its
//	                            document is dated years before
//
// Every entry must be used by the import; an unused entry is an error, so
// the file cannot drift from the data it corrects.
type Corrections struct {
	file    string
	entries []*correction
}

type correction struct {
	rule  string
	file  string
	line  int
	value string
	at    int // line in the corrections file
	used  bool
	date  quhua.Date
	prec  quhua.Precision
	text  string
}

// ParseCorrections parses a corrections file.
func ParseCorrections(b []byte, name string) (*Corrections, error) {
	c := &Corrections{file: name}
	var errs Errors
	haveComment := false
	for i, line := range strings.Split(string(b), "\n") {
		n := i + 1
		line = strings.TrimSpace(strings.TrimSuffix(line, "\r"))
		switch {
		case line == "":
			haveComment = false
			continue
		case strings.HasPrefix(line, "#"):
			haveComment = true
			continue
		}
		f := strings.Fields(line)
		e := &correction{rule: f[0], at: n}
		want := map[string]int{"attach": 3, "implicit-parent": 2, "date": 4, "effective": 4}[f[0]]
		if want == 0 {
			errs = append(errs, &Error{File: name, Line: n, Field: "rule", Msg: fmt.Sprintf("unknown rule %q (want attach, implicit-parent, date or effective)", f[0])})
			continue
		}
		if len(f) != want {
			errs = append(errs, &Error{File: name, Line: n, Msg: fmt.Sprintf("%s takes %d fields, got %d", f[0], want-1, len(f)-1)})
			continue
		}
		if !haveComment {
			errs = append(errs, &Error{File: name, Line: n, Msg: "entry has no comment above it giving its reason and source"})
			continue
		}
		e.file = f[1]
		if want >= 3 {
			var err error
			if _, err = fmt.Sscanf(f[2], "%d", &e.line); err != nil || e.line <= 0 {
				errs = append(errs, &Error{File: name, Line: n, Field: "line", Msg: fmt.Sprintf("%q is not a line number", f[2])})
				continue
			}
		}
		if e.rule == "date" || e.rule == "effective" {
			d, p, err := quhua.ParseDate(f[3])
			if err != nil {
				errs = append(errs, &Error{File: name, Line: n, Field: "date", Msg: err.Error()})
				continue
			}
			e.value, e.date, e.prec, e.text = f[3], d, p, f[3]
		}
		c.entries = append(c.entries, e)
	}
	if len(errs) > 0 {
		return nil, errs
	}
	return c, nil
}

func (c *Corrections) find(rule, file string, line int) *correction {
	for _, e := range c.entries {
		if e.rule == rule && e.file == file && e.line == line {
			e.used = true
			return e
		}
	}
	return nil
}

func (c *Corrections) use(rule, file string, line int) bool {
	return c.find(rule, file, line) != nil
}

func (c *Corrections) date(file string, line int) (*correction, bool) {
	e := c.find("date", file, line)
	return e, e != nil
}

func (c *Corrections) unused() []error {
	var errs []error
	for _, e := range c.entries {
		if !e.used {
			errs = append(errs, &Error{File: c.file, Line: e.at, Msg: fmt.Sprintf("%s %s %d: the upstream data no longer needs this entry; remove it", e.rule, e.file, e.line)})
		}
	}
	return errs
}
