package idcard

import "strings"

// MinRedactDigits is the shortest run of digits Redact hides: the length
// of the old ID numbers. Longer runs (18-digit numbers, and anything
// longer that may contain one) are hidden too.
const MinRedactDigits = 15

// Redact returns s with every run of MinRedactDigits or more digits masked
// as Mask masks a number: the first six and the last four stay, every
// character between becomes '*'. A run may end in X (the check character
// of an 18-digit number), and digits may be percent-encoded (%32), as in
// a URL, in which case each encoded digit is one character of the run.
// Text without such a run is returned as it is, without allocating.
//
// Use it on everything that quotes input and leaves the program: logs,
// error messages, echoed queries.
func Redact(s string) string {
	var b strings.Builder
	last := 0 // s[:last] is written to b
	for i := 0; i < len(s); {
		n, count := digitRun(s, i)
		if n == 0 {
			i++
			continue
		}
		if count >= MinRedactDigits {
			if b.Len() == 0 {
				b.Grow(len(s))
			}
			b.WriteString(s[last:i])
			for k, j := 0, i; j < i+n; k++ {
				w := max(digitAt(s, j), xAt(s, j))
				if k < 6 || k >= count-4 {
					b.WriteString(s[j : j+w])
				} else {
					b.WriteByte('*')
				}
				j += w
			}
			last = i + n
		}
		i += n
	}
	if last == 0 {
		return s
	}
	b.WriteString(s[last:])
	return b.String()
}

// digitRun measures the run of digits (plain or percent-encoded) at s[i:],
// with an X after it: its length in bytes and in characters.
func digitRun(s string, i int) (n, count int) {
	j := i
	for j < len(s) {
		w := digitAt(s, j)
		if w == 0 {
			break
		}
		count++
		j += w
	}
	if count == 0 {
		return 0, 0
	}
	if w := xAt(s, j); w > 0 {
		count++
		j += w
	}
	return j - i, count
}

// digitAt is the width of the digit at s[i] (1, or 3 for %3N), or 0.
func digitAt(s string, i int) int {
	switch {
	case s[i] >= '0' && s[i] <= '9':
		return 1
	case s[i] == '%' && i+2 < len(s) && s[i+1] == '3' && s[i+2] >= '0' && s[i+2] <= '9':
		return 3
	}
	return 0
}

// xAt is the width of an X or x at s[i] (1, or 3 for %58 and %78), or 0.
func xAt(s string, i int) int {
	switch {
	case i >= len(s):
		return 0
	case s[i] == 'X' || s[i] == 'x':
		return 1
	case s[i] == '%' && i+2 < len(s) && (s[i+1:i+3] == "58" || s[i+1:i+3] == "78"):
		return 3
	}
	return 0
}
