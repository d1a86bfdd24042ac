package address

import (
	"encoding/binary"
	"slices"
	"sort"
	"unicode/utf8"
	"unsafe"
)

//go:generate go run ../build/genfold -data data -out fold_table.go

// Before matching, the parser folds characters that look alike or mean
// the same onto one form, both in the dictionary and in the input:
// full-width forms to ASCII, compatibility ideographs and CJK radicals to
// the unified ideographs they stand for (NFKC and Unicode's
// EquivalentUnifiedIdeograph.txt), and traditional characters to
// simplified ones (OpenCC's TSCharacters.txt). The answer keeps the
// original text: Input, Rest and each part's Matched are cut from it.
// data/README.md gives the sources; fold_table.go is generated from them.

var (
	foldFrom, foldTo []rune
	// foldBMP has a bit set for each character below U+10000 that folds.
	foldBMP bmpSet
	// stopBMP adds U+3000, the ideographic space, to foldBMP: the
	// characters below U+10000 that normalize changes when it removes
	// white space.
	stopBMP bmpSet
)

// bmpSet is a set of characters below U+10000, a bit for each: word r>>6,
// bit r&63.
type bmpSet [0x10000 / 64]uint64

func init() {
	for s := foldPairs; s != ""; {
		a, n := utf8.DecodeRuneInString(s)
		b, m := utf8.DecodeRuneInString(s[n:])
		s = s[n+m:]
		foldFrom = append(foldFrom, a)
		foldTo = append(foldTo, b)
		if a < 0x10000 {
			foldBMP[a>>6] |= 1 << (a & 63)
		}
	}
	stopBMP = foldBMP
	stopBMP['\u3000'>>6] |= 1 << ('\u3000' & 63)
}

// foldRune returns the form r is matched as.
func foldRune(r rune) rune {
	if r < 0x10000 {
		if foldBMP[r>>6]&(1<<(r&63)) == 0 {
			return r
		}
	}
	i := sort.Search(len(foldFrom), func(i int) bool { return foldFrom[i] >= r })
	if i < len(foldFrom) && foldFrom[i] == r {
		return foldTo[i]
	}
	return r
}

// foldString folds every character of s (for dictionary words).
func foldString(s string) string {
	t, _ := normalize(s, false)
	return t
}

// normalize returns the text matched in place of text: white space
// removed (when squeeze is set) and characters folded. When nothing
// changes it returns text itself and no offsets, without allocating.
// Otherwise off[i] is the offset in text of the character that gave byte
// i of the result.
func normalize(text string, squeeze bool) (string, []int32) {
	s, off, _ := normalizeInto(nil, nil, text, squeeze)
	return s, off
}

// normalizeInto is normalize writing the changed text and its offsets
// into b and off (reused from their start), which it returns grown for
// the next call. The text returned is then b's bytes, valid only until b
// is written again.
func normalizeInto(b []byte, off []int32, text string, squeeze bool) (string, []int32, []byte) {
	i := 0
	for {
		i += cleanRun(text[i:], squeeze)
		if i == len(text) {
			break
		}
		// A character cleanRun leaves to the decoder.
		r, n := decodeRune(text[i:])
		if r < utf8.RuneSelf || squeeze && (r == '\u00a0' || r == '\u3000') || foldRune(r) != r {
			break
		}
		i += n
	}
	if i == len(text) {
		return text, nil, b
	}
	b = append(slices.Grow(b[:0], len(text)), text[:i]...)
	off = slices.Grow(off[:0], len(text)+1)[:i]
	for k := range off {
		off[k] = int32(k)
	}
	stop := &foldBMP
	if squeeze {
		stop = &stopBMP
	}
	for i < len(text) {
		c := text[i]
		if c < utf8.RuneSelf {
			if !squeeze || !asciiSpace[c] {
				b = append(b, c)
				off = append(off, int32(i))
			}
			i++
			continue
		}
		// A well-formed three-byte character not in stop, copied as it
		// is (E0 and ED are left to the decoder, which rejects overlong
		// forms and surrogates).
		if c >= 0xE1 && c < 0xF0 && c != 0xED && i+2 < len(text) && text[i+1]&0xC0 == 0x80 && text[i+2]&0xC0 == 0x80 {
			r := rune(c&0x0F)<<12 | rune(text[i+1]&0x3F)<<6 | rune(text[i+2]&0x3F)
			if stop[r>>6]&(1<<(r&63)) == 0 {
				b = append(b, c, text[i+1], text[i+2])
				off = append(off, int32(i), int32(i), int32(i))
				i += 3
				continue
			}
		}
		r, n := decodeRune(text[i:])
		if squeeze && (r < utf8.RuneSelf && asciiSpace[r] || r == '\u00a0' || r == '\u3000') {
			i += n
			continue
		}
		f := foldRune(r)
		if f == r {
			b = append(b, text[i:i+n]...)
		} else {
			b = utf8.AppendRune(b, f)
		}
		for len(off) < len(b) {
			off = append(off, int32(i))
		}
		i += n
	}
	if len(b) == 0 {
		return "", off, b
	}
	return unsafe.String(&b[0], len(b)), off, b
}

// cleanRun returns the length of the longest prefix of s made of ASCII
// characters other than white space (any ASCII when squeeze is false) and
// well-formed three-byte characters (all of CJK) that do not fold and are
// not U+3000 when squeeze is set: the text normalize keeps as it is.
func cleanRun(s string, squeeze bool) int {
	const highs = 0x8080808080808080
	stop := &foldBMP
	if squeeze {
		stop = &stopBMP
	}
	n := len(s)
	for len(s) >= 8 {
		// The next eight bytes, the first in the low byte.
		x := binary.LittleEndian.Uint64([]byte(s[:8]))
		if x&highs == 0 {
			// Eight ASCII characters; with squeeze set, none below '!'
			// (a borrow marks such a byte: x has no high bit to spare).
			if !squeeze || (x-0x2121212121212121)&highs == 0 {
				s = s[8:]
				continue
			}
		} else if x&0xC0C0F0C0C0F0 == 0x8080E08080E0 && clean3(uint32(x), stop) && clean3(uint32(x>>24), stop) {
			// Two three-byte characters.
			s = s[6:]
			continue
		}
		// One character.
		if x&0x80 == 0 {
			if squeeze && asciiSpace[x&0x7F] {
				return n - len(s)
			}
			s = s[1:]
			continue
		}
		if x&0xC0C0F0 != 0x8080E0 || !clean3(uint32(x), stop) {
			return n - len(s)
		}
		s = s[3:]
	}
	for len(s) >= 4 {
		// The next four bytes, the first in the low byte.
		w := binary.LittleEndian.Uint32([]byte(s[:4]))
		if w&0x80 == 0 {
			if squeeze && asciiSpace[w&0x7F] {
				return n - len(s)
			}
			s = s[1:]
			continue
		}
		// A lead byte E0–EF and two continuation bytes; foldBMP's word
		// for the character is r>>6, its bit r&63.
		if w&0xC0C0F0 != 0x8080E0 || foldBMP[((w&0x0F)<<6|w>>8&0x3F)&1023]>>(w>>16&0x3F)&1 != 0 ||
			squeeze && w&0xFFFFFF == 0x8080E3 { // U+3000
			return n - len(s)
		}
		s = s[3:]
	}
	for len(s) >= 3 {
		c := s[0]
		if c < utf8.RuneSelf {
			if squeeze && asciiSpace[c] {
				return n - len(s)
			}
			s = s[1:]
			continue
		}
		b1, b2 := s[1], s[2]
		if c&0xF0 != 0xE0 || b1&0xC0 != 0x80 || b2&0xC0 != 0x80 ||
			// foldBMP's word for the character is r>>6, its bit r&63.
			foldBMP[(uint(c&0x0F)<<6|uint(b1&0x3F))&1023]>>(b2&0x3F)&1 != 0 ||
			squeeze && c == 0xE3 && b1 == 0x80 && b2 == 0x80 {
			return n - len(s)
		}
		s = s[3:]
	}
	for len(s) > 0 && s[0] < utf8.RuneSelf && !(squeeze && asciiSpace[s[0]]) {
		s = s[1:]
	}
	return n - len(s)
}

// decodeRune is utf8.DecodeRuneInString with the well-formed three-byte
// characters (all of CJK) decoded inline, the others left to it.
func decodeRune(s string) (rune, int) {
	if len(s) >= 3 && s[0]-0xE1 < 0x0F && s[0] != 0xED && s[1]&0xC0 == 0x80 && s[2]&0xC0 == 0x80 {
		return rune(s[0]&0x0F)<<12 | rune(s[1]&0x3F)<<6 | rune(s[2]&0x3F), 3
	}
	return utf8.DecodeRuneInString(s)
}

// clean3 reports whether the three-byte character in the low bytes of w
// (lead byte first) is not in stop.
func clean3(w uint32, stop *bmpSet) bool {
	return stop[((w&0x0F)<<6|w>>8&0x3F)&1023]>>(w>>16&0x3F)&1 == 0
}

var asciiSpace = [utf8.RuneSelf]bool{' ': true, '\t': true, '\n': true, '\r': true, '\v': true, '\f': true}

// startIn maps a byte offset of the normalized text back to text.
func startIn(text string, off []int32, n int) int {
	if off == nil {
		return n
	}
	if n >= len(off) {
		return len(text)
	}
	return int(off[n])
}

// endIn maps the end offset n of a match in the normalized text back to
// text: just after the character that gave byte n-1.
func endIn(text string, off []int32, n int) int {
	if off == nil || n == 0 {
		return n
	}
	j := int(off[n-1])
	_, size := decodeRune(text[j:])
	return j + size
}

// orig is the input text with the offsets normalize returned for it.
type orig struct {
	text string
	off  []int32
}

// cut returns the original text of span sp of the normalized text.
func (o orig) cut(sp [2]int32) string {
	return o.text[startIn(o.text, o.off, int(sp[0])):endIn(o.text, o.off, int(sp[1]))]
}
