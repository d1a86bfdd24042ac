package quhua

import (
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua/internal/pinyin"
)

// Find returns the divisions in force on the view's date that a name
// denotes, ordered by code. It accepts:
//   - a full name (公主岭市) or a short name without its kind suffix (公主岭);
//   - a path of names from any level down (吉林省长春市公主岭市, 长春公主岭),
//     which also settles names shared by several divisions (朝阳区);
//   - a 6-digit code;
//   - the name in pinyin: full (gongzhuling, "gong zhu ling", Lu'an,
//     "Gongzhuling Shi"), the initials of the specific part (gzl) or mixed,
//     each syllable in full or by its first letters (gongzl). Exact
//     spellings win over initials, initials over mixed input: the
//     divisions of the best way that matches are returned.
//
// An ambiguous name returns every candidate; use Division.FullName to tell
// them apart. No match returns nil: see Registry.FindAll for names no longer
// in force and Registry.Suggest for near misses.
func (v View) Find(q string) []Division {
	q = strings.TrimSpace(q)
	if q == "" {
		return nil
	}
	if c, err := ParseCode(q); err == nil {
		if d, ok := v.Lookup(c); ok {
			return []Division{d}
		}
		return nil
	}
	if key, ok := pinyinQuery(q); ok {
		return v.divisions(v.reg.findPinyin(key, func(r *Record) bool { return r.InForce(v.date) }))
	}
	if rs := v.named(q); len(rs) > 0 {
		return v.divisions(rs)
	}
	return v.divisions(v.path(q, nil, 0))
}

func (v View) divisions(rs []*Record) []Division {
	out := make([]Division, len(rs))
	for i, r := range rs {
		out[i] = v.division(r)
	}
	return out
}

// named returns the records in force whose full name is q, else those
// whose short name is q.
func (v View) named(q string) []*Record {
	var out []*Record
	for _, r := range v.reg.names()[q] {
		if r.InForce(v.date) {
			out = append(out, r)
		}
	}
	if len(out) > 0 {
		return out
	}
	for _, r := range v.reg.shortNames()[q] {
		if r.InForce(v.date) {
			out = append(out, r)
		}
	}
	// Townships by short name too (龙华 for 龙华街道 and 龙华镇).
	for _, r := range v.reg.townshipsShort(q) {
		if r.InForce(v.date) {
			out = append(out, r)
		}
	}
	return out
}

// path resolves q as a sequence of names, each under the one before it.
// under restricts the first name to descendants of that record.
func (v View) path(q string, under *Record, depth int) []*Record {
	if depth > 3 {
		return nil
	}
	var out []*Record
	// The longest head that leads to an answer wins (吉林省 before 吉林).
	for i := len(q) - 1; i > 0 && len(out) == 0; i-- {
		if !utf8.RuneStart(q[i]) {
			continue
		}
		head, tail := q[:i], q[i:]
		names := v.reg.names()
		if len(names[head]) == 0 && len(v.reg.shortNames()[head]) == 0 {
			continue // cheap test before the allocating one
		}
		for _, h := range v.named(head) {
			if h.Level() == Township || h.Level() == County && !v.reg.townships || under != nil && !v.within(h, under) {
				continue
			}
			if len(names[tail]) > 0 || len(v.reg.shortNames()[tail]) > 0 {
				for _, t := range v.named(tail) {
					if v.within(t, h) {
						out = append(out, t)
					}
				}
			}
			if len(out) == 0 {
				out = append(out, v.path(tail, h, depth+1)...)
			}
		}
	}
	slices.SortFunc(out, func(a, b *Record) int { return int(a.Code) - int(b.Code) })
	return slices.Compact(out)
}

// FindUnder is Find restricted to the divisions under the one with code
// c (by legal or administering parent): the county as context for a
// township's name (FindUnder("龙华街道", 440309)).
func (v View) FindUnder(q string, c Code) []Division {
	anc, ok := v.Record(c)
	if !ok {
		return nil
	}
	var out []Division
	for _, d := range v.Find(q) {
		if v.within(d.Record, anc) {
			out = append(out, d)
		}
	}
	if len(out) == 0 {
		out = v.divisions(v.path(strings.TrimSpace(q), anc, 0))
	}
	return out
}

// within reports whether r lies under anc (by legal or administering parent)
// on the view's date.
func (v View) within(r, anc *Record) bool {
	for i := 0; i < 4 && r != nil; i++ {
		p := v.parentOf(r)
		if p.admin == anc || p.legal == anc {
			return true
		}
		r = p.admin
	}
	return false
}

// FindAll returns every record, of any date, whose full or short name is
// q (or whose pinyin matches q, as in View.Find), ordered by code and date.
// It finds names that are no longer in force.
func (reg *Registry) FindAll(q string) []*Record {
	q = strings.TrimSpace(q)
	if key, ok := pinyinQuery(q); ok {
		return reg.findPinyin(key, func(*Record) bool { return true })
	}
	out := slices.Clone(reg.names()[q])
	if len(out) == 0 {
		out = slices.Clone(reg.shortNames()[q])
	}
	sortRecords(out)
	return out
}

func sortRecords(rs []*Record) {
	slices.SortStableFunc(rs, func(a, b *Record) int {
		if a.Code != b.Code {
			return int(a.Code) - int(b.Code)
		}
		return int(a.From) - int(b.From)
	})
}

// Suggest returns up to n records whose names are nearest to q (by edit
// distance over characters, preferring current records), for "did you mean"
// messages. A 6-digit q suggests codes sharing its longest prefix. A
// romanised q suggests the names whose pinyin it matches (exactly, by
// initials, by syllables or as the beginning of one), best first, current
// records first within each.
func (reg *Registry) Suggest(q string, n int) []*Record {
	q = strings.TrimSpace(q)
	if q == "" || n <= 0 {
		return nil
	}
	type scored struct {
		r     *Record
		score int
	}
	var cands []scored
	if key, ok := pinyinQuery(q); ok {
		for m := pinyin.MatchExact; m <= pinyin.MatchPrefix; m++ {
			if m == pinyin.MatchSyllables {
				continue // pinyin.MatchPrefix includes them
			}
			for _, name := range reg.pinyinNames(key, m) {
				for _, r := range reg.countyNames()[name] {
					s := int(m) * 2
					if !r.Current() {
						s++
					}
					cands = append(cands, scored{r, s})
				}
			}
		}
		sort.SliceStable(cands, func(i, j int) bool {
			if cands[i].score != cands[j].score {
				return cands[i].score < cands[j].score
			}
			return cands[i].r.Code < cands[j].r.Code
		})
	} else if c, err := ParseCode(q); err == nil {
		qs := c.String()
		for _, r := range reg.sorted {
			cs := r.Code.String()
			p := 0
			for p < 6 && cs[p] == qs[p] {
				p++
			}
			if p >= 2 {
				cands = append(cands, scored{r, (6-p)*10 + abs(int(r.Code)-int(c))%10})
			}
		}
	} else {
		qr := []rune(q)
		seen := map[string]bool{}
		for _, r := range reg.sorted {
			if seen[r.Name] && !r.Current() {
				continue
			}
			seen[r.Name] = true
			d := editDistance(qr, []rune(r.Name))
			if ds := editDistance(qr, []rune(ShortName(r.Name))); ds < d {
				d = ds
			}
			if strings.Contains(r.Name, q) {
				d = min(d, 1)
			}
			if d <= max(1, utf8.RuneCountInString(q)/2) {
				s := d * 2
				if !r.Current() {
					s++
				}
				cands = append(cands, scored{r, s})
			}
		}
	}
	sort.SliceStable(cands, func(i, j int) bool { return cands[i].score < cands[j].score })
	var out []*Record
	names := map[string]bool{}
	for _, c := range cands {
		key := c.r.Code.String() + c.r.Name
		if names[key] {
			continue
		}
		names[key] = true
		out = append(out, c.r)
		if len(out) == n {
			break
		}
	}
	return out
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}

func editDistance(a, b []rune) int {
	if len(a) > 64 || len(b) > 64 {
		return 1 << 20
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := 1
			if a[i-1] == b[j-1] {
				c = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+c)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}
