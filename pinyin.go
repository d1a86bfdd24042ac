package quhua

import (
	_ "embed"
	"strings"
	"sync"

	"github.com/quhua/quhua/internal/pinyin"
)

//go:generate go run ./internal/genpinyin -areacity data/areacity/ok_data_level3.csv -overrides data/pinyin/overrides.tsv -out pinyin.tsv

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
			case !inChars && len(f) == 5:
				d.names[f[0]] = Pinyin{Full: f[1], Initials: f[2], Source: f[3], Polyphonic: f[4]}
			}
		}
		pinyinTab = d
	})
	return pinyinTab
}

// PinyinOf returns the pinyin of a division name. Names of the registry's
// records are read from the table generated with the data (see
// internal/genpinyin); other names (added by authored changes, say) are
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
	return Pinyin{Full: full, Initials: ini, Source: "library", Polyphonic: string(poly)}
}

// Pinyin returns the record's name in Hanyu Pinyin.
func (r *Record) Pinyin() Pinyin { return PinyinOf(r.Name) }
