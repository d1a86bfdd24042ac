package quhua

import (
	"fmt"
)

// Code is a 6-digit GB/T 2260 division code, held as a number (220381),
// or a 9-digit township code (220184103: county 220184, township 103),
// the statistics bureau's extension of the same scheme.
type Code uint32

// minTownship is the smallest 9-digit code.
const minTownship = 100000000

// Township reports whether c is a 9-digit township-level code.
func (c Code) Township() bool { return c >= minTownship }

// CountyCode returns the county a township code lies under (220184 for
// 220184103); a 6-digit code is returned unchanged.
func (c Code) CountyCode() Code {
	if c.Township() {
		return c / 1000
	}
	return c
}

// CodeError reports a string that is not a 6- or 9-digit division code.
type CodeError struct {
	Input string
	Msg   string
}

func (e *CodeError) Error() string {
	return fmt.Sprintf("invalid code %q: %s", e.Input, e.Msg)
}

// ParseCode parses a 6-digit code, or a 9-digit township code. It rejects
// anything that is not exactly six or nine ASCII digits.
func ParseCode(s string) (Code, error) {
	if len(s) != 6 && len(s) != 9 {
		return 0, &CodeError{s, fmt.Sprintf("a division code has 6 digits (9 for a township), this has %d characters", len([]rune(s)))}
	}
	var n uint32
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, &CodeError{s, "a division code has only digits"}
		}
		n = n*10 + uint32(c-'0')
	}
	if len(s) == 9 && n < minTownship {
		return 0, &CodeError{s, "a 9-digit township code starts with a province code, not 0"}
	}
	return Code(n), nil
}

// String returns the code as six digits, or nine for a township code.
func (c Code) String() string {
	var b [9]byte
	w := 6
	if c.Township() {
		w = 9
	}
	n := uint32(c)
	for i := w - 1; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[:w])
}

// MarshalText implements encoding.TextMarshaler.
func (c Code) MarshalText() ([]byte, error) { return []byte(c.String()), nil }

// UnmarshalText implements encoding.TextUnmarshaler.
func (c *Code) UnmarshalText(b []byte) error {
	v, err := ParseCode(string(b))
	if err != nil {
		return err
	}
	*c = v
	return nil
}

// Province returns the first two digits (22 for 220381).
func (c Code) Province() int { return int(c.CountyCode()) / 10000 }

// ProvinceCode returns the code of the province the code's pattern points to (220000).
func (c Code) ProvinceCode() Code { return c.CountyCode() / 10000 * 10000 }

// PrefectureCode returns the code of the prefecture the code's pattern points to (220300).
func (c Code) PrefectureCode() Code { return c.CountyCode() / 100 * 100 }

// Suffix returns the last two digits of the county code (81 for 220381
// and for 220381103).
func (c Code) Suffix() int { return int(c.CountyCode()) % 100 }

// Middle returns the middle two digits (03 for 220381).
func (c Code) Middle() int { return int(c.CountyCode()) / 100 % 100 }

// Level returns the level implied by the code's pattern.
func (c Code) Level() Level { return LevelOf(c) }

// ProvinceGoverned reports whether the code has the XX90XX pattern of
// county-level units governed directly by the province.
func (c Code) ProvinceGoverned() bool { return c.Middle() == 90 && c.Suffix() != 0 }
