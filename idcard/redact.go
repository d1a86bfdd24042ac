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
//     (220381-19900307-4512, 220381 19900307 4512, 220381.19900307.4512),
//     or one character per separator (2 2 0 3 8 1 …), where the
//     separators are spaces of any kind (U+3000 too), hyphens and dashes,
//     or full stops;
//   - any of these percent-encoded, as in a URL (%32, %EF%BC%92, %20, +).
//
// Separators stay as they were; each hidden character becomes one '*'.
// Groups of other sizes (dates and times such as 2019-06-05 2020-01-01)
// are left alone unless one group alone is a long run. Text without a
// number is returned as it is, without allocating.
//
// Use it on everything that quotes input and leaves the program: logs,
// error messages, echoed queries.
func Redact(s string) string {
	var b strings.Builder
	last := 0 // s[:last] is written to b
	for i := 0; i < len(s); {
		k, w, _ := token(s, i, true)
		if k != tokDigit {
			i += max(w, 1)
			continue
		}
		end, count := runExtent(s, i)
		if count < MinRedactDigits {
			i = end
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

// runExtent measures the run of digits at s[i:]: digits, groups of digits
// split by single separators, and a final X. It returns where the run ends
// and how many digits (and X) it holds.
func runExtent(s string, i int) (end, count int) {
	j := i
	for j < len(s) {
		k, w, _ := token(s, j, true)
		switch k {
		case tokDigit:
			count++
			j += w
			continue
		case tokX:
			return j + w, count + 1
		case tokSpace, tokDash, tokDot:
			if j+w < len(s) {
				if k2, _, _ := token(s, j+w, true); k2 == tokDigit || k2 == tokX {
					j += w
					continue
				}
			}
		}
		break
	}
	return j, count
}

// char is one digit or X of a run.
type char struct{ pos, w int }

// maskedChars returns the characters of the run s[i:end] that Redact
// hides.
func maskedChars(s string, i, end int) []char {
	var chars []char
	var groups [][2]int // [start, end) into chars
	var seps []int      // the separator kind before groups[1:]
	start := 0
	for j := i; j < end; {
		k, w, _ := token(s, j, true)
		if k == tokDigit || k == tokX {
			chars = append(chars, char{j, w})
		} else {
			groups = append(groups, [2]int{start, len(chars)})
			seps = append(seps, k)
			start = len(chars)
		}
		j += w
	}
	groups = append(groups, [2]int{start, len(chars)})

	var out []char
	hide := func(cs []char) {
		if len(cs) > 10 {
			out = append(out, cs[6:len(cs)-4]...)
		}
	}
	if len(groups) == 1 {
		hide(chars)
		return out
	}
	for a := 0; a < len(groups); {
		best := -1
		for b := a; b < len(groups); b++ {
			n := groups[b][1] - groups[a][0]
			if n > 18 || !consistent(groups[a:b+1], seps[a:b]) {
				break
			}
			if n == 15 || n == 18 {
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
