package address

import (
	"strings"

	"github.com/quhua/quhua"
)

// second looks for a second address in the rest of the text. The same
// address written twice (广东省深圳市南山区科技园 广东省深圳市南山区科技园) is
// read once: the repetition leaves the rest. Two incompatible addresses
// (北京市朝阳区建国路1号 上海市浦东新区世纪大道1号) are a conflict: both
// readings are kept and neither is picked silently. A second address
// counts only when it names two levels (a province and a city, a city
// and a county), so that a name inside a word of the rest (深圳市场) is
// not taken for one.
func (p *Parser) second(res *Result, at quhua.Date) {
	rest := res.Rest
	// Cheap tests first: a second address needs a province's or a city's
	// name (省, 市) and one more division suffix.
	if !res.Found() || len(res.Candidates) > 0 || len(rest) < 12 ||
		!strings.Contains(rest, "市") && !strings.Contains(rest, "省") || !twoSuffixes(rest) {
		return
	}
	var sub Result
	p.parse(&sub, rest, at)
	if len(sub.Candidates) > 0 || named(&sub) < 2 {
		return
	}
	top := firstMatched(&sub)
	k := strings.Index(rest, top)
	if top == "" || k < 0 {
		return
	}
	full := strings.TrimSpace(res.Input)
	second := strings.TrimSpace(rest[k:])
	firstText, ok := strings.CutSuffix(full, second)
	if !ok {
		// The rest was cut (a phone number, a postcode): no repetition to
		// recognise, but a conflict still is one.
		firstText = full
	}
	firstText = strings.TrimRightFunc(firstText, isLeadNoise)
	if m := firstMatched(res); m != "" {
		if i := strings.Index(firstText, m); i >= 0 {
			firstText = firstText[i:]
		}
	}
	if compatible(res, &sub) {
		if ok && (strings.HasSuffix(firstText, second) || strings.HasSuffix(second, firstText)) {
			res.Rest = strings.TrimRightFunc(strings.TrimSpace(rest[:k]), isLeadNoise)
			if strings.HasSuffix(second, firstText) && len(second) > len(firstText) {
				// The second writing is the fuller one: its detail.
				res.Rest = sub.Rest
			}
			res.Notes = append(res.Notes, "the address is written twice; it is read once")
		}
		return
	}
	res.Rest = strings.TrimRightFunc(strings.TrimSpace(rest[:k]), isLeadNoise)
	res.Conflict = &Conflict{Readings: []Reading{
		{Text: firstText, Province: res.Province, Prefecture: res.Prefecture, County: res.County},
		{Text: second, Province: sub.Province, Prefecture: sub.Prefecture, County: sub.County},
	}}
	res.Notes = append(res.Notes, "the text names two incompatible addresses; the parts hold the first, Conflict both")
}

// named counts the levels the text names (with a match of its own).
func named(r *Result) int {
	n := 0
	for _, x := range []*Part{&r.Province, &r.Prefecture, &r.County} {
		if x.Matched != "" {
			n++
		}
	}
	return n
}

// firstMatched is the text that named the highest level found.
func firstMatched(r *Result) string {
	for _, x := range []*Part{&r.Province, &r.Prefecture, &r.County} {
		if x.Matched != "" {
			return x.Matched
		}
	}
	return r.Place.Matched
}

// compatible reports whether two answers can be one place: each level
// equal or missing in one of them.
func compatible(a, b *Result) bool {
	for _, l := range [][2]*Part{{&a.Province, &b.Province}, {&a.Prefecture, &b.Prefecture}, {&a.County, &b.County}} {
		if !l[0].IsZero() && !l[1].IsZero() && l[0].Code != l[1].Code {
			return false
		}
	}
	return true
}

// twoSuffixes reports whether s holds two characters that end division
// names (省, 市, 区, 县, 州, 旗, 盟), one of them 省 or 市: a second address
// naming a province or a city and one more level has them.
func twoSuffixes(s string) bool {
	n, top := 0, false
	for i := 0; i+2 < len(s); i++ {
		// All seven are three bytes in UTF-8, the first 0xE5 to 0xE7.
		if c := s[i]; c < 0xE5 || c > 0xE7 {
			continue
		}
		switch s[i : i+3] {
		case "省", "市":
			top = true
			fallthrough
		case "区", "县", "州", "旗", "盟":
			n++
			if n >= 2 && top {
				return true
			}
		}
		i += 2
	}
	return false
}
