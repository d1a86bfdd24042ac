package address

import (
	"strings"

	"github.com/quhua/quhua"
)

// townKey finds a township by its county and full name.
type townKey struct {
	county quhua.Code
	name   string
}

// townIndex maps each county and township name to the township's records
// (of every date), for registries with the township level.
func townIndex(reg *quhua.Registry) map[townKey][]*quhua.Record {
	if !reg.HasTownships() {
		return nil
	}
	m := map[townKey][]*quhua.Record{}
	for _, r := range reg.Records() {
		if r.Level() == quhua.Township {
			k := townKey{r.Code.CountyCode(), r.Name}
			m[k] = append(m[k], r)
		}
	}
	return m
}

// townSuffixes end township names: the name at the head of an address's
// rest is found by the first of them.
var townSuffixes = []string{"街道", "镇", "乡", "苏木"}

// townNames returns the candidate township names at the head of s: the
// text up to each of the first few suffixes, shortest first.
func townNames(s string) []string {
	const maxName = 8 * 3 // eight characters of three bytes: the longest names
	head := s[:min(len(s), maxName+len("街道"))]
	var out []string
	for _, suf := range townSuffixes {
		if i := strings.Index(head, suf); i > 0 {
			out = append(out, head[:i+len(suf)])
		}
	}
	return out
}

// town returns the township of county c that s begins with, in force on
// at (or the latest record of its name).
func (p *Parser) town(c quhua.Code, s string, at quhua.Date) *quhua.Record {
	for _, name := range townNames(s) {
		rs := p.towns[townKey{c, name}]
		if len(rs) == 0 {
			continue
		}
		for _, r := range rs {
			if r.InForce(at) {
				return r
			}
		}
		return rs[len(rs)-1]
	}
	// A short name (范家屯 for 范家屯镇), if it is unique in the county.
	return p.reg.At(at).TownshipAtHead(c, s)
}

// settleTownship adds the township level to a result: the township the
// rest of the text names under the county found; among candidate
// counties, the one that has such a township; with no division found, the
// townships the text begins with, as candidates.
func (p *Parser) settleTownship(res *Result, text string, at quhua.Date) {
	if p.towns == nil {
		return
	}
	switch {
	case !res.County.IsZero():
		if t := p.town(res.County.Code, res.Rest, at); t != nil {
			p.setTown(res, t, at)
		}
	case len(res.Candidates) > 1:
		var hit *quhua.Record
		n := 0
		for _, c := range res.Candidates {
			if c.Code.Level() != quhua.County {
				continue
			}
			if t := p.town(c.Code, res.Rest, at); t != nil {
				hit = t
				n++
			}
		}
		if n == 1 {
			county, ok := p.reg.At(at).Record(hit.Code.CountyCode())
			if !ok {
				return
			}
			matched := ""
			for _, c := range res.Candidates {
				if c.Code == county.Code {
					matched = c.Name
				}
			}
			res.Candidates = nil
			p.fill(res, county, at)
			if res.County.Code == county.Code && strings.Contains(text, matched) {
				res.County.Matched = matched
			}
			p.setTown(res, hit, at)
		}
	case !res.Found():
		for _, name := range townNames(strings.TrimSpace(text)) {
			var cands []Candidate
			for _, r := range p.reg.NameRecords(name) {
				if r.Level() == quhua.Township && r.InForce(at) {
					cands = append(cands, p.candidate(r, at))
				}
			}
			if len(cands) == 0 {
				continue
			}
			if len(cands) == 1 {
				r, _ := p.reg.At(at).Record(cands[0].Code)
				if county, ok := p.reg.At(at).Record(r.Code.CountyCode()); ok {
					p.fill(res, county, at)
				}
				p.setTown(res, r, at)
				res.Rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), name))
				return
			}
			res.Candidates = cands
			res.Rest = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(text), name))
			return
		}
	}
}

func (p *Parser) setTown(res *Result, t *quhua.Record, at quhua.Date) {
	matched := t.Name
	if !strings.HasPrefix(res.Rest, matched) {
		matched = quhua.TownshipShortName(t.Name)
	}
	res.Township = Part{Code: t.Code, Name: t.Name, Kind: t.Kind, Matched: matched}
	res.Rest = strings.TrimLeft(strings.TrimPrefix(res.Rest, matched), " ,，、")
	if !t.InForce(at) {
		res.Notes = append(res.Notes, t.Code.String()+" "+t.Name+" ("+t.Interval()+") was not in force on "+at.String())
	}
}
