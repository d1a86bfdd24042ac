// Command genpinyin writes pinyin.tsv, the table of romanised division
// names that package quhua embeds. It is run by "go generate" in the
// repository root:
//
//	go run ./build/genpinyin -areacity data/areacity/ok_data_level3.csv -overrides data/pinyin/overrides.tsv -out pinyin.tsv
//
// Every name of every record of the embedded registry (current and
// historical) gets a reading. The specific part of a name (专名) is read, in
// order of trust, from:
//
//  1. the reviewed override list (data/pinyin/overrides.tsv), each entry
//     with its source;
//  2. the curated pinyin of AreaCity (data/areacity), matched by the full
//     name, else by the specific part;
//  3. a per-character library (github.com/mozillazg/go-pinyin), whose
//     first reading of each character is taken. Names read this way that
//     contain a character with more than one reading are flagged.
//
// Generic and ethnic words (市, 自治州, 朝鲜族 …) have fixed readings
// (internal/pinyin). The table also lists every character used in a name
// with its library reading, so that names added later by authored changes
// can be read at run time.
//
// The output depends only on its inputs. With -check it writes nothing and
// fails if the file at -out differs from what it would write.
package main

import (
	"bytes"
	"encoding/csv"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"unicode"

	gopinyin "github.com/mozillazg/go-pinyin"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/build/genfile"
	"github.com/quhua/quhua/internal/pinyin"
)

func main() {
	areacity := flag.String("areacity", "data/areacity/ok_data_level3.csv", "AreaCity's province/prefecture/county CSV")
	overrides := flag.String("overrides", "data/pinyin/overrides.tsv", "the reviewed override list")
	out := genfile.Flags("pinyin.tsv")
	flag.Parse()
	genfile.Main("genpinyin", func() error { return run(*areacity, *overrides, out) })
}

func run(areacityPath, overridesPath string, out *genfile.Output) error {
	ov, err := readOverrides(overridesPath)
	if err != nil {
		return err
	}
	ac, err := readAreaCity(areacityPath)
	if err != nil {
		return err
	}
	var names []string
	seen := map[string]bool{}
	for _, r := range quhua.Default().Records() {
		if !seen[r.Name] {
			seen[r.Name] = true
			names = append(names, r.Name)
		}
	}
	slices.Sort(names)
	b, stats := build(names, ov, ac)
	if err := out.Emit(out.Path, b); err != nil {
		return err
	}
	fmt.Printf("%s %s (%s)\n", out.Verb(), out.Path, stats)
	return nil
}

type override struct {
	hanzi     string
	syllables []string
}

// readOverrides reads the override list: specific part, syllables, source.
func readOverrides(path string) ([]override, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var out []override
	seen := map[string]int{}
	for i, line := range strings.Split(string(b), "\n") {
		if strings.TrimSpace(line) == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Split(line, "\t")
		if len(f) != 3 {
			return nil, fmt.Errorf("%s:%d: want 3 tab-separated fields (specific, syllables, source), got %d", path, i+1, len(f))
		}
		syl := strings.Fields(f[1])
		if n := len([]rune(f[0])); n != len(syl) {
			return nil, fmt.Errorf("%s:%d: %s has %d characters but %d syllables", path, i+1, f[0], n, len(syl))
		}
		for _, s := range syl {
			if !isSyllable(s) {
				return nil, fmt.Errorf("%s:%d: syllable %q is not lower-case a–z", path, i+1, s)
			}
		}
		if strings.TrimSpace(f[2]) == "" {
			return nil, fmt.Errorf("%s:%d: %s has no source", path, i+1, f[0])
		}
		if j, dup := seen[f[0]]; dup {
			return nil, fmt.Errorf("%s:%d: %s is listed already on line %d", path, i+1, f[0], j)
		}
		seen[f[0]] = i + 1
		out = append(out, override{f[0], syl})
	}
	// Longest first, so that a longer entry wins where two overlap.
	slices.SortStableFunc(out, func(a, b override) int { return len(b.hanzi) - len(a.hanzi) })
	return out, nil
}

func isSyllable(s string) bool {
	if s == "" {
		return false
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return false
		}
	}
	return true
}

// areaCity holds AreaCity's readings: by full name, the short name and its
// syllables; by short name, the syllables when every row agrees.
type areaCity struct {
	byFull  map[string]acEntry
	byShort map[string][]string
}

type acEntry struct {
	short     string
	syllables []string
}

func readAreaCity(path string) (*areaCity, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	r := csv.NewReader(f)
	head, err := r.Read()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	col := map[string]int{}
	for i, h := range head {
		col[strings.TrimPrefix(h, "\ufeff")] = i
	}
	for _, c := range []string{"name", "pinyin", "ext_name"} {
		if _, ok := col[c]; !ok {
			return nil, fmt.Errorf("%s: no column %q", path, c)
		}
	}
	ac := &areaCity{byFull: map[string]acEntry{}, byShort: map[string][]string{}}
	conflict := map[string]bool{}
	for line := 2; ; line++ {
		rec, err := r.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
		short, full := rec[col["name"]], rec[col["ext_name"]]
		syl := strings.Fields(rec[col["pinyin"]])
		if len([]rune(short)) != len(syl) {
			return nil, fmt.Errorf("%s:%d: %s has %d characters but pinyin %q has %d syllables", path, line, short, len([]rune(short)), rec[col["pinyin"]], len(syl))
		}
		ac.byFull[full] = acEntry{short, syl}
		if old, ok := ac.byShort[short]; ok && !slices.Equal(old, syl) {
			conflict[short] = true
		}
		ac.byShort[short] = syl
	}
	for s := range conflict {
		delete(ac.byShort, s)
	}
	return ac, nil
}

type stats struct{ override, areacity, library, flagged, names, chars int }

func (s stats) String() string {
	return fmt.Sprintf("%d names: %d with an override, %d from AreaCity, %d from the library (%d with a polyphonic character, flagged); %d characters",
		s.names, s.override, s.areacity, s.library, s.flagged, s.chars)
}

func build(names []string, ov []override, ac *areaCity) ([]byte, stats) {
	var b bytes.Buffer
	var st stats
	b.WriteString("# Generated by build/genpinyin from data/pinyin/overrides.tsv, data/areacity and\n")
	b.WriteString("# github.com/mozillazg/go-pinyin; do not edit. See package quhua's Pinyin.\n")
	b.WriteString("# name\tpinyin\tinitials\tsource\tpolyphonic characters read by the library\tsyllables of the specific part\n")
	chars := map[rune]bool{}
	for _, name := range names {
		for _, r := range name {
			if unicode.Is(unicode.Han, r) {
				chars[r] = true
			}
		}
		p := pinyin.Split(name)
		spec, src, poly := readSpecific(name, p.Specific, ov, ac)
		var eth [][]string
		for _, e := range p.Ethnic {
			eth = append(eth, pinyin.EthnicSyllables(e))
		}
		full, ini := pinyin.Format(spec, eth, pinyin.GenericSyllables(p.Generic))
		switch src {
		case "override":
			st.override++
		case "areacity":
			st.areacity++
		default:
			st.library++
		}
		if poly != "" {
			st.flagged++
		}
		var syl []string
		for _, x := range spec {
			if x != pinyin.Break {
				syl = append(syl, x)
			}
		}
		fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\n", name, full, ini, src, poly, strings.Join(syl, " "))
	}
	st.names = len(names)
	b.WriteString("# character\tlibrary reading\tpolyphonic\n")
	rs := make([]rune, 0, len(chars))
	for r := range chars {
		rs = append(rs, r)
	}
	slices.Sort(rs)
	for _, r := range rs {
		syl := libReading(r)
		pm := ""
		if polyphonic(r) {
			pm = "1"
		}
		fmt.Fprintf(&b, "%c\t%s\t%s\n", r, syl, pm)
	}
	st.chars = len(rs)
	return b.Bytes(), st
}

// readSpecific returns the syllables of the specific part, their source
// and, for a library reading, the polyphonic characters it had to choose
// a reading for.
func readSpecific(name, spec string, ov []override, ac *areaCity) ([]string, string, string) {
	if spec == "" {
		return nil, "generic", ""
	}
	rs := []rune(spec)
	syl := make([]string, len(rs))
	fromOverride := make([]bool, len(rs))
	any := false
	for _, o := range ov {
		or := []rune(o.hanzi)
		for i := 0; i+len(or) <= len(rs); i++ {
			if string(rs[i:i+len(or)]) != o.hanzi || slices.Contains(fromOverride[i:i+len(or)], true) {
				continue
			}
			copy(syl[i:], o.syllables)
			for j := range or {
				fromOverride[i+j] = true
			}
			any = true
		}
	}
	if any && !slices.Contains(fromOverride, false) {
		return syl, "override", ""
	}
	// AreaCity's short name is the specific part, or for some names (歙县,
	// 乌拉特前旗) the whole name: its first syllables read the specific part.
	var acSyl []string
	if e, ok := ac.byFull[name]; ok && strings.HasPrefix(e.short, spec) {
		acSyl = e.syllables[:len(rs)]
	} else if s, ok := ac.byShort[spec]; ok {
		acSyl = s
	}
	if acSyl != nil {
		for i := range rs {
			if !fromOverride[i] {
				syl[i] = acSyl[i]
			}
		}
		if any {
			return syl, "override", ""
		}
		return syl, "areacity", ""
	}
	var poly []rune
	for i, r := range rs {
		if fromOverride[i] {
			continue
		}
		if r == '、' {
			syl[i] = pinyin.Break
			continue
		}
		syl[i] = libReading(r)
		if polyphonic(r) && !slices.Contains(poly, r) {
			poly = append(poly, r)
		}
	}
	// Characters without a reading (punctuation such as 、) are left out.
	out := syl[:0]
	for _, s := range syl {
		if s != "" {
			out = append(out, s)
		}
	}
	return out, "library", string(poly)
}

var libArgs = gopinyin.NewArgs()

// libReading is the library's first reading of a character, without tone
// ("lv" for lü), or "" for a character it has none for.
func libReading(r rune) string {
	p := gopinyin.SinglePinyin(r, libArgs)
	if len(p) == 0 {
		return ""
	}
	return p[0]
}

// polyphonic reports whether the library knows more than one toneless
// reading of the character.
func polyphonic(r rune) bool {
	h := gopinyin.NewArgs()
	h.Heteronym = true
	seen := map[string]bool{}
	for _, p := range gopinyin.SinglePinyin(r, h) {
		seen[p] = true
	}
	return len(seen) > 1
}
