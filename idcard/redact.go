package idcard

import "strings"

// MinRedactDigits is the shortest run of digits Redact hides: the length
// of the old ID numbers. Longer runs (18-digit numbers, and anything
// longer that may contain one) are hidden too.
const MinRedactDigits = 15

// Redact returns s with every ID number in it masked as Mask masks one:
// the first six characters (the region code) and the last four stay,
// every digit between becomes '*'. It finds numbers in every form Parse
// accepts (see Normalize):
//
//   - a run of MinRedactDigits or more digits, ASCII or full-width, with
//     or without a final X;
//   - 15 or 18 characters in groups split by one kind of separator
//     (220381-19900307-4512, 220381 19900307 4512, 220381.19900307.4512,
//     220381 - 19900307 - 4512), or one character per separator
//     (2 2 0 3 8 1 …), where a separator is one to three spaces of any
//     kind (U+3000 too), hyphens and dashes, or full stops;
//   - any of these percent-encoded, as in a URL (%32, %EF%BC%92, %20, +).
//
// Separators stay as they were; each hidden character becomes one '*'.
// Groups of other sizes (dates and times such as 2019-06-05 2020-01-01),
// and groups whose digits 7–14 cannot be a birth date (codes such as
// 220381 220184 220100), are left alone unless one group alone is a long
// run. Text without a
// number is returned as it is, without allocating.
//
// Use it on everything that quotes input and leaves the program: logs,
// error messages, echoed queries.
func Redact(s string) string {
	var b strings.Builder
	last := 0 // s[:last] is written to b
	for i := 0; i < len(s); {
		// Only a digit, a percent sign or the first byte of a full-width
		// digit (U+FF10–U+FF19: EF BC 90–99) starts a number.
		if c := s[i]; (c < '0' || c > '9') && c != '%' && c != 0xEF {
			i++
			continue
		}
		// The common case: a short run of ASCII digits that nothing
		// continues (a code, a year, a count).
		j := i
		for j < len(s) && s[j] >= '0' && s[j] <= '9' {
			j++
		}
		if j-i >= 1 && j-i < MinRedactDigits && (j == len(s) || !mayContinue(s[j])) {
			i = j
			continue
		}
		k, w, _ := token(s, i, true)
		if k != tokDigit {
			i += max(w, 1)
			continue
		}
		end, count, plain, cand := runExtent(s, i)
		if count < MinRedactDigits || !plain && !cand {
			i = end
			continue
		}
		if plain {
			// One group: hide characters 7 to count-4 as they come.
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			for k, j := 0, i; j < end; k++ {
				_, w, _ := token(s, j, true)
				if k >= 6 && k < count-4 {
					b.WriteByte('*')
				} else {
					b.WriteString(s[j : j+w])
				}
				j += w
			}
			last, i = end, end
			continue
		}
		for _, c := range maskedChars(s, i, end) {
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:c.pos])
			b.WriteByte('*')
			last = c.pos + c.w
		}
		i = end
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// mayContinue reports whether a run of digits may go on at the byte c: a
// separator, X, an escape, or the first byte of a full-width digit or of a
// wide separator (U+00A0, U+2010–U+2015, U+3000, U+FF0D, U+FF0E).
func mayContinue(c byte) bool {
	switch c {
	case ' ', '\t', '-', '.', '+', '%', '\\', 'X', 'x', 0xC2, 0xE2, 0xE3, 0xEF:
		return true
	}
	return false
}

// runExtent measures the run of digits at s[i:]: digits, groups of digits
// split by single separators, and a final X. It returns where the run ends
// how many digits (and X) it holds, whether it has no separators, and
// whether some consecutive groups of it hold 15 or 18 characters or one
// group at least MinRedactDigits (a candidate for maskedChars).
func runExtent(s string, i int) (end, count int, plain, cand bool) {
	var sizes [smallRun]int
	ng, size := 0, 0
	j := i
	plain = true
	for j < len(s) {
		k, w, _ := token(s, j, true)
		switch k {
		case tokDigit:
			count++
			size++
			j += w
			continue
		case tokX:
			count++
			size++
			j += w
		case tokSpace, tokDash, tokDot:
			if n := sepEnd(s, j); n > j && n < len(s) {
				if k2, _, _ := token(s, n, true); k2 == tokDigit || k2 == tokX {
					if ng < smallRun {
						sizes[ng] = size
					}
					ng, size = ng+1, 0
					j, plain = n, false
					continue
				}
			}
		}
		break
	}
	if ng < smallRun {
		sizes[ng] = size
	}
	ng++
	if ng > smallRun {
		return j, count, plain, true
	}
	for a := 0; a < ng && !cand; a++ {
		sum := 0
		for b := a; b < ng && sum < 18; b++ {
			sum += sizes[b]
			cand = cand || sum == 15 || sum == 18 || sizes[b] >= MinRedactDigits
		}
	}
	return j, count, plain, cand
}

// maxSeps is the most separators Redact reads between two groups of
// digits (220381 - 19900307).
const maxSeps = 3

// sepEnd returns where the separators at s[j:] end (at most maxSeps), and
// their kind: one digit per separator.
func sepEnd(s string, j int) int {
	for n := 0; n < maxSeps && j < len(s); n++ {
		k, w, _ := token(s, j, true)
		if k != tokSpace && k != tokDash && k != tokDot {
			break
		}
		j += w
	}
	return j
}

// char is one digit or X of a run.
type char struct {
	pos, w int
	c      byte // the ASCII form
}

// maskedChars returns the characters of the run s[i:end] that Redact
// hides. Runs of up to smallRun characters are read into arrays on the
// stack, so that a run that hides nothing (dates, times) costs no
// allocation.
func maskedChars(s string, i, end int) []char {
	var charBuf [smallRun]char
	var groupBuf [smallRun][2]int
	var sepBuf [smallRun]int
	chars, groups, seps := charBuf[:0], groupBuf[:0], sepBuf[:0]
	start := 0
	for j := i; j < end; {
		k, w, a := token(s, j, true)
		if k == tokDigit || k == tokX {
			chars = append(chars, char{j, w, a})
			j += w
			continue
		}
		// A group of separators; its kind is the sequence of kinds.
		kind := 0
		for n := sepEnd(s, j); j < n; j += w {
			k, w, _ = token(s, j, true)
			kind = kind*8 + k
		}
		groups = append(groups, [2]int{start, len(chars)})
		seps = append(seps, kind)
		start = len(chars)
	}
	groups = append(groups, [2]int{start, len(chars)})

	var out []char
	hide := func(cs []char) {
		if len(cs) > 10 {
			out = append(out, cs[6:len(cs)-4]...)
		}
	}
	for a := 0; a < len(groups); {
		best := -1
		for b := a; b < len(groups); b++ {
			n := groups[b][1] - groups[a][0]
			if n > 18 || !consistent(groups[a:b+1], seps[a:b]) {
				break
			}
			if (n == 15 || n == 18) && plausible(chars[groups[a][0]:groups[b][1]]) {
				best = b
			}
		}
		if best >= 0 {
			hide(chars[groups[a][0]:groups[best][1]])
			a = best + 1
			continue
		}
		if g := groups[a]; g[1]-g[0] >= MinRedactDigits {
			hide(chars[g[0]:g[1]])
		}
		a++
	}
	return out
}

// smallRun is the size of maskedChars' arrays on the stack.
const smallRun = 64

// plausible reports whether the 15 or 18 characters cs read as an ID
// number: digits, but for a final X, and a birth date with a month and a
// day in range (a year 18xx–20xx for 18 characters). Groups of codes or
// dates split by spaces (220381 220184 220100) are not.
func plausible(cs []char) bool {
	for i, c := range cs {
		if c.c == 'X' && i != len(cs)-1 {
			return false
		}
	}
	d := func(i int) int { return int(cs[i].c-'0')*10 + int(cs[i+1].c-'0') }
	at := 8 // YYMMDD from the seventh character
	if len(cs) == 18 {
		if y := d(6); y < 18 || y > 20 {
			return false
		}
		at = 10 // YYYYMMDD
	}
	m, day := d(at), d(at+2)
	return m >= 1 && m <= 12 && day >= 1 && day <= 31
}

// consistent reports whether groups split by seps read as one number: one
// kind of separator, or one character per group.
func consistent(groups [][2]int, seps []int) bool {
	single := true
	for _, g := range groups {
		if g[1]-g[0] != 1 {
			single = false
			break
		}
	}
	if single {
		return true
	}
	for _, k := range seps {
		if k != seps[0] {
			return false
		}
	}
	return true
}

// Shows reports whether text shows more of number than its mask does: its
// birth date, or six or more of its digits in a row other than the region
// code (the first six, which the mask keeps). It reads text as it is,
// percent-decoded, and normalised as Normalize does (separators dropped,
// full-width digits read as ASCII), and returns the part it found. Tests
// of what a program writes out use it.
func Shows(text, number string) (string, bool) {
	n := Normalize(number)
	if len(n) != 15 && len(n) != 18 {
		return "", false
	}
	birth := n[6:14]
	if len(n) == 15 {
		birth = n[6:12]
	}
	dec := percentDecode(text)
	for _, t := range []string{text, dec, Normalize(text), Normalize(dec)} {
		if strings.Contains(t, birth) {
			return birth, true
		}
		for i := 1; i+6 <= len(n); i++ {
			if w := n[i : i+6]; strings.Contains(t, w) {
				return w, true
			}
		}
	}
	return "", false
}

// percentDecode decodes every valid %HH escape of s, leaving the rest.
func percentDecode(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		if c, w := unescape(s, i); w > 0 {
			b.WriteByte(c)
			i += w - 1
			continue
		}
		b.WriteByte(s[i])
	}
	return b.String()
}
