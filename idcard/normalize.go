package idcard

import (
	"strings"
	"unicode/utf8"
)

// How people write ID numbers. One classifier reads them for both Parse
// (through Normalize) and Redact, so that every form Parse accepts is a
// form Redact masks:
//
//   - digits: ASCII 0–9 and full-width ０–９ (U+FF10–U+FF19);
//   - the check character X: X, x, Ｘ, ｘ;
//   - separators, dropped: space, tab, no-break space, U+3000 (ideographic
//     space), hyphen-minus, the dashes U+2010–U+2015, full-width hyphen
//     U+FF0D, full stop and full-width full stop U+FF0E.
//
// Redact also reads these characters percent-encoded, as in a URL (%32,
// %EF%BC%92, %20, %2D, %E3%80%80, and + for a space), and escaped as Go's
// %q and JSON escape them (\u3000, \\u3000 once more JSON-encoded).

// token kinds.
const (
	tokNone = iota
	tokDigit
	tokX
	tokSpace // spaces of any kind
	tokDash  // hyphens and dashes
	tokDot   // full stops
)

// token classifies the character at s[i]: its kind, its width in bytes and,
// for digits and X, its ASCII form. With url set it decodes percent
// escapes and reads + as a space.
func token(s string, i int, url bool) (kind, width int, ascii byte) {
	c := s[i]
	switch {
	case c >= '0' && c <= '9':
		return tokDigit, 1, c
	case c == 'X' || c == 'x':
		return tokX, 1, 'X'
	case c == ' ' || c == '\t':
		return tokSpace, 1, 0
	case c == '-':
		return tokDash, 1, 0
	case c == '.':
		return tokDot, 1, 0
	case c == '+' && url:
		return tokSpace, 1, 0
	case c == '\\' && url:
		// A \uXXXX escape, as Go's %q and JSON write U+3000 and other
		// characters (\\uXXXX once more JSON-encoded).
		j := i + 1
		if j < len(s) && s[j] == '\\' {
			j++
		}
		if j+5 > len(s) || s[j] != 'u' {
			return tokNone, 0, 0
		}
		r := rune(0)
		for _, h := range []byte(s[j+1 : j+5]) {
			v, ok := unhex(h)
			if !ok {
				return tokNone, 0, 0
			}
			r = r<<4 | rune(v)
		}
		k, _, a := token(string(r), 0, false)
		if k == tokNone {
			return tokNone, 0, 0
		}
		return k, j + 5 - i, a
	case c == '%' && url:
		b, w := unescape(s, i)
		if w == 0 {
			return tokNone, 0, 0
		}
		if b < 0x80 {
			k, _, a := token(string(rune(b)), 0, false)
			if k == tokNone {
				return tokNone, 0, 0
			}
			return k, w, a
		}
		// A multi-byte character, percent-encoded: decode up to three
		// escapes.
		var buf [3]byte
		n, j := 0, i
		for n < 3 {
			b, w := unescape(s, j)
			if w == 0 {
				break
			}
			buf[n] = b
			n++
			j += w
		}
		k, cw, a := wide(string(buf[:n]), 0)
		if k == tokNone {
			return tokNone, 0, 0
		}
		return k, cw * 3, a
	case c >= 0x80:
		return wide(s, i)
	}
	return tokNone, 0, 0
}

// wide classifies the non-ASCII character at s[i].
func wide(s string, i int) (kind, width int, ascii byte) {
	r, w := utf8.DecodeRuneInString(s[i:])
	switch {
	case r >= '０' && r <= '９':
		return tokDigit, w, byte('0' + r - '０')
	case r == 'Ｘ' || r == 'ｘ':
		return tokX, w, 'X'
	case r == '\u3000' || r == '\u00a0':
		return tokSpace, w, 0
	case r >= '\u2010' && r <= '\u2015' || r == '－':
		return tokDash, w, 0
	case r == '．':
		return tokDot, w, 0
	}
	return tokNone, 0, 0
}

// unescape decodes the escape %HH at s[i], returning the byte and 3, or 0
// and 0.
func unescape(s string, i int) (byte, int) {
	if i+2 >= len(s) || s[i] != '%' {
		return 0, 0
	}
	h, ok1 := unhex(s[i+1])
	l, ok2 := unhex(s[i+2])
	if !ok1 || !ok2 {
		return 0, 0
	}
	return h<<4 | l, 3
}

func unhex(c byte) (byte, bool) {
	switch {
	case c >= '0' && c <= '9':
		return c - '0', true
	case c >= 'a' && c <= 'f':
		return c - 'a' + 10, true
	case c >= 'A' && c <= 'F':
		return c - 'A' + 10, true
	}
	return 0, false
}

// Normalize returns an ID number as typed in its plain form: full-width
// digits and X become ASCII, x becomes X, and the separators people type
// (spaces of any kind, hyphens and dashes, full stops) are dropped, as
// are leading and trailing white space. Any other character is kept, so
// that Parse can name it.
func Normalize(s string) string {
	s = strings.TrimSpace(s)
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < '0' || c > '9' && c != 'X' {
			plain = false
			break
		}
	}
	if plain {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		k, w, a := token(s, i, false)
		switch k {
		case tokDigit, tokX:
			b.WriteByte(a)
		case tokSpace, tokDash, tokDot:
		default:
			_, w = utf8.DecodeRuneInString(s[i:])
			b.WriteString(s[i : i+w])
		}
		i += w
	}
	return b.String()
}

// Formats returns number written in the forms people type and Normalize
// reads: as it is, with lower-case x, in groups split by spaces, U+3000,
// no-break spaces, hyphens, dashes or full stops, with full-width digits,
// one character per space, and mixes of these. Tests of the masking use it
// to check that Redact hides every form Parse accepts.
func Formats(number string) []string {
	groups := func(sizes []int, sep string, s string) string {
		var parts []string
		for _, n := range sizes {
			if n > len(s) {
				n = len(s)
			}
			parts = append(parts, s[:n])
			s = s[n:]
		}
		if s != "" {
			parts = append(parts, s)
		}
		return strings.Join(parts, sep)
	}
	wideOf := func(s string) string {
		var b strings.Builder
		for _, r := range s {
			switch {
			case r >= '0' && r <= '9':
				r += '０' - '0'
			case r == 'X':
				r = 'Ｘ'
			}
			b.WriteRune(r)
		}
		return b.String()
	}
	s6 := []int{6, 8, 4}
	if len(number) == 15 {
		s6 = []int{6, 6, 3}
	}
	lower := strings.ToLower(number)
	out := []string{
		number, lower,
		groups(s6, " ", number), groups(s6, "-", number), groups(s6, ".", number),
		groups(s6, "\u3000", number), groups(s6, "\u00a0", number), groups(s6, "–", number),
		groups([]int{3, 3, 4, 4, 4}, " ", number), groups([]int{4, 4, 4, 4}, " ", number),
		wideOf(number), wideOf(groups(s6, "－", number)), wideOf(groups(s6, "\u3000", number)),
		strings.Join(strings.Split(number, ""), " "), strings.Join(strings.Split(wideOf(lower), ""), " "),
		" " + groups(s6, "-", lower) + " ", groups(s6, " - ", number),
	}
	return out
}
