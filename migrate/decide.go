package migrate

import (
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/recode"
)

// decision is what migrate does with one distinct value of the column.
type decision struct {
	relation recode.Relation
	// change: the value is certain to become new.
	change bool
	new    string
	// review: the code alone cannot decide; candidates are the codes it
	// may become, joined by ";".
	review     bool
	candidates []string
	note       string
}

// decider maps values with the crosswalk of the run's dates.
type decider struct {
	m *recode.Mapper
	// towns maps township codes (a registry with the township level).
	towns *recode.Mapper
	addr  *address.Parser
	to    quhua.Date
}

// code decides a value of the code column from the code alone.
func (d *decider) code(v string) decision {
	v = strings.TrimSpace(v)
	if len(v) != 6 || !digits(v) {
		return decision{relation: recode.Unknown, note: "not a 6-digit division code"}
	}
	c, _ := quhua.ParseCode(v)
	res := d.m.Code(c)
	dec := decision{relation: res.Relation, note: res.Note}
	for _, x := range res.Main {
		dec.candidates = append(dec.candidates, x.Record.Code.String())
	}
	for _, x := range res.Extra {
		dec.candidates = append(dec.candidates, x.Record.Code.String())
	}
	switch res.Relation {
	case recode.Exact, recode.Renamed, recode.Recoded, recode.Merged:
		if len(res.Main) == 1 && len(res.Extra) == 0 {
			if n := res.Main[0].Record.Code.String(); n != v {
				dec.change, dec.new = true, n
			}
			return dec
		}
		dec.review = true
	case recode.Split, recode.Partial, recode.Abolished, recode.Placeholder, recode.Statistical, recode.Ambiguous:
		// Never guessed: the rows stay and are listed for review.
		dec.review = true
	}
	return dec
}

// township decides a value the code alone left open from the row's
// township code: the county that township lies in on the target date,
// when it is one of the candidates. It returns "" when the township does
// not decide.
func (d *decider) township(dec decision, v, town string) (string, string) {
	town = strings.TrimSpace(town)
	if d.towns == nil || len(town) != 9 || !digits(town) || !strings.HasPrefix(town, strings.TrimSpace(v)) {
		return "", ""
	}
	c, _ := quhua.ParseCode(town)
	res := d.towns.Code(c)
	if len(res.Main) == 0 {
		return "", ""
	}
	county := ""
	for _, x := range res.Main {
		g := x.Group
		if g == nil || g.Level() != quhua.County {
			return "", ""
		}
		if county != "" && county != g.Code.String() {
			return "", "" // the township itself went to several counties
		}
		county = g.Code.String()
	}
	if !contains(dec.candidates, county) {
		return "", ""
	}
	return county, "township " + town + " lies in " + county + " on " + d.to.String()
}

// address decides a value from the row's address: the county the address
// names, read as of the target date, when it is one of the candidates and
// the address is not ambiguous.
func (d *decider) address(dec decision, text string) (string, string) {
	if d.addr == nil || strings.TrimSpace(text) == "" {
		return "", ""
	}
	r := d.addr.Parse(text, d.to)
	if r.Ambiguous() || r.County.IsZero() {
		return "", ""
	}
	county := r.County.Code.String()
	if !contains(dec.candidates, county) {
		return "", ""
	}
	return county, "address names " + r.County.Name + " " + county + " on " + d.to.String()
}

func contains(s []string, v string) bool {
	for _, x := range s {
		if x == v {
			return true
		}
	}
	return false
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}
