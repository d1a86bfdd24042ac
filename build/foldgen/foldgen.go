// Package foldgen generates the address package's character-folding
// table, fold_table.go, from three sources:
//
//   - NFKC (golang.org/x/text/unicode/norm) for full-width
//     letters and digits, CJK compatibility ideographs and Kangxi radicals: each code
//     point of those blocks whose NFKC form is a single other character;
//   - Unicode's EquivalentUnifiedIdeograph.txt (data/), for the CJK
//     radicals supplement and the Kangxi radicals;
//   - OpenCC's TSCharacters.txt (data/), traditional → simplified, first
//     candidate of each line.
//
// Each character is folded through NFKC, then the equivalent unified
// ideograph, then traditional → simplified, until nothing changes. The
// output is sorted by code point, so the same inputs give the same bytes.
//
// Command genfold (go generate in the address package) writes it; the
// address tests check that the file is up to date.
package foldgen

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua/build/genfile"
	"golang.org/x/text/unicode/norm"
)

// nfkcRanges are the blocks whose NFKC forms are folded.
var nfkcRanges = [][2]rune{
	{0x2F00, 0x2FDF},   // Kangxi Radicals
	{0xF900, 0xFAFF},   // CJK Compatibility Ideographs
	{0xFF10, 0xFF19},   // full-width digits
	{0xFF21, 0xFF3A},   // full-width capital letters
	{0xFF41, 0xFF5A},   // full-width small letters
	{0x2F800, 0x2FA1F}, // CJK Compatibility Ideographs Supplement
}

// Generate returns the source of fold_table.go.
func Generate(dir string) ([]byte, error) {
	eui, err := readEUI(dir + "/EquivalentUnifiedIdeograph.txt")
	if err != nil {
		return nil, err
	}
	ts, err := readTS(dir + "/TSCharacters.txt")
	if err != nil {
		return nil, err
	}
	nfkc := map[rune]rune{}
	for _, rg := range nfkcRanges {
		for r := rg[0]; r <= rg[1]; r++ {
			s := norm.NFKC.String(string(r))
			if utf8.RuneCountInString(s) != 1 {
				continue
			}
			if t, _ := utf8.DecodeRuneInString(s); t != r {
				nfkc[r] = t
			}
		}
	}
	step := func(r rune) rune {
		if t, ok := nfkc[r]; ok {
			return t
		}
		if t, ok := eui[r]; ok {
			return t
		}
		if t, ok := ts[r]; ok {
			return t
		}
		return r
	}
	keys := map[rune]bool{}
	for _, m := range []map[rune]rune{nfkc, eui, ts} {
		for r := range m {
			keys[r] = true
		}
	}
	var pairs [][2]rune
	for r := range keys {
		t := r
		for range 4 {
			n := step(t)
			if n == t {
				break
			}
			t = n
		}
		if t != r {
			pairs = append(pairs, [2]rune{r, t})
		}
	}
	sort.Slice(pairs, func(i, j int) bool { return pairs[i][0] < pairs[j][0] })

	var b bytes.Buffer
	b.WriteString(genfile.Header("genfold", "data/EquivalentUnifiedIdeograph.txt", "data/TSCharacters.txt", "NFKC") + "package address\n\n")
	fmt.Fprintf(&b, "// foldPairs holds %d pairs of characters, the character and its folded\n// form, sorted by the first.\nconst foldPairs = \"\" +\n", len(pairs))
	for i := 0; i < len(pairs); i += 16 {
		b.WriteString("\t\"")
		for _, p := range pairs[i:min(i+16, len(pairs))] {
			b.WriteString(lit(p[0]))
			b.WriteString(lit(p[1]))
		}
		b.WriteString("\"")
		if i+16 < len(pairs) {
			b.WriteString(" +")
		}
		b.WriteString("\n")
	}
	return genfile.FormatGo(b.Bytes())
}

// lit writes r for a Go string literal: unified ideographs as they are,
// anything else (radicals, compatibility forms, ASCII) escaped, so that
// look-alikes stay visible in the source.
func lit(r rune) string {
	if r >= 0x4E00 && r <= 0x9FFF {
		return string(r)
	}
	if r <= 0xFFFF {
		return fmt.Sprintf(`\u%04X`, r)
	}
	return fmt.Sprintf(`\U%08X`, r)
}

func readEUI(path string) (map[rune]rune, error) {
	m := map[rune]rune{}
	err := eachLine(path, func(line string, n int) error {
		if i := strings.IndexByte(line, '#'); i >= 0 {
			line = line[:i]
		}
		if strings.TrimSpace(line) == "" {
			return nil
		}
		f := strings.Split(line, ";")
		if len(f) != 2 {
			return fmt.Errorf("%s:%d: want \"range ; target\"", path, n)
		}
		lo, hi, ok := strings.Cut(strings.TrimSpace(f[0]), "..")
		if !ok {
			hi = lo
		}
		a, err1 := strconv.ParseUint(lo, 16, 32)
		z, err2 := strconv.ParseUint(hi, 16, 32)
		t, err3 := strconv.ParseUint(strings.TrimSpace(f[1]), 16, 32)
		if err1 != nil || err2 != nil || err3 != nil || z < a {
			return fmt.Errorf("%s:%d: bad code point in %q", path, n, line)
		}
		for r := a; r <= z; r++ {
			m[rune(r)] = rune(t)
		}
		return nil
	})
	return m, err
}

func readTS(path string) (map[rune]rune, error) {
	m := map[rune]rune{}
	err := eachLine(path, func(line string, n int) error {
		if line == "" {
			return nil
		}
		from, to, ok := strings.Cut(line, "\t")
		f := strings.Fields(to)
		if !ok || utf8.RuneCountInString(from) != 1 || len(f) == 0 || utf8.RuneCountInString(f[0]) != 1 {
			return fmt.Errorf("%s:%d: want \"character<TAB>character …\", got %q", path, n, line)
		}
		r, _ := utf8.DecodeRuneInString(from)
		t, _ := utf8.DecodeRuneInString(f[0])
		if r != t {
			m[r] = t
		}
		return nil
	})
	return m, err
}

func eachLine(path string, fn func(string, int) error) error {
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for n := 1; sc.Scan(); n++ {
		if err := fn(sc.Text(), n); err != nil {
			return err
		}
	}
	return sc.Err()
}
