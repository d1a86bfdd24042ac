package quhua

import (
	_ "embed"
	"slices"
	"strings"
	"sync"

	"github.com/quhua/quhua/internal/pinyin"
)

//go:embed pinyin.tsv
var pinyinTable string

// Pinyin is a division name in Hanyu Pinyin.
type Pinyin struct {
	// Full is the name romanised as the rules for Chinese place names write
	// it: the specific part (专名) as one word, the generic words apart,
	// capitalised, with an apostrophe before a, o, e inside a word:
	// "Gongzhuling Shi", "Lu'an Shi", "Yanbian Chaoxianzu Zizhizhou".
	Full string
	// Initials are the first letters of the specific part's syllables:
	// "gzl" for 公主岭市.
	Initials string
	// Source says where the reading of the specific part comes from:
	// "override" (the reviewed list in data/pinyin/overrides.tsv, each entry
	// with its source), "areacity" (the curated AreaCity table in
	// data/areacity), "library" (a per-character library) or "generic" (a
	// name of generic words only, 矿区).
	Source string
	// Polyphonic lists the characters with more than one reading that a
	// library reading had to choose for; such a reading may be wrong.
	Polyphonic string
	// Syllables are the syllables of the specific part, lower case without
	// tones (lv for lü): gong zhu ling.
	Syllables []string

	fullKey, specKey string // pinyin.Key of Full and of the specific part
}

func (p *Pinyin) keys() {
	p.fullKey = pinyin.Key(p.Full)
	p.specKey = pinyin.Key(strings.Join(p.Syllables, ""))
	for i, s := range p.Syllables {
		p.Syllables[i] = pinyin.Key(s)
	}
}

// Uncertain reports whether the reading was chosen by a library for a
// character with several readings.
func (p Pinyin) Uncertain() bool { return p.Polyphonic != "" }

type pinyinData struct {
	names map[string]Pinyin
	chars map[rune]charReading
}

type charReading struct {
	syllable   string
	polyphonic bool
}

var (
	pinyinOnce sync.Once
	pinyinTab  *pinyinData
)

func pinyinTableData() *pinyinData {
	pinyinOnce.Do(func() {
		d := &pinyinData{names: make(map[string]Pinyin, 4500), chars: make(map[rune]charReading, 1300)}
		inChars := false
		for line := range strings.SplitSeq(pinyinTable, "\n") {
			if strings.HasPrefix(line, "# character") {
				inChars = true
				continue
			}
			if line == "" || line[0] == '#' {
				continue
			}
			f := strings.Split(line, "\t")
			switch {
			case inChars && len(f) == 3:
				r := []rune(f[0])
				if len(r) == 1 {
					d.chars[r[0]] = charReading{f[1], f[2] != ""}
				}
			case !inChars && len(f) == 6:
				p := Pinyin{Full: f[1], Initials: f[2], Source: f[3], Polyphonic: f[4], Syllables: strings.Fields(f[5])}
				p.keys()
				d.names[f[0]] = p
			}
		}
		pinyinTab = d
	})
	return pinyinTab
}

// PinyinOf returns the pinyin of a division name. Names of the registry's
// records are read from the table generated with the data (see
// build/genpinyin); other names (added by authored changes, say) are
// read character by character and marked with Source "library".
func PinyinOf(name string) Pinyin {
	d := pinyinTableData()
	if p, ok := d.names[name]; ok {
		return p
	}
	p := pinyin.Split(name)
	var poly []rune
	read := func(s string) []string {
		var syl []string
		for _, r := range s {
			c, ok := d.chars[r]
			if !ok || c.syllable == "" {
				continue
			}
			syl = append(syl, c.syllable)
			if c.polyphonic && !strings.ContainsRune(string(poly), r) {
				poly = append(poly, r)
			}
		}
		return syl
	}
	spec := read(p.Specific)
	var eth [][]string
	for _, e := range p.Ethnic {
		eth = append(eth, pinyin.EthnicSyllables(e))
	}
	full, ini := pinyin.Format(spec, eth, pinyin.GenericSyllables(p.Generic))
	py := Pinyin{Full: full, Initials: ini, Source: "library", Polyphonic: string(poly), Syllables: spec}
	py.keys()
	return py
}

// Pinyin returns the record's name in Hanyu Pinyin.
func (r *Record) Pinyin() Pinyin { return PinyinOf(r.Name) }

// pinyinQuery normalises a query for matchPinyin: lower-case letters
// only, ü and v as u. ok is false unless the query is romanised text
// (ASCII letters, spaces, apostrophes, hyphens).
func pinyinQuery(q string) (key string, ok bool) {
	if !pinyin.IsQuery(q) {
		return "", false
	}
	return pinyin.Key(q), true
}

// matchPinyin reports how a query key (from pinyinQuery) matches p.
func matchPinyin(key string, p Pinyin) pinyin.Match {
	return pinyin.MatchKey(key, p.fullKey, p.specKey, p.Initials, p.Syllables)
}

// pinyinIndex finds names by the keys of their pinyin.
type pinyinIndex struct {
	exact    map[string][]string // full and specific keys → names
	initials map[string][]string
	names    []string // every distinct name, sorted
	pys      []Pinyin // the pinyin of names[i]
	// byFirst lists, by the first letter of the specific part, the
	// indexes of the names whose specific part starts with it.
	byFirst [26][]int32
	// byFirst2 lists, by the first two letters a key spelling the
	// specific part's syllables can start with (both of the first
	// syllable, or the first of each of the first two), the indexes of
	// those names: a key of two letters or more is tried only on them.
	byFirst2 map[[2]byte][]int32
}

func (reg *Registry) pinyinIndex() *pinyinIndex {
	reg.pyOnce.Do(func() {
		idx := &pinyinIndex{exact: map[string][]string{}, initials: map[string][]string{}, byFirst2: map[[2]byte][]int32{}}
		for name := range reg.countyNames() {
			idx.names = append(idx.names, name)
		}
		slices.Sort(idx.names)
		add := func(m map[string][]string, k, name string) {
			if k != "" && !slices.Contains(m[k], name) {
				m[k] = append(m[k], name)
			}
		}
		idx.pys = make([]Pinyin, len(idx.names))
		for i, name := range idx.names {
			p := PinyinOf(name)
			idx.pys[i] = p
			if k := p.specKey; k != "" && k[0] >= 'a' && k[0] <= 'z' {
				idx.byFirst[k[0]-'a'] = append(idx.byFirst[k[0]-'a'], int32(i))
			}
			var starts [][2]byte
			if syl := p.Syllables; len(syl) > 0 && syl[0] != "" {
				if len(syl[0]) >= 2 {
					starts = append(starts, [2]byte{syl[0][0], syl[0][1]})
				}
				if len(syl) >= 2 && syl[1] != "" {
					starts = append(starts, [2]byte{syl[0][0], syl[1][0]})
				}
			}
			for j, st := range starts {
				if j == 0 || st != starts[0] {
					idx.byFirst2[st] = append(idx.byFirst2[st], int32(i))
				}
			}
			add(idx.exact, p.fullKey, name)
			add(idx.exact, p.specKey, name)
			add(idx.initials, p.Initials, name)
		}
		reg.py = idx
	})
	return reg.py
}

// pinyinNames returns the names that key matches in the way m says
// (pinyin.MatchPrefix includes the pinyin.MatchSyllables matches).
func (reg *Registry) pinyinNames(key string, m pinyin.Match) []string {
	idx := reg.pinyinIndex()
	switch m {
	case pinyin.MatchExact:
		return idx.exact[key]
	case pinyin.MatchInitials:
		return idx.initials[key]
	}
	if key == "" || key[0] < 'a' || key[0] > 'z' {
		return nil
	}
	cands := idx.byFirst[key[0]-'a']
	if len(key) >= 2 {
		cands = idx.byFirst2[[2]byte{key[0], key[1]}]
	}
	var out []string
	for _, i := range cands {
		p := &idx.pys[i]
		if len(p.Syllables) > len(key) && m != pinyin.MatchPrefix {
			continue // each syllable takes at least one letter
		}
		if x := matchPinyin(key, *p); x == pinyin.MatchSyllables || m == pinyin.MatchPrefix && x == pinyin.MatchPrefix {
			out = append(out, idx.names[i])
		}
	}
	return out
}

// findPinyin returns the records that key matches in the best way that
// matches any record keep accepts, ordered by code and date.
func (reg *Registry) findPinyin(key string, keep func(*Record) bool) []*Record {
	for _, m := range []pinyin.Match{pinyin.MatchExact, pinyin.MatchInitials, pinyin.MatchSyllables} {
		var out []*Record
		for _, name := range reg.pinyinNames(key, m) {
			for _, r := range reg.countyNames()[name] {
				if keep(r) {
					out = append(out, r)
				}
			}
		}
		if len(out) > 0 {
			sortRecords(out)
			return out
		}
	}
	return nil
}
