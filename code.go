package quhua

import (
	"fmt"
)

// Code is a 6-digit GB/T 2260 division code, held as a number (220381).
type Code uint32

// CodeError reports a string that is not a 6-digit division code.
type CodeError struct {
	Input string
	Msg   string
}

func (e *CodeError) Error() string {
	return fmt.Sprintf("invalid code %q: %s", e.Input, e.Msg)
}

// ParseCode parses a 6-digit code. It rejects anything that is not exactly
// six ASCII digits.
func ParseCode(s string) (Code, error) {
	if len(s) != 6 {
		return 0, &CodeError{s, fmt.Sprintf("a division code has 6 digits, this has %d characters", len([]rune(s)))}
	}
	var n uint32
	for i := 0; i < 6; i++ {
		c := s[i]
		if c < '0' || c > '9' {
			return 0, &CodeError{s, "a division code has only digits"}
		}
		n = n*10 + uint32(c-'0')
	}
	return Code(n), nil
}

// String returns the code as six digits.
func (c Code) String() string {
	var b [6]byte
	n := uint32(c)
	for i := 5; i >= 0; i-- {
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[:])
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
func (c Code) Province() int { return int(c) / 10000 }

// ProvinceCode returns the code of the province the code's pattern points to (220000).
func (c Code) ProvinceCode() Code { return c / 10000 * 10000 }

// PrefectureCode returns the code of the prefecture the code's pattern points to (220300).
func (c Code) PrefectureCode() Code { return c / 100 * 100 }

// Suffix returns the last two digits (81 for 220381).
func (c Code) Suffix() int { return int(c) % 100 }

// Middle returns the middle two digits (03 for 220381).
func (c Code) Middle() int { return int(c) / 100 % 100 }

// Level returns the level implied by the code's pattern.
func (c Code) Level() Level { return LevelOf(c) }

// ProvinceGoverned reports whether the code has the XX90XX pattern of
// county-level units governed directly by the province.
func (c Code) ProvinceGoverned() bool { return c.Middle() == 90 && c.Suffix() != 0 }
