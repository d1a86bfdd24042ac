package quhua

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// Date is a calendar day, stored as the number YYYYMMDD. The zero Date means
// "no date": an open end of a validity interval, or an unknown start.
//
// Dates order as integers, so d1 < d2 compares days.
type Date int32

// Precision says how much of a Date is known.
type Precision uint8

const (
	// Day: the day is known (a document gives it).
	Day Precision = iota
	// Month: only year and month are known.
	Month
	// Year: only the year is known; the Date is 31 December of that year,
	// following the upstream lists' convention that a year means its end.
	Year
	// Interval: only an interval is known: the change happened after the
	// event's After date and by its Date (two editions of the township
	// lists show it). Event.When formats both ends.
	Interval
)

func (p Precision) String() string {
	switch p {
	case Day:
		return "day"
	case Month:
		return "month"
	case Year:
		return "year"
	case Interval:
		return "interval"
	}
	return "Precision(" + strconv.Itoa(int(p)) + ")"
}

// NewDate returns the Date for a year, month and day. It does not validate;
// use ParseDate for input from people.
func NewDate(year, month, day int) Date {
	return Date(year*10000 + month*100 + day)
}

// Year returns the year of d.
func (d Date) Year() int { return int(d) / 10000 }

// Month returns the month of d (1–12).
func (d Date) Month() int { return int(d) / 100 % 100 }

// Day returns the day of the month of d.
func (d Date) Day() int { return int(d) % 100 }

// IsZero reports whether d is the zero Date.
func (d Date) IsZero() bool { return d == 0 }

// String formats d as 2006-01-02, or "" for the zero Date.
func (d Date) String() string {
	if d == 0 {
		return ""
	}
	return fmt.Sprintf("%04d-%02d-%02d", d.Year(), d.Month(), d.Day())
}

// Format formats d to the given precision: 2020, 2020-06 or 2020-06-05.
func (d Date) Format(p Precision) string {
	switch {
	case d == 0:
		return ""
	case p == Year:
		return fmt.Sprintf("%04d", d.Year())
	case p == Month:
		return fmt.Sprintf("%04d-%02d", d.Year(), d.Month())
	}
	return d.String()
}

// Time returns d as a time.Time at midnight UTC.
func (d Date) Time() time.Time {
	return time.Date(d.Year(), time.Month(d.Month()), d.Day(), 0, 0, 0, 0, time.UTC)
}

// DateOf returns the Date of t in t's location.
func DateOf(t time.Time) Date {
	y, m, dd := t.Date()
	return NewDate(y, int(m), dd)
}

// Today returns the current date in China Standard Time (UTC+8).
func Today() Date {
	return DateOf(time.Now().In(time.FixedZone("CST", 8*3600)))
}

// EndOfYear returns 31 December of year y.
func EndOfYear(y int) Date { return NewDate(y, 12, 31) }

// AddDays returns d moved by n days.
func (d Date) AddDays(n int) Date { return DateOf(d.Time().AddDate(0, 0, n)) }

// MinYear and MaxYear bound the years ParseDate accepts.
const (
	MinYear = 1949
	MaxYear = 9999
)

// DateError reports a date that cannot be parsed.
type DateError struct {
	Input string
	Msg   string
}

func (e *DateError) Error() string {
	return fmt.Sprintf("invalid date %q: %s (write YYYY, YYYY-MM or YYYY-MM-DD)", e.Input, e.Msg)
}

// ParseDate parses a date written as YYYY, YYYY-MM or YYYY-MM-DD, the one
// grammar of dates in quhua (library, command line, API and change files):
// a four-digit year, then optionally a two-digit month and a two-digit day,
// separated by "-"; no spaces, signs, other separators or 8-digit forms.
// A year alone means 31 December of that year and a month alone means its
// last day, the convention of the upstream yearly lists ("2020" is the
// state at the end of 2020). The returned Precision says which form was
// given. Errors are *DateError, saying what is wrong with the input.
func ParseDate(s string) (Date, Precision, error) {
	if y, ok := year4(s); ok && len(s) == 4 {
		// A year alone, the commonest form.
		if y < MinYear || y > MaxYear {
			return 0, Day, &DateError{s, fmt.Sprintf("the year must be between %d and %d", MinYear, MaxYear)}
		}
		return EndOfYear(y), Year, nil
	}
	if msg := dateSyntax(s); msg != "" {
		return 0, Day, &DateError{s, msg}
	}
	y, _ := year4(s)
	if y < MinYear || y > MaxYear {
		return 0, Day, &DateError{s, fmt.Sprintf("the year must be between %d and %d", MinYear, MaxYear)}
	}
	m := int(s[5]-'0')*10 + int(s[6]-'0')
	if m < 1 || m > 12 {
		return 0, Day, &DateError{s, fmt.Sprintf("month %d is not between 1 and 12", m)}
	}
	last := daysIn(y, m)
	if len(s) == 7 {
		return NewDate(y, m, last), Month, nil
	}
	d := int(s[8]-'0')*10 + int(s[9]-'0')
	if d < 1 || d > last {
		return 0, Day, &DateError{s, fmt.Sprintf("day %d is not between 1 and %d for %04d-%02d", d, last, y, m)}
	}
	return NewDate(y, m, d), Day, nil
}

// year4 reads the four digits that start s.
func year4(s string) (int, bool) {
	if len(s) < 4 {
		return 0, false
	}
	y := 0
	for i := 0; i < 4; i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
		y = y*10 + int(s[i]-'0')
	}
	return y, true
}

// dateSyntax checks s against YYYY-MM or YYYY-MM-DD and says what is
// wrong, or "".
func dateSyntax(s string) string {
	switch {
	case s == "":
		return "empty"
	case strings.TrimSpace(s) != s || strings.ContainsAny(s, " \t\n"):
		return "spaces are not allowed"
	case s[0] == '+' || s[0] == '-':
		return "a date has no sign"
	case strings.ContainsAny(s, "/.年月日"):
		return `separate year, month and day with "-", e.g. 2020-06-05`
	case len(s) == 8 && isDigits(s):
		return fmt.Sprintf("write %s as %s-%s-%s", s, s[:4], s[4:6], s[6:])
	}
	parts := strings.Split(s, "-")
	if len(parts) > 3 {
		return "too many parts"
	}
	for _, p := range parts {
		if p == "" {
			return "malformed: an empty part"
		}
		if !isDigits(p) {
			return fmt.Sprintf("%q is not a number", p)
		}
	}
	if len(parts[0]) != 4 {
		return "the year must have four digits"
	}
	if len(parts) == 1 {
		return "" // unreachable: four digits are handled by the caller
	}
	for _, p := range parts[1:] {
		if len(p) != 2 {
			return fmt.Sprintf("month and day have two digits each, e.g. %s-06-05", parts[0])
		}
	}
	return ""
}

func isDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// MustParseDate is like ParseDate but panics on error; for constants in
// programs and tests.
func MustParseDate(s string) Date {
	d, _, err := ParseDate(s)
	if err != nil {
		panic(err)
	}
	return d
}

func daysIn(y, m int) int {
	return time.Date(y, time.Month(m)+1, 0, 0, 0, 0, 0, time.UTC).Day()
}

// Valid reports whether d is a real calendar day.
func (d Date) Valid() bool {
	y, m, dd := d.Year(), d.Month(), d.Day()
	return y >= 1 && m >= 1 && m <= 12 && dd >= 1 && dd <= daysIn(y, m)
}
