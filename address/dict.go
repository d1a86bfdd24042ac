package address

import (
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
				}
			}
		}
	}
	return name, short
}

// cand is one record a dictionary word may denote.
type cand struct {
	rec   *quhua.Record
	level int8 // 0 province, 1 prefecture, 2 county
	full  bool // the word is the record's full name
}

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
func buildDict(reg *quhua.Registry) (words []string, cands [][]cand) {
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
			if x.rec == c.rec {
				return
			}
		}
		cands[i] = append(cands[i], c)
	}
	recs := reg.Records()
	for _, r := range recs {
		lv := levelIndex(r)
		if lv < 0 {
			continue
		}
		full, short := nameForms(r.Name)
		put(full, cand{rec: r, level: lv, full: true})
		for _, s := range short {
			put(s, cand{rec: r, level: lv})
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
			if a.rec.Code != b.rec.Code {
				return a.rec.Code < b.rec.Code
			}
			return a.rec.From < b.rec.From
		})
	}
	return words, cands
}
