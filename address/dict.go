package address

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua"
)

// ethnicGroups are the names of China's 56 recognised ethnic groups as they
// appear in the names of autonomous divisions (延边朝鲜族自治州), without 族.
var ethnicGroups = []string{
	"柯尔克孜", "乌孜别克", "维吾尔", "哈萨克", "塔吉克", "塔塔尔", "俄罗斯", "鄂伦春", "鄂温克", "达斡尔",
	"蒙古", "朝鲜", "土家", "哈尼", "傈僳", "拉祜", "东乡", "纳西", "景颇", "仫佬", "布朗", "撒拉", "毛南",
	"仡佬", "锡伯", "阿昌", "普米", "德昂", "保安", "裕固", "独龙", "赫哲", "门巴", "珞巴", "基诺", "布依",
	"高山", "回", "藏", "苗", "彝", "壮", "满", "侗", "瑶", "白", "傣", "黎", "佤", "畲", "水", "土", "羌",
	"怒", "京", "汉", "各",
}

func init() {
	// Longest first, so 土家族 is tried before 家族 could be.
	sort.SliceStable(ethnicGroups, func(i, j int) bool {
		return utf8.RuneCountInString(ethnicGroups[i]) > utf8.RuneCountInString(ethnicGroups[j])
	})
}

// stripEthnic removes trailing "<group>族" parts: 延边朝鲜族 → 延边,
// 双江拉祜族佤族布朗族傣族 → 双江. It keeps at least two characters.
func stripEthnic(s string) string {
	for {
		t := strings.TrimSuffix(s, "族")
		if t == s {
			return s
		}
		found := false
		for _, g := range ethnicGroups {
			if strings.HasSuffix(t, g) {
				rest := strings.TrimSuffix(t, g)
				if utf8.RuneCountInString(rest) < 2 {
					return s
				}
				s, found = rest, true
				break
			}
		}
		if !found {
			return s
		}
	}
}

// nameForms returns the ways a division's name is written: the full name
// first, then short forms (吉林省 → 吉林; 延边朝鲜族自治州 → 延边朝鲜族, 延边,
// 延边州; 长白朝鲜族自治县 → 长白, 长白县).
func nameForms(name string) (full string, short []string) {
	add := func(s string) {
		if s == name || utf8.RuneCountInString(s) < 2 {
			return
		}
		for _, x := range short {
			if x == s {
				return
			}
		}
		short = append(short, s)
	}
	add(quhua.ShortName(name))
	for _, suf := range []struct{ full, short string }{
		{"自治州", "州"}, {"自治县", "县"}, {"自治旗", "旗"}, {"自治区", ""},
	} {
		if base, ok := strings.CutSuffix(name, suf.full); ok {
			b := stripEthnic(base)
			if b != base {
				add(b)
				if suf.short != "" {
					add(b + suf.short)
					// 湘西自治州, 峨边自治县.
					add(b + suf.full)
				}
			} else if g, ok := strings.CutSuffix(base, "族"); ok && suf.short != "" {
				// A name that is the group's alone: 鄂温克族自治旗 → 鄂温克旗.
				add(g + suf.short)
			} else if suf.short != "" {
				// 鄂伦春自治旗 → 鄂伦春旗.
				add(base + suf.short)
			}
		}
	}
	for _, s := range bannerAbbrev(name) {
		add(s)
	}
	// A district written without 新区: 浦东新区 → 浦东区.
	if base, ok := strings.CutSuffix(name, "新区"); ok && utf8.RuneCountInString(base) >= 2 {
		add(base + "区")
	}
	return name, short
}

// bannerAbbrev derives the usual abbreviations of Inner Mongolia's
// banners named after a league or tribe with a wing and position: the
// first character, then 左/右, then 前/中/后: 科尔沁左翼中旗 → 科左中旗,
// 察哈尔右翼前旗 → 察右前旗, 阿拉善左旗 → 阿左旗, 鄂托克前旗 → 鄂前旗.
func bannerAbbrev(name string) []string {
	base, ok := strings.CutSuffix(name, "旗")
	if !ok {
		return nil
	}
	rs := []rune(base)
	if len(rs) < 4 {
		return nil
	}
	last := rs[len(rs)-1]
	switch last {
	case '前', '中', '后':
		if len(rs) >= 5 && (string(rs[len(rs)-3:len(rs)-1]) == "左翼" || string(rs[len(rs)-3:len(rs)-1]) == "右翼") {
			return []string{string([]rune{rs[0], rs[len(rs)-3], last, '旗'})}
		}
		return []string{string([]rune{rs[0], last, '旗'})}
	case '左', '右':
		return []string{string([]rune{rs[0], last, '旗'})}
	}
	return nil
}

// cand is one record or place a dictionary word may denote.
type cand struct {
	rec   *quhua.Record
	place *place // a place without a division of its own; rec is nil
	level int8   // 0 province, 1 prefecture, 2 county (and places)
	full  bool   // the word is the record's full name
	// gone: a short form of a unit that no longer exists (半山 for
	// 半山区), read only with support from the text around it.
	gone bool
	// needParent: a place word read only under its parent (高新区 after
	// 长春市, 东区 after 香港).
	needParent bool
	// alias: the word comes from the alias table.
	alias bool
	// zoneType: the word is a zone's type alone (高新区, 经开区); the zone
	// is the one of that type under the parent the reading holds, found
	// in Parser.zones.
	zoneType bool
}

// A cand of level -1 is a word that is never a division (高新区): it
// only keeps shorter words from being read inside it (新区, a former
// district's short name).

func levelIndex(r *quhua.Record) int8 {
	switch r.Level() {
	case quhua.Province:
		return 0
	case quhua.Prefecture:
		return 1
	case quhua.County:
		return 2
	}
	return -1
}

// buildDict collects every name form of every record of every date.
// It fails when the alias table names a division the registry lacks (a
// registry built from other data than quhua's own).
func buildDict(reg *quhua.Registry) (words []string, cands [][]cand, zones map[zoneKey]*place, err error) {
	zones = map[zoneKey]*place{}
	idx := map[string]int{}
	put := func(w string, c cand) {
		w = foldString(w)
		i, ok := idx[w]
		if !ok {
			i = len(words)
			idx[w] = i
			words = append(words, w)
			cands = append(cands, nil)
		}
		for _, x := range cands[i] {
			if x.rec == c.rec && x.place == c.place && x.zoneType == c.zoneType {
				return
			}
		}
		cands[i] = append(cands[i], c)
	}
	recs := reg.Records()
	current := map[string]bool{}
	for _, r := range recs {
		if r.To == 0 {
			current[r.Name] = true
		}
	}
	for _, r := range recs {
		lv := levelIndex(r)
		if lv < 0 {
			continue
		}
		full, short := nameForms(r.Name)
		put(full, cand{rec: r, level: lv, full: true})
		gone := r.To != 0 && !current[r.Name]
		for _, s := range short {
			put(s, cand{rec: r, level: lv, gone: gone})
		}
	}
	// Aliases of the table: every record of the code with the name.
	byCode := map[quhua.Code][]*quhua.Record{}
	for _, r := range recs {
		byCode[r.Code] = append(byCode[r.Code], r)
	}
	aliases, err := readData(readAliases, "data/aliases.tsv")
	if err != nil {
		return nil, nil, nil, err
	}
	for _, a := range aliases {
		n := 0
		for _, r := range byCode[a.code] {
			if r.Name == a.name {
				put(a.word, cand{rec: r, level: levelIndex(r), gone: r.To != 0 && !current[r.Name], alias: true})
				n++
			}
		}
		if n == 0 {
			return nil, nil, nil, fmt.Errorf("address: data/aliases.tsv:%d: alias %s: the registry has no division %s %s", a.line, a.word, a.code, a.name)
		}
	}
	// Places: a word that is also a division's name needs its parent.
	nreg := len(words)
	for _, file := range []string{"data/places.tsv", "data/zones.tsv"} {
		read := readPlaces
		if file == "data/zones.tsv" {
			read = readZones
		}
		ws, err := readData(read, file)
		if err != nil {
			return nil, nil, nil, err
		}
		for _, w := range ws {
			fw := foldString(w.word)
			if w.pl.zone() && !w.full {
				// A zone's type alone (高新区): one word for all zones,
				// resolved by the parent the reading holds.
				k := zoneKey{w.pl.parent(), fw}
				if x, seen := zones[k]; seen && x != w.pl {
					zones[k] = nil // two zones of the type: none
				} else {
					zones[k] = w.pl
				}
				put(w.word, cand{level: 2, zoneType: true, needParent: true})
				continue
			}
			i, ok := idx[fw]
			put(w.word, cand{place: w.pl, level: 2, full: w.full, needParent: !w.full || ok && i < nreg})
		}
	}
	// Zone words that are never divisions: they keep 新区 from being read
	// inside 高新区.
	for _, w := range []string{"高新区", "新区管委会", "开发区", "工业园区", "产业园区"} {
		if _, ok := idx[foldString(w)]; !ok {
			put(w, cand{level: -1})
		}
	}
	// Full-name candidates first, then higher levels, then by code and date:
	// the order candidates are reported in.
	for _, cs := range cands {
		sort.SliceStable(cs, func(i, j int) bool {
			a, b := cs[i], cs[j]
			if a.full != b.full {
				return a.full
			}
			if a.level != b.level {
				return a.level < b.level
			}
			if a.rec == nil || b.rec == nil {
				return a.rec != nil
			}
			if a.rec.Code != b.rec.Code {
				return a.rec.Code < b.rec.Code
			}
			return a.rec.From < b.rec.From
		})
	}
	return words, cands, zones, nil
}

// zoneKey finds a zone by the division it lies in and its type word.
type zoneKey struct {
	parent quhua.Code
	word   string
}

// readData reads an embedded data file.
func readData[T any](read func(file, text string) ([]T, error), file string) ([]T, error) {
	b, err := dataFS.ReadFile(file)
	if err != nil {
		return nil, fmt.Errorf("address: %w", err)
	}
	out, err := read(file, string(b))
	if err != nil {
		return nil, fmt.Errorf("address: %w", err)
	}
	return out, nil
}
