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
)

func (p Precision) String() string {
	switch p {
	case Day:
		return "day"
	case Month:
		return "month"
	case Year:
		return "year"
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
	return fmt.Sprintf("invalid date %q: %s (want YYYY, YYYY-MM or YYYY-MM-DD)", e.Input, e.Msg)
}

// ParseDate parses a date written as YYYY, YYYY-MM or YYYY-MM-DD (also with
// "/" or "." separators, or as YYYYMMDD). A year alone means 31 December of
// that year and a month alone means its last day, the convention of the
// upstream yearly lists ("2020" is the state at the end of 2020). The
// returned Precision says which form was given. The word "today" (or
// "latest", "now") is today's date in China.
func ParseDate(s string) (Date, Precision, error) {
	in := s
	s = strings.TrimSpace(s)
	switch strings.ToLower(s) {
	case "today", "now", "latest":
		return Today(), Day, nil
	case "":
		return 0, Day, &DateError{in, "empty"}
	}
	s = strings.NewReplacer("/", "-", ".", "-").Replace(s)
	var parts []string
	if len(s) == 8 && !strings.Contains(s, "-") {
		parts = []string{s[:4], s[4:6], s[6:]}
	} else {
		parts = strings.Split(s, "-")
	}
	if len(parts) > 3 {
		return 0, Day, &DateError{in, "too many parts"}
	}
	nums := make([]int, len(parts))
	for i, p := range parts {
		if p == "" || len(p) > 4 {
			return 0, Day, &DateError{in, "malformed number"}
		}
		n, err := strconv.Atoi(p)
		if err != nil || n < 0 || p[0] == '+' || p[0] == '-' {
			return 0, Day, &DateError{in, fmt.Sprintf("%q is not a number", p)}
		}
		nums[i] = n
	}
	y := nums[0]
	if len(parts[0]) != 4 || y < MinYear || y > MaxYear {
		return 0, Day, &DateError{in, fmt.Sprintf("year must have four digits between %d and %d", MinYear, MaxYear)}
	}
	if len(nums) == 1 {
		return EndOfYear(y), Year, nil
	}
	m := nums[1]
	if m < 1 || m > 12 {
		return 0, Day, &DateError{in, fmt.Sprintf("month %d is not between 1 and 12", m)}
	}
	last := daysIn(y, m)
	if len(nums) == 2 {
		return NewDate(y, m, last), Month, nil
	}
	d := nums[2]
	if d < 1 || d > last {
		return 0, Day, &DateError{in, fmt.Sprintf("day %d is not between 1 and %d for %04d-%02d", d, last, y, m)}
	}
	return NewDate(y, m, d), Day, nil
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
