package server

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/internal/pinyin"
)

// searchIndex answers as-you-type queries over every record of the
// registry: codes by prefix, full and short names by prefix and substring,
// historical names included, paths of names (长春公主岭) and pinyin (full,
// initials, mixed: gongzhuling, gzl, gongzl, Lu'an). Names are few
// (one entry per code and name), so a linear scan over compact strings is
// fast and needs no tokenizer for Chinese.
type searchIndex struct {
	entries []searchEntry // in code order
	// byRune lists, for each character, the entries whose name has it, in
	// entry order. A query is checked only against the entries of its
	// rarest character.
	byRune map[rune][]int32
	// byLetter lists, for each first letter of a name's pinyin, the
	// entries whose pinyin starts with it, in entry order.
	byLetter [26][]int32
}

type searchEntry struct {
	rec      *quhua.Record // the latest record with this code and name
	code     string
	name     string
	short    string
	fullName string // path of names on the record's last day in force
	pinyin   quhua.Pinyin
	// The keys of the full pinyin and of the specific part (pinyin.Key).
	fullKey, specKey string
	level            quhua.Level
	from, to         quhua.Date // span of all records with this code and name
}

// match tiers, best first.
const (
	tierExact = iota
	tierPrefix
	tierSubstring
	tierPath
	tierNone
)

var tierNames = [...]string{"exact", "prefix", "substring", "path"}

func newSearchIndex(reg *quhua.Registry) *searchIndex {
	type key struct {
		code quhua.Code
		name string
	}
	at := map[key]int{}
	idx := &searchIndex{}
	for _, r := range reg.Records() {
		k := key{r.Code, r.Name}
		i, ok := at[k]
		if !ok {
			i = len(idx.entries)
			at[k] = i
			idx.entries = append(idx.entries, searchEntry{code: r.Code.String(), name: r.Name,
				short: quhua.ShortName(r.Name), level: r.Level(), from: r.From, to: r.To})
		}
		e := &idx.entries[i]
		e.rec = r
		if r.From < e.from {
			e.from = r.From
		}
		if r.To == 0 || e.to != 0 && r.To > e.to {
			e.to = r.To
		}
	}
	// The registry lists county-level records before townships; the
	// binary search over codes and the ranker's buckets need code order.
	slices.SortStableFunc(idx.entries, func(a, b searchEntry) int { return strings.Compare(a.code, b.code) })
	for i := range idx.entries {
		e := &idx.entries[i]
		e.pinyin = e.rec.Pinyin()
		e.fullKey, e.specKey = pinyin.Key(e.pinyin.Full), pinyin.Key(strings.Join(e.pinyin.Syllables, ""))
		if f := strings.ToLower(e.pinyin.Full); f != "" && f[0] >= 'a' && f[0] <= 'z' {
			idx.byLetter[f[0]-'a'] = append(idx.byLetter[f[0]-'a'], int32(i))
		}
	}
	idx.byRune = map[rune][]int32{}
	for i := range idx.entries {
		for _, c := range idx.entries[i].name {
			l := idx.byRune[c]
			if len(l) == 0 || l[len(l)-1] != int32(i) {
				idx.byRune[c] = append(l, int32(i))
			}
		}
	}
	latest := reg.Latest()
	for i := range idx.entries {
		e := &idx.entries[i]
		day := latest
		if e.rec.To != 0 {
			day = e.rec.To.AddDays(-1)
		}
		if d, ok := reg.At(day).Lookup(e.rec.Code); ok && d.Record == e.rec {
			e.fullName = d.FullName()
		} else {
			e.fullName = e.name
		}
	}
	return idx
}

// hitJSON is one search result.
type hitJSON struct {
	recordJSON
	// FullName is the path of names on the record's last day in force.
	FullName string `json:"fullName"`
	// Match says how the query matched: exact, prefix, substring, path.
	Match string `json:"match"`
	// InForce says whether the division was in force on the date asked.
	InForce bool `json:"inForce"`
}

type searchJSON struct {
	Query string    `json:"q"`
	At    string    `json:"at"`
	Hits  []hitJSON `json:"hits"`
	More  bool      `json:"more"`
}

func (e *searchEntry) inForce(d quhua.Date) bool {
	return e.from <= d && (e.to == 0 || d < e.to)
}

// ranker collects hits into buckets by rank (tier, in force or not,
// level). Entries come in code order, so each bucket is ordered already
// and no sort is needed; a bucket keeps at most limit entries.
type ranker struct {
	at      quhua.Date
	limit   int
	buckets [tierNone][2][quhua.Township + 1][]*searchEntry
	n       int
	seen    map[int]bool
}

func (rk *ranker) add(i int, e *searchEntry, tier int) {
	if rk.seen[i] {
		return
	}
	rk.seen[i] = true
	f := 1
	if e.inForce(rk.at) {
		f = 0
	}
	b := &rk.buckets[tier][f][min(e.level, quhua.Township)]
	rk.n++
	if len(*b) < rk.limit {
		*b = append(*b, e)
	}
}

// search returns up to limit hits for q: exact matches, then prefixes,
// substrings and paths; within each, divisions in force on date at first,
// then by level and code.
func (idx *searchIndex) search(q string, at quhua.Date, limit int) searchJSON {
	q = strings.TrimSpace(q)
	res := searchJSON{Query: q, At: at.String(), Hits: []hitJSON{}}
	if q == "" || strings.IndexByte(q, 0) >= 0 {
		return res
	}
	rk := &ranker{at: at, limit: limit, seen: map[int]bool{}}
	if isDigits(q) {
		// Codes are in order: the prefix matches are one run.
		i, _ := slices.BinarySearchFunc(idx.entries, q, func(e searchEntry, q string) int { return strings.Compare(e.code, q) })
		for ; i < len(idx.entries) && strings.HasPrefix(idx.entries[i].code, q); i++ {
			t := tierPrefix
			if idx.entries[i].code == q {
				t = tierExact
			}
			rk.add(i, &idx.entries[i], t)
		}
	} else if pinyin.IsQuery(q) {
		key := pinyin.Key(q)
		// Pinyin: the full spelling first, then initials, syllables and
		// beginnings (gongzhuling, gzl, gongzl, gongzh).
		if key != "" && key[0] >= 'a' && key[0] <= 'z' {
			for _, i := range idx.byLetter[key[0]-'a'] {
				e := &idx.entries[i]
				switch pinyin.MatchKey(key, e.fullKey, e.specKey, e.pinyin.Initials, e.pinyin.Syllables) {
				case pinyin.MatchExact:
					rk.add(int(i), e, tierExact)
				case pinyin.MatchInitials, pinyin.MatchSyllables, pinyin.MatchPrefix:
					rk.add(int(i), e, tierPrefix)
				}
			}
		}
	} else {
		var cands []int32
		for k, c := range q {
			l := idx.byRune[c]
			if k == 0 || len(l) < len(cands) {
				cands = l
			}
		}
		for _, i := range cands {
			e := &idx.entries[i]
			switch {
			case e.name == q || e.short == q:
				rk.add(int(i), e, tierExact)
			case strings.HasPrefix(e.name, q):
				rk.add(int(i), e, tierPrefix)
			case strings.Contains(e.name, q):
				rk.add(int(i), e, tierSubstring)
			}
		}
		if utf8.RuneCountInString(q) >= 3 {
			// A path's last character falls in the division's own name.
			last, _ := utf8.DecodeLastRuneInString(q)
			for _, i := range idx.byRune[last] {
				e := &idx.entries[i]
				if !rk.seen[int(i)] && pathMatch(e.fullName, e.name, q) {
					rk.add(int(i), e, tierPath)
				}
			}
		}
	}
	res.More = rk.n > limit
	for t := range rk.buckets {
		for f := range rk.buckets[t] {
			for l := range rk.buckets[t][f] {
				for _, e := range rk.buckets[t][f][l] {
					if len(res.Hits) == limit {
						return res
					}
					res.Hits = append(res.Hits, hitJSON{recordJSON: record(e.rec), FullName: e.fullName,
						Match: tierNames[t], InForce: f == 0})
				}
			}
		}
	}
	return res
}

// pathMatch reports whether the characters of q appear in order in the
// full name and the last of them falls in the division's own name:
// 长春公主岭 and 吉林公主岭市 match 吉林省长春市公主岭市, 吉林长春 does not.
func pathMatch(full, name, q string) bool {
	pos := 0
	for _, c := range q {
		i := strings.IndexRune(full[pos:], c)
		if i < 0 {
			return false
		}
		pos += i + utf8.RuneLen(c)
	}
	return pos > len(full)-len(name)
}
