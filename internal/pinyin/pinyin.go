// Package pinyin writes division names in Hanyu Pinyin the way the rules
// for romanising Chinese place names (GB/T 16159, 中国地名汉语拼音字母拼写规则)
// write them: the specific part (专名) as one word, the generic part (通名:
// Shi, Xian, Zizhizhou …) as separate words, each capitalised, with an
// apostrophe before a syllable that starts with a, o or e inside a word
// (Lu'an, Dong'e, Xi'an). A one-syllable specific part is written together
// with its generic part (沙市 Shashi, 歙县 Shexian).
//
// The package only splits names and formats syllables; where the syllables
// of a specific part come from (a curated list, a library) is decided by the
// generator in build/genpinyin, which writes the table that package quhua
// embeds.
package pinyin

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// Parts is a name split into what is romanised separately.
type Parts struct {
	// Specific is the proper name (专名): 公主岭 in 公主岭市. It may be empty
	// for names that are generic words only (矿区).
	Specific string
	// Ethnic are the ethnic-group words of an autonomous area (朝鲜族,
	// 土家族, 苗族), in order.
	Ethnic []string
	// Generic is the generic word (通名): 市, 自治州, 特别行政区.
	Generic string
}

// Word is a generic or ethnic word with its syllables.
type Word struct {
	Hanzi     string
	Syllables []string
}

// Break in a list of syllables separates two words (Tebie Xingzhengqu,
// Xisha Nansha …).
const Break = "/"

// Generics are the generic words, longest first, with their readings.
var Generics = []Word{
	{"特别行政区", []string{"te", "bie", Break, "xing", "zheng", "qu"}},
	{"自治区", []string{"zi", "zhi", "qu"}},
	{"自治州", []string{"zi", "zhi", "zhou"}},
	{"自治县", []string{"zi", "zhi", "xian"}},
	{"自治旗", []string{"zi", "zhi", "qi"}},
	{"行政区", []string{"xing", "zheng", "qu"}},
	{"地区", []string{"di", "qu"}},
	{"街道", []string{"jie", "dao"}},
	{"苏木", []string{"su", "mu"}},
	{"特区", []string{"te", "qu"}},
	{"群岛", []string{"qun", "dao"}},
	{"省", []string{"sheng"}},
	{"市", []string{"shi"}},
	{"县", []string{"xian"}},
	{"区", []string{"qu"}},
	{"盟", []string{"meng"}},
	{"旗", []string{"qi"}},
	{"镇", []string{"zhen"}},
	{"乡", []string{"xiang"}},
}

var forestry = Word{"林区", []string{"lin", "qu"}}

// newArea is 新区, a generic word only after a specific part of two or
// more characters.
var newArea = Word{"新区", []string{"xin", "qu"}}

// Ethnics are the ethnic-group words found in the names of autonomous
// areas, with the Hanyu Pinyin of their Chinese names (GB/T 3304 lists the
// groups; the readings are those of the Chinese names, e.g. 朝鲜 Chaoxian,
// 仡佬 Gelao, 藏 Zang). Longest first so that 蒙古族 wins over 古族.
var Ethnics = []Word{
	{"柯尔克孜族", []string{"ke", "er", "ke", "zi", "zu"}},
	{"维吾尔", []string{"wei", "wu", "er"}},
	{"哈萨克族", []string{"ha", "sa", "ke", "zu"}},
	{"塔吉克族", []string{"ta", "ji", "ke", "zu"}},
	{"鄂伦春族", []string{"e", "lun", "chun", "zu"}},
	{"鄂温克族", []string{"e", "wen", "ke", "zu"}},
	{"达斡尔族", []string{"da", "wo", "er", "zu"}},
	{"朝鲜族", []string{"chao", "xian", "zu"}},
	{"土家族", []string{"tu", "jia", "zu"}},
	{"布依族", []string{"bu", "yi", "zu"}},
	{"蒙古族", []string{"meng", "gu", "zu"}},
	{"傈僳族", []string{"li", "su", "zu"}},
	{"景颇族", []string{"jing", "po", "zu"}},
	{"哈尼族", []string{"ha", "ni", "zu"}},
	{"纳西族", []string{"na", "xi", "zu"}},
	{"普米族", []string{"pu", "mi", "zu"}},
	{"独龙族", []string{"du", "long", "zu"}},
	{"拉祜族", []string{"la", "hu", "zu"}},
	{"布朗族", []string{"bu", "lang", "zu"}},
	{"仡佬族", []string{"ge", "lao", "zu"}},
	{"毛南族", []string{"mao", "nan", "zu"}},
	{"仫佬族", []string{"mu", "lao", "zu"}},
	{"东乡族", []string{"dong", "xiang", "zu"}},
	{"裕固族", []string{"yu", "gu", "zu"}},
	{"保安族", []string{"bao", "an", "zu"}},
	{"撒拉族", []string{"sa", "la", "zu"}},
	{"锡伯族", []string{"xi", "bo", "zu"}},
	{"各族", []string{"ge", "zu"}},
	{"满族", []string{"man", "zu"}},
	{"回族", []string{"hui", "zu"}},
	{"藏族", []string{"zang", "zu"}},
	{"苗族", []string{"miao", "zu"}},
	{"彝族", []string{"yi", "zu"}},
	{"壮族", []string{"zhuang", "zu"}},
	{"侗族", []string{"dong", "zu"}},
	{"瑶族", []string{"yao", "zu"}},
	{"白族", []string{"bai", "zu"}},
	{"傣族", []string{"dai", "zu"}},
	{"黎族", []string{"li", "zu"}},
	{"佤族", []string{"wa", "zu"}},
	{"畲族", []string{"she", "zu"}},
	{"水族", []string{"shui", "zu"}},
	{"羌族", []string{"qiang", "zu"}},
	{"土族", []string{"tu", "zu"}},
	{"怒族", []string{"nu", "zu"}},
	// Written without 族 in some names (伊犁哈萨克自治州, 博尔塔拉蒙古自治州).
	{"柯尔克孜", []string{"ke", "er", "ke", "zi"}},
	{"哈萨克", []string{"ha", "sa", "ke"}},
	{"塔吉克", []string{"ta", "ji", "ke"}},
	{"蒙古", []string{"meng", "gu"}},
	{"锡伯", []string{"xi", "bo"}},
}

// Split splits a name into its specific, ethnic and generic parts. Ethnic
// words are split off autonomous areas (自治区, 自治州, 自治县, 自治旗) and
// districts named for a people (管城回族区); a specific part keeps at least
// two characters.
func Split(name string) Parts {
	var p Parts
	rest := name
	if strings.HasSuffix(name, "林区") && name == "神农架林区" {
		// The one forestry district (林区); elsewhere 林 belongs to the
		// specific part (万柏林区).
		return Parts{Specific: "神农架", Generic: "林区"}
	}
	if r := strings.TrimSuffix(rest, newArea.Hanzi); r != rest && utf8.RuneCountInString(r) >= 2 {
		// 新区 (new area) is a generic word after a specific part of two
		// or more characters (浦东新区 Pudong Xinqu, 两江新区 Liangjiang
		// Xinqu); after one, 新 belongs to the name (清新区 Qingxin Qu).
		p.Generic, rest = newArea.Hanzi, r
	}
	for _, g := range Generics {
		if p.Generic != "" {
			break
		}
		if strings.HasSuffix(rest, g.Hanzi) {
			p.Generic = g.Hanzi
			rest = strings.TrimSuffix(rest, g.Hanzi)
			break
		}
	}
	// Autonomous areas name their peoples (湘西土家族苗族自治州, 伊犁哈萨克自治州);
	// a few districts do too (管城回族区), always with 族.
	autonomous := strings.HasPrefix(p.Generic, "自治")
	if autonomous || p.Generic == "区" || p.Generic == "乡" || p.Generic == "苏木" {
		// Townships too: 民族乡 and 民族苏木 (大营子蒙古族乡).
		for {
			found := false
			for _, e := range Ethnics {
				if !autonomous && !strings.HasSuffix(e.Hanzi, "族") {
					continue
				}
				if strings.HasSuffix(rest, e.Hanzi) && utf8.RuneCountInString(rest) > utf8.RuneCountInString(e.Hanzi)+1 {
					p.Ethnic = append([]string{e.Hanzi}, p.Ethnic...)
					rest = strings.TrimSuffix(rest, e.Hanzi)
					found = true
					break
				}
			}
			if !found {
				break
			}
		}
	}
	p.Specific = rest
	return p
}

// GenericSyllables returns the syllables of a generic word, or nil.
func GenericSyllables(g string) []string {
	switch g {
	case forestry.Hanzi:
		return forestry.Syllables
	case newArea.Hanzi:
		return newArea.Syllables
	}
	return lookup(Generics, g)
}

// EthnicSyllables returns the syllables of an ethnic word, or nil.
func EthnicSyllables(e string) []string { return lookup(Ethnics, e) }

func lookup(ws []Word, h string) []string {
	for _, w := range ws {
		if w.Hanzi == h {
			return w.Syllables
		}
	}
	return nil
}

// Word joins syllables into one capitalised word, with an apostrophe
// before a syllable that starts with a vowel a, o or e (Lu'an, Dong'e), and
// ü written as such (lv and lue come in as ASCII: Lüliang, Lüeyang).
func WordOf(syl []string) string {
	var b strings.Builder
	for i, s := range syl {
		s = umlaut(s)
		if i > 0 && s != "" && strings.ContainsRune("aoe", rune(s[0])) {
			b.WriteByte('\'')
		}
		if i == 0 {
			r, n := utf8.DecodeRuneInString(s)
			b.WriteRune(unicode.ToUpper(r))
			b.WriteString(s[n:])
			continue
		}
		b.WriteString(s)
	}
	return b.String()
}

// umlaut writes the ASCII stand-ins for ü as ü: lv, nv, lve, nve and the
// l/n + ue spelling of lüe and nüe.
func umlaut(s string) string {
	switch {
	case s == "lv" || s == "nv":
		return s[:1] + "ü"
	case s == "lve" || s == "nve" || s == "lue" || s == "nue":
		return s[:1] + "üe"
	}
	return s
}

// wordsOf writes syllables as words, a new word after each Break.
func wordsOf(syl []string) []string {
	var out []string
	start := 0
	for i := 0; i <= len(syl); i++ {
		if i == len(syl) || syl[i] == Break {
			if i > start {
				out = append(out, WordOf(syl[start:i]))
			}
			start = i + 1
		}
	}
	return out
}

// Format writes the full romanised name and the initials of the specific
// part from the syllables of each part. A one-syllable specific part is
// joined with the generic word; an empty one leaves the generic word alone.
func Format(specific []string, ethnic [][]string, generic []string) (full, initials string) {
	var words []string
	switch {
	case len(specific) == 1 && len(ethnic) == 0:
		words = append(words, wordsOf(append(append([]string{}, specific...), generic...))...)
		generic = nil
	case len(specific) > 0:
		words = append(words, wordsOf(specific)...)
	}
	for _, e := range ethnic {
		words = append(words, wordsOf(e)...)
	}
	words = append(words, wordsOf(generic)...)
	src := specific
	if len(src) == 0 {
		src = generic
	}
	var ib strings.Builder
	for _, s := range src {
		if s != "" && s != Break {
			ib.WriteByte(s[0])
		}
	}
	return strings.Join(words, " "), ib.String()
}

// Key normalises a romanised name or a query for matching: lower case,
// letters only (spaces, apostrophes and hyphens dropped), ü and v as u.
func Key(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z':
			if r == 'v' {
				r = 'u'
			}
			b.WriteRune(r)
		case r >= 'A' && r <= 'Z':
			r += 'a' - 'A'
			if r == 'v' {
				r = 'u'
			}
			b.WriteRune(r)
		case r == 'ü' || r == 'Ü':
			b.WriteByte('u')
		}
	}
	return b.String()
}

// IsQuery reports whether s looks like romanised input: ASCII letters,
// spaces, apostrophes (' and ’), hyphens and ü only, with at least one
// letter.
func IsQuery(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r >= 'a' && r <= 'z', r >= 'A' && r <= 'Z', r == 'ü', r == 'Ü':
			letters++
		case r == ' ', r == '\'', r == '’', r == '-':
		default:
			return false
		}
	}
	return letters > 0
}
