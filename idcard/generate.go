package idcard

import (
	"fmt"

	"github.com/quhua/quhua"
)

// MaxGenerate is the most numbers Generate writes for one region, birth
// date and sex: the sequence digits (001–999) odd for men, even for women.
const MaxGenerate = 499

// Generate returns count synthetic 18-digit numbers for test fixtures:
// region code, birth date, a sequence number whose parity gives the sex
// ('F' or 'M'), and the check character. Each passes ParseAt with issued.
// The region must be a division in force on the birth date, or on issued
// if that is given (a number is read as of its date of issue), or one of
// the residence permits' codes 810000, 820000 and 830000.
//
// The numbers are synthetic: they follow the rules, but any of them may
// be a real person's number. Use them as fixtures, never as identities.
func Generate(reg *quhua.Registry, code quhua.Code, birth quhua.Date, sex byte, issued quhua.Date, count int) ([]string, error) {
	if !birth.Valid() || birth > quhua.Today() {
		return nil, fmt.Errorf("birth date %s: %w: want a date not in the future", birth, ErrBirth)
	}
	if birth.Year() < 1850 {
		return nil, fmt.Errorf("birth date %s: %w: the year is before 1850", birth, ErrBirth)
	}
	start := 0
	switch sex {
	case 'M', 'm':
		start = 1
	case 'F', 'f':
		start = 2
	default:
		return nil, fmt.Errorf("sex %q: want F or M", sex)
	}
	if count < 1 || count > MaxGenerate {
		return nil, fmt.Errorf("count %d: want 1 to %d", count, MaxGenerate)
	}
	at := birth
	if issued != 0 {
		at = issued
	}
	if _, permit := permits[code]; !permit {
		d, ok := reg.At(at).Lookup(code)
		if !ok || d.Record.Code != code {
			return nil, fmt.Errorf("region %s: %w: not a division in force on %s", code, ErrRegion, at)
		}
	}
	out := make([]string, 0, count)
	prefix := fmt.Sprintf("%06d%04d%02d%02d", int(code), birth.Year(), birth.Month(), birth.Day())
	for seq := start; seq <= 999 && len(out) < count; seq += 2 {
		s := fmt.Sprintf("%s%03d", prefix, seq)
		c, err := CheckChar(s)
		if err != nil {
			return nil, err
		}
		n := s + string(c)
		if _, err := ParseAt(n, reg, issued); err != nil {
			return nil, fmt.Errorf("region %s, born %s: the number does not pass: %w", code, birth, err)
		}
		out = append(out, n)
	}
	return out, nil
}
