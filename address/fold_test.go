package address

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/quhua/quhua/build/foldgen"
)

// TestFoldTableUpToDate regenerates fold_table.go from data/ and expects
// the committed file byte for byte.
func TestFoldTableUpToDate(t *testing.T) {
	want, err := foldgen.Generate("data")
	if err != nil {
		t.Fatal(err)
	}
	got, err := os.ReadFile("fold_table.go")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, want) {
		t.Fatal("fold_table.go is out of date: run go generate ./address")
	}
}

// TestFoldGenBadData: a malformed source line is reported with file and
// line, not skipped.
func TestFoldGenBadData(t *testing.T) {
	dir := t.TempDir()
	eui, _ := os.ReadFile("data/EquivalentUnifiedIdeograph.txt")
	os.WriteFile(filepath.Join(dir, "EquivalentUnifiedIdeograph.txt"), eui, 0o644)
	os.WriteFile(filepath.Join(dir, "TSCharacters.txt"), []byte("臺\t台\n廣 广\n"), 0o644)
	_, err := foldgen.Generate(dir)
	if err == nil || !bytes.Contains([]byte(err.Error()), []byte("TSCharacters.txt:2")) {
		t.Fatalf("got %v, want an error naming TSCharacters.txt:2", err)
	}
}

func TestFoldRune(t *testing.T) {
	for _, c := range []struct{ in, want rune }{
		{'臺', '台'}, {'廣', '广'}, {'區', '区'}, {'灣', '湾'},
		{'\u2ED3', '长'}, // CJK RADICAL C-SIMPLIFIED LONG (EquivalentUnifiedIdeograph)
		{'\u2F8F', '行'}, // KANGXI RADICAL WALK ENCLOSURE (NFKC)
		{'\uF9B5', '例'}, // CJK COMPATIBILITY IDEOGRAPH-F9B5 (NFKC)
		{'Ａ', 'A'}, {'１', '1'},
		{'长', '长'}, {'a', 'a'}, {'乡', '乡'},
	} {
		if got := foldRune(c.in); got != c.want {
			t.Errorf("foldRune(%U %c) = %U %c, want %U %c", c.in, c.in, got, got, c.want, c.want)
		}
	}
}

// TestFoldParse: traditional characters, radicals and full-width forms
// find the division, and the answer keeps the text as written.
func TestFoldParse(t *testing.T) {
	p := Default()
	for _, c := range []struct {
		in, code, matched, rest string
	}{
		{"廣州市天河區天河路208號", "440106", "天河區", "天河路208號"},
		{"廣東省 廣州市 越秀區 中山五路", "440104", "越秀區", "中山五路"},
		{"\u2ED3春市朝阳区西安大路289号", "220104", "朝阳区", "西安大路289号"},
		{"吉林省\u2ED3春市", "220100", "\u2ED3春市", ""},
		{"臺灣省", "710000", "臺灣省", ""},
	} {
		r := p.Parse(c.in, evalAt)
		var m string
		switch {
		case !r.County.IsZero():
			m = r.County.Matched
		case !r.Prefecture.IsZero():
			m = r.Prefecture.Matched
		default:
			m = r.Province.Matched
		}
		if r.Code().String() != c.code || m != c.matched || r.Rest != c.rest || r.Input != c.in {
			t.Errorf("Parse(%q) = %s matched %q rest %q, want %s matched %q rest %q", c.in, r.Code(), m, r.Rest, c.code, c.matched, c.rest)
		}
	}
}

// TestNormalizeNoAlloc: text with nothing to fold is used as it is.
func TestNormalizeNoAlloc(t *testing.T) {
	for _, s := range []string{"长春市朝阳区西安大路289号", "Room5,No.1-2（东门）", "广东省深圳市南山区科技园南路，13111111111"} {
		if n := testing.AllocsPerRun(100, func() {
			if got, off := normalize(s, true); got != s || off != nil {
				t.Fatalf("normalize(%q) changed it", s)
			}
		}); n != 0 {
			t.Errorf("normalize(%q): %v allocations", s, n)
		}
	}
}

// TestNormalizeOffsets: every byte of the normalized text maps back to
// the character it came from.
func TestNormalizeOffsets(t *testing.T) {
	text := "臺 北\u3000市Ａ1"
	got, off := normalize(text, true)
	if got != "台北市A1" {
		t.Fatalf("normalize = %q", got)
	}
	o := orig{text, off}
	if s := o.cut([2]int32{0, 9}); s != "臺 北\u3000市" {
		t.Errorf("cut = %q", s)
	}
	if s := o.cut([2]int32{9, 10}); s != "Ａ" {
		t.Errorf("cut = %q", s)
	}
}

// TestTrimTownSep: trimTownSep removes what strings.TrimLeft with the
// cutset " ,，、" removes, and nothing else.
func TestTrimTownSep(t *testing.T) {
	for _, s := range []string{"", " ", "，、 ,范家屯", "范家屯", "\xef\xbc", "，\xef\xbc", " 、\xe3", "、、、", "，,\u3000村"} {
		if got, want := trimTownSep(s), strings.TrimLeft(s, " ,，、"); got != want {
			t.Errorf("trimTownSep(%q) = %q, want %q", s, got, want)
		}
	}
}

// refNormalize is normalize written plainly, character by character.
func refNormalize(text string, squeeze bool) string {
	var b []byte
	for i := 0; i < len(text); {
		r, n := utf8.DecodeRuneInString(text[i:])
		switch {
		case squeeze && (r < utf8.RuneSelf && asciiSpace[r] || r == '\u00a0' || r == '\u3000'):
		case foldRune(r) != r:
			b = utf8.AppendRune(b, foldRune(r))
		default:
			b = append(b, text[i:i+n]...)
		}
		i += n
	}
	return string(b)
}

// TestNormalizeReference compares normalize, its fast scans and
// decodeRune with plain versions on the evaluation set's addresses and on
// variants of them with white space, full-width forms, traditional
// characters and broken UTF-8, and checks that every character of the
// normalized text maps back to the one it came from.
func TestNormalizeReference(t *testing.T) {
	var texts []string
	for _, it := range loadEval(t) {
		s := it.Input
		texts = append(texts, s, strings.ReplaceAll(s, "市", "市 \u3000"), strings.ReplaceAll(s, "区", "区\u3000"), "\xff"+s+"\xe5\x90", s[:len(s)/2]+"\xed\xa0\x80"+s[len(s)/2:],
			strings.Map(func(r rune) rune {
				switch {
				case r > ' ' && r < 0x7f:
					return r + 0xFEE0 // full-width
				case r == '区':
					return '區'
				}
				return r
			}, s))
	}
	var b []byte
	var off []int32
	for _, s := range texts {
		for _, squeeze := range []bool{false, true} {
			want := refNormalize(s, squeeze)
			got, o := normalize(s, squeeze)
			if got != want {
				t.Fatalf("normalize(%q, %v) = %q, want %q", s, squeeze, got, want)
			}
			var into string
			into, o2, nb := normalizeInto(b, off, s, squeeze)
			if into != want || len(o2) != len(o) {
				t.Fatalf("normalizeInto(%q, %v) = %q, want %q", s, squeeze, into, want)
			}
			b = nb
			if o2 != nil {
				off = o2
			}
			if o == nil {
				continue
			}
			// Each character of the result cut back from the text is
			// one character of the text that folds to it.
			for i := 0; i < len(got); {
				r, n := utf8.DecodeRuneInString(got[i:])
				c := orig{s, o}.cut([2]int32{int32(i), int32(i + n)})
				if r != utf8.RuneError && refNormalize(c, squeeze) != got[i:i+n] {
					t.Fatalf("%q: byte %d of %q maps back to %q", s, i, got, c)
				}
				i += n
			}
		}
		for i := range len(s) {
			r, n := decodeRune(s[i:])
			if wr, wn := utf8.DecodeRuneInString(s[i:]); r != wr || n != wn {
				t.Fatalf("decodeRune(%q) = %q %d, want %q %d", s[i:], r, n, wr, wn)
			}
		}
	}
}

// TestLastRune: lastRune reads what utf8.DecodeLastRuneInString reads, on
// every prefix of the evaluation set's addresses and of broken text.
func TestLastRune(t *testing.T) {
	texts := []string{"\xe5\x90", "\xed\xa0\x80", "\xe0\x80\x80", "a\xbf\xbf", "\xf0\x9f\x98\x80", "\xe4\xb8\xad"}
	for _, it := range loadEval(t) {
		texts = append(texts, it.Input)
	}
	for _, s := range texts {
		for i := range len(s) + 1 {
			if got, want := lastRune(s[:i]), firstOf(utf8.DecodeLastRuneInString(s[:i])); got != want {
				t.Fatalf("lastRune(%q) = %q, want %q", s[:i], got, want)
			}
		}
	}
}

func firstOf(r rune, _ int) rune { return r }
