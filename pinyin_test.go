package quhua

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/quhua/quhua/internal/pinyin"
)

// The readings of the override list and of names that per-character tools
// get wrong, as the national romanisation rules write them.
func TestPinyinPlaceNames(t *testing.T) {
	for name, want := range map[string]string{
		"六安市":        "Lu'an Shi",
		"六安县":        "Lu'an Xian",
		"蚌埠市":        "Bengbu Shi",
		"蚌山区":        "Bengshan Qu",
		"洪洞县":        "Hongtong Xian",
		"黄陂区":        "Huangpi Qu",
		"黄陂县":        "Huangpi Xian",
		"乐亭县":        "Laoting Xian",
		"涡阳县":        "Guoyang Xian",
		"铅山县":        "Yanshan Xian",
		"东阿县":        "Dong'e Xian",
		"枞阳县":        "Zongyang Xian",
		"番禺区":        "Panyu Qu",
		"丽水市":        "Lishui Shi",
		"台州市":        "Taizhou Shi",
		"六合区":        "Luhe Qu",
		"公主岭市":       "Gongzhuling Shi",
		"西安市":        "Xi'an Shi",
		"吕梁市":        "Lüliang Shi",
		"沙市市":        "Shashi Shi",
		"歙县":         "Shexian",
		"神农架林区":      "Shennongjia Linqu",
		"万柏林区":       "Wanbailin Qu",
		"香港特别行政区":    "Xianggang Tebie Xingzhengqu",
		"延边朝鲜族自治州":   "Yanbian Chaoxianzu Zizhizhou",
		"湘西土家族苗族自治州": "Xiangxi Tujiazu Miaozu Zizhizhou",
		"新疆维吾尔自治区":   "Xinjiang Weiwu'er Zizhiqu",
	} {
		if got := PinyinOf(name).Full; got != want {
			t.Errorf("PinyinOf(%s) = %q, want %q", name, got, want)
		}
	}
	if got := PinyinOf("公主岭市").Initials; got != "gzl" {
		t.Errorf("initials of 公主岭市 = %q, want gzl", got)
	}
}

// Every entry of the override list is applied to the names that contain it.
func TestPinyinOverridesApplied(t *testing.T) {
	b, err := os.ReadFile("data/pinyin/overrides.tsv")
	if err != nil {
		t.Fatal(err)
	}
	reg := Default()
	n := 0
	for line := range strings.SplitSeq(string(b), "\n") {
		if line == "" || line[0] == '#' {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 || f[2] == "" {
			t.Fatalf("malformed override line %q", line)
		}
		word := pinyin.WordOf(strings.Fields(f[1]))
		found := false
		for _, r := range reg.Records() {
			if !strings.Contains(pinyin.Split(r.Name).Specific, f[0]) {
				continue
			}
			found = true
			p := r.Pinyin()
			if p.Source != "override" || !strings.Contains(p.Full, word) {
				t.Errorf("%s: pinyin %+v, want the override %s", r.Name, p, word)
			}
		}
		if !found {
			t.Errorf("override %s matches no name of the registry", f[0])
		}
		n++
	}
	if n < 10 {
		t.Errorf("only %d overrides", n)
	}
}

// Every record, current and historical, has its reading in the generated
// table, and library readings of polyphonic characters are flagged.
func TestPinyinEveryRecord(t *testing.T) {
	d := pinyinTableData()
	sources := map[string]int{}
	for _, r := range Default().Records() {
		p, ok := d.names[r.Name]
		if !ok {
			t.Fatalf("%s: not in pinyin.tsv; run go generate", r)
		}
		if p.Full == "" || p.Initials == "" {
			t.Errorf("%s: empty pinyin %+v", r, p)
		}
		sources[p.Source]++
		if p.Source != "library" && p.Polyphonic != "" {
			t.Errorf("%s: flagged although read from %s", r, p.Source)
		}
	}
	if sources["areacity"] < 3000 || sources["override"] == 0 {
		t.Errorf("sources %v", sources)
	}
	// 和安县 (2024) is not in AreaCity; 和 has several readings.
	if p := PinyinOf("和安县"); p.Source != "library" || !p.Uncertain() || p.Polyphonic != "和" {
		t.Errorf("和安县: %+v, want a library reading flagged for 和", p)
	}
	if p := PinyinOf("伊犁哈萨克自治州"); p.Full != "Yili Hasake Zizhizhou" || p.Source != "areacity" {
		t.Errorf("伊犁哈萨克自治州: %+v", p)
	}
}

// A name outside the table is read character by character.
func TestPinyinRuntimeFallback(t *testing.T) {
	p := PinyinOf("公安新区")
	if p.Full != "Gong'an Xinqu" || p.Source != "library" || p.Initials != "ga" {
		t.Errorf("PinyinOf(公安新区) = %+v", p)
	}
}

func TestFindPinyin(t *testing.T) {
	v := Default().At(MustParseDate("2024"))
	for q, want := range map[string]string{
		"gzl":             "220184",
		"gongzhuling":     "220184",
		"gong zhu ling":   "220184",
		"Gongzhuling Shi": "220184",
		"GongZhuLing":     "220184",
		"gongzl":          "220184",
		"gzling":          "220184",
		"Lu'an":           "341500",
		"luan":            "341500",
		"Lu’an Shi":       "341500",
		"beijing":         "110000",
		"lvliang":         "141100",
		"luliang":         "141100",
		"Lüliang":         "141100",
	} {
		ds := v.Find(q)
		if len(ds) == 0 || ds[0].Code.String() != want {
			var got []string
			for _, d := range ds {
				got = append(got, d.Code.String()+" "+d.Name)
			}
			t.Errorf("Find(%q) = %v, want %s first", q, got, want)
		}
	}
	// In 2019 公主岭市 was 220381; the initials find the record of the date.
	if ds := Default().At(MustParseDate("2019")).Find("gzl"); len(ds) != 1 || ds[0].Code != 220381 {
		t.Errorf("Find(gzl) in 2019: %v", ds)
	}
	if ds := v.Find("xyz qq"); len(ds) != 0 {
		t.Errorf("Find(xyz qq): %v", ds)
	}
	// Names no longer in force: FindAll; near misses: Suggest.
	if rs := Default().FindAll("huaide"); len(rs) == 0 || rs[0].Name != "怀德县" {
		t.Errorf("FindAll(huaide): %v", rs)
	}
	if rs := Default().Suggest("gongzh", 3); len(rs) == 0 || rs[0].Name != "公主岭市" || !rs[0].Current() {
		t.Errorf("Suggest(gongzh): %v", rs)
	}
}

func TestMatchPinyin(t *testing.T) {
	p := PinyinOf("公主岭市")
	for q, want := range map[string]pinyin.Match{
		"gongzhuling": pinyin.MatchExact, "gongzhulingshi": pinyin.MatchExact, "gzl": pinyin.MatchInitials,
		"gongzl": pinyin.MatchSyllables, "gzling": pinyin.MatchSyllables, "gongzh": pinyin.MatchPrefix, "gz": pinyin.MatchPrefix,
		"gongzhulingx": pinyin.MatchNone, "zhu": pinyin.MatchNone, "": pinyin.MatchNone,
	} {
		if got := matchPinyin(q, p); got != want {
			t.Errorf("matchPinyin(%q, 公主岭市) = %d, want %d", q, got, want)
		}
	}
}

func BenchmarkFindPinyin(b *testing.B) {
	v := Default().At(MustParseDate("2024"))
	v.Find("gzl") // build the index
	for _, q := range []string{"gzl", "gongzhuling", "Lu'an", "gongzl"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(v.Find(q)) == 0 {
					b.Fatal("no match")
				}
			}
		})
	}
}

// TestPinyinIndexComplete: the two-letter index finds exactly what a scan
// of every name finds.
func TestPinyinIndexComplete(t *testing.T) {
	reg := Default()
	idx := reg.pinyinIndex()
	for _, key := range []string{"gongzl", "gzhul", "gongzhu", "luan", "lua", "beij", "bj", "chaoy", "chy", "xinjiangweiwuer", "ebian", "eb", "ha", "zh", "shanghai", "sh", "wulumuq"} {
		for _, m := range []pinyin.Match{pinyin.MatchSyllables, pinyin.MatchPrefix} {
			var want []string
			for i, name := range idx.names {
				if x := matchPinyin(key, idx.pys[i]); x == pinyin.MatchSyllables || m == pinyin.MatchPrefix && x == pinyin.MatchPrefix {
					want = append(want, name)
				}
			}
			got := reg.pinyinNames(key, m)
			slices.Sort(got)
			if !slices.Equal(got, want) {
				t.Errorf("%q (%v): index %v, scan %v", key, m, got, want)
			}
		}
	}
}

// Township names follow the README's word rule, as county names do.
func TestPinyinTownships(t *testing.T) {
	for name, want := range map[string][2]string{
		"河南街道":  {"Henan Jiedao", "hn"},
		"范家屯镇":  {"Fanjiatun Zhen", "fjt"},
		"兴隆满族乡": {"Xinglong Manzu Xiang", "xl"},
		"巴彦苏木":  {"Bayan Sumu", "by"},
	} {
		if p := PinyinOf(name); p.Full != want[0] || p.Initials != want[1] {
			t.Errorf("PinyinOf(%s) = %s %s, want %s %s", name, p.Full, p.Initials, want[0], want[1])
		}
	}
}
