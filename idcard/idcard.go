// Package idcard decodes PRC resident identity card numbers (公民身份号码,
// GB 11643): the check character (ISO 7064 MOD 11-2), the birth date, the
// sex and the region code, which it reads at the date the number was issued
// — not known from the number, but no earlier than the birth date — and
// carries to today.
//
//	info, err := idcard.Parse(number, quhua.Default())
//	// info.Then: the division the code stood for; info.Now: what it is today
//
// Old 15-digit numbers are converted to 18 digits. Codes that circulate
// without being divisions decode too: the raw 1990–1994 lists' XX90XX
// variants, the placeholders XXXX01 (市辖区) and XX0100/XX0200 of the
// municipalities, bare prefecture codes and statistical-only codes.
//
// ID numbers are personal data. Errors name the problem and show the
// number masked (220381********1234), never in full; Info.Number holds the
// full number for the caller, and Info.Masked a form fit for logs.
package idcard

import (
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/quhua/quhua"
)

// Errors wrapped by the errors Parse returns; test with errors.Is.
var (
	ErrFormat = errors.New("not an ID number")      // length or characters
	ErrCheck  = errors.New("wrong check character") // ISO 7064 MOD 11-2
	ErrBirth  = errors.New("impossible birth date") // not a date, or in the future
	ErrRegion = errors.New("unknown region code")   // not a code of any date
)

// Error is an error about one ID number. It shows the number masked.
type Error struct {
	Masked string // the number with its middle hidden
	Field  string // "length", "characters", "check", "birth", "region"
	Reason string
	kind   error
}

// Error formats the error with the masked number.
func (e *Error) Error() string {
	return fmt.Sprintf("ID number %s: %s: %s", e.Masked, e.Field, e.Reason)
}

// Unwrap returns the kind of error (ErrFormat, ErrCheck, ErrBirth,
// ErrRegion).
func (e *Error) Unwrap() error { return e.kind }

// Region is a division as seen on a date.
type Region struct {
	Code     quhua.Code `json:"code"`
	Name     string     `json:"name"`
	Kind     quhua.Kind `json:"kind"`
	FullName string     `json:"fullName"`
	// Valid is the record's validity interval.
	Valid string `json:"valid"`
}

// Current is a division of today covering the region, with how it relates
// to the region then (exact, renamed, recoded, merged, split, partial).
type Current struct {
	Region
	Status quhua.Status `json:"status"`
}

// Info is what an ID number says.
type Info struct {
	// Number is the full 18-digit number (converted from 15 digits if
	// need be). Mind where you write it.
	Number string `json:"number,omitempty"`
	// Masked is the number with its middle hidden, for logs.
	Masked string `json:"masked"`
	// Converted is true for a 15-digit number converted to 18 digits.
	Converted bool       `json:"converted,omitempty"`
	Birth     quhua.Date `json:"-"`
	// Sex is "male" or "female".
	Sex string `json:"sex"`
	// Code is the region code as written in the number.
	Code quhua.Code `json:"code"`
	// Class says what the code is (a division, a raw 1990–1994 variant, a
	// placeholder, a statistical code).
	Class quhua.CodeClass `json:"class"`
	// At is the date the code was decoded at: the birth date, or the first
	// date after it on which the code was in use.
	At quhua.Date `json:"-"`
	// Then is the division the code stood for at At.
	Then *Region `json:"then,omitempty"`
	// Now are the divisions covering it today.
	Now []Current `json:"now,omitempty"`
	// Notes explain how the code was read; Warnings flag what is unusual
	// but not wrong (a code retired shortly before the birth date).
	Notes    []string `json:"notes,omitempty"`
	Warnings []string `json:"warnings,omitempty"`
}

// MarshalJSON writes dates as YYYY-MM-DD.
func (i Info) MarshalJSON() ([]byte, error) {
	type plain Info
	return json.Marshal(struct {
		Birth string `json:"birth"`
		At    string `json:"at"`
		plain
	}{i.Birth.String(), i.At.String(), plain(i)})
}

// Mask hides the middle of a number: the region code and the last four
// characters stay visible (220381********1234). Short or odd input is
// hidden entirely.
func Mask(number string) string {
	n := len(number)
	if n < 12 || n > 24 {
		return strings.Repeat("*", min(n, 24))
	}
	for i := 0; i < n; i++ {
		if number[i] >= 0x80 {
			return strings.Repeat("*", min(n, 24))
		}
	}
	return number[:6] + strings.Repeat("*", n-10) + number[n-4:]
}

var weights = [17]int{7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2}

// CheckChar returns the ISO 7064 MOD 11-2 check character of the first 17
// digits of an 18-digit number.
func CheckChar(first17 string) (byte, error) {
	if len(first17) != 17 {
		return 0, fmt.Errorf("%w: want 17 digits, have %d characters", ErrFormat, len(first17))
	}
	sum := 0
	for i := 0; i < 17; i++ {
		c := first17[i]
		if c < '0' || c > '9' {
			return 0, fmt.Errorf("%w: character %d is not a digit", ErrFormat, i+1)
		}
		sum += int(c-'0') * weights[i]
	}
	return "10X98765432"[sum%11], nil
}

// Upgrade converts a 15-digit number (issued before 1999, birth year
// without century) to 18 digits.
func Upgrade(number15 string) (string, error) {
	if len(number15) != 15 {
		return "", &Error{Mask(number15), "length", fmt.Sprintf("%d characters, want 15", len(number15)), ErrFormat}
	}
	for i := 0; i < 15; i++ {
		if number15[i] < '0' || number15[i] > '9' {
			return "", &Error{Mask(number15), "characters", fmt.Sprintf("character %d is not a digit", i+1), ErrFormat}
		}
	}
	s := number15[:6] + "19" + number15[6:]
	c, _ := CheckChar(s)
	return s + string(c), nil
}

// normalize removes spaces and dashes and upper-cases x.
func normalize(s string) string {
	s = strings.TrimSpace(s)
	if !strings.ContainsAny(s, " -x\u3000") {
		return s
	}
	var b strings.Builder
	for _, r := range s {
		switch r {
		case ' ', '-', '\u3000':
			continue
		case 'x':
			r = 'X'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// Parse checks and decodes an ID number against the registry. The
// returned error is an *Error (wrapping ErrFormat, ErrCheck, ErrBirth or
// ErrRegion) that shows the number masked.
func Parse(number string, reg *quhua.Registry) (*Info, error) {
	return ParseAt(number, reg, 0)
}

// ParseAt is Parse for a number whose date of issue is known: the region
// code is read as of that date (if it is not before the birth date)
// instead of the birth date.
func ParseAt(number string, reg *quhua.Registry, issued quhua.Date) (*Info, error) {
	s := normalize(number)
	info := &Info{}
	switch len(s) {
	case 18:
	case 15:
		u, err := Upgrade(s)
		if err != nil {
			return nil, err
		}
		s, info.Converted = u, true
	default:
		return nil, &Error{Mask(s), "length", fmt.Sprintf("%d characters, want 18 (or 15 for the old numbers)", len(s)), ErrFormat}
	}
	m := Mask(s)
	for i := 0; i < 17; i++ {
		if s[i] < '0' || s[i] > '9' {
			return nil, &Error{m, "characters", fmt.Sprintf("character %d is not a digit", i+1), ErrFormat}
		}
	}
	want, _ := CheckChar(s[:17])
	if s[17] != want {
		if s[17] != 'X' && (s[17] < '0' || s[17] > '9') {
			return nil, &Error{m, "characters", "the check character must be a digit or X", ErrFormat}
		}
		return nil, &Error{m, "check", fmt.Sprintf("check character is %c, the first 17 digits give %c", s[17], want), ErrCheck}
	}
	info.Number, info.Masked = s, m

	y, mo, d := atoi(s[6:10]), atoi(s[10:12]), atoi(s[12:14])
	birth := quhua.NewDate(y, mo, d)
	switch {
	case mo < 1 || mo > 12:
		return nil, &Error{m, "birth", "the month (characters 11–12) is not between 01 and 12", ErrBirth}
	case !birth.Valid():
		return nil, &Error{m, "birth", "the day (characters 13–14) does not exist in that month", ErrBirth}
	case y < 1850:
		return nil, &Error{m, "birth", "the year (characters 7–10) is before 1850", ErrBirth}
	case birth > quhua.Today():
		return nil, &Error{m, "birth", "the birth date is in the future", ErrBirth}
	}
	info.Birth = birth
	info.Sex = "female"
	if (s[16]-'0')%2 == 1 {
		info.Sex = "male"
	}

	code := quhua.Code(atoi(s[:6]))
	info.Code = code
	from, label := birth, "the birth date"
	if issued > birth {
		from, label = issued, "the date of issue"
	}
	if err := decodeRegion(info, reg, m, from, label); err != nil {
		return nil, err
	}
	return info, nil
}

func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// lateYears is how long before the birth date a code may have been retired
// and still be read with a warning: births were often registered late.
const lateYears = 5

// decodeRegion reads the code at the birth date (or the date of issue,
// passed as birth when known) or, failing that, at the first date after it
// when the code was in use; a code retired shortly before is read at its
// last day with a warning.
func decodeRegion(info *Info, reg *quhua.Registry, masked string, birth quhua.Date, label string) error {
	code := info.Code
	ci, at, ok := identify(reg, code, birth)
	if !ok {
		if len(ci.Records) == 0 {
			return &Error{masked, "region", fmt.Sprintf("%s is not a division code of any date, nor a known placeholder", code), ErrRegion}
		}
		last := ci.Records[len(ci.Records)-1]
		if last.To == 0 || last.To > birth {
			return &Error{masked, "region", fmt.Sprintf("%s was not in use on or after %s", code, label), ErrRegion}
		}
		lastDay := last.To.AddDays(-1)
		if last.To.AddDays(365*lateYears) < birth {
			return &Error{masked, "region", fmt.Sprintf("%s %s was retired on %s, more than %d years before %s", code, last.Name, last.To, lateYears, label), ErrRegion}
		}
		info.Warnings = append(info.Warnings, fmt.Sprintf("%s %s was retired on %s, before %s: issued under the old code (a late registration)", code, last.Name, last.To, label))
		ci, at = reg.Identify(code, lastDay), lastDay
	}
	info.Class, info.At = ci.Class, at
	if ci.Note != "" && ci.Class != quhua.ClassNotInForce {
		info.Notes = append(info.Notes, ci.Note)
	}
	if at != birth {
		if at > birth {
			info.Notes = append(info.Notes, fmt.Sprintf("%s was first in use on %s, after %s: decoded as of that date", code, at, label))
		}
	}
	r := ci.Record
	if r == nil {
		return &Error{masked, "region", fmt.Sprintf("%s: %s", code, ci.Note), ErrRegion}
	}
	info.Then = region(reg, r, at)
	today := quhua.Today()
	if r.InForce(today) {
		info.Now = []Current{{Region: *region(reg, r, today), Status: quhua.Exact}}
		return nil
	}
	t := reg.TranslateRecord(r, at, today)
	for _, tg := range t.Targets {
		info.Now = append(info.Now, Current{Region: *region(reg, tg.Record, today), Status: tg.Status(r)})
	}
	if len(t.Main()) == 0 {
		info.Notes = append(info.Notes, fmt.Sprintf("%s %s was abolished with no successor", r.Code, r.Name))
	}
	return nil
}

// identify finds the first date from birth on when the code is a division
// or a known kind of non-division code.
func identify(reg *quhua.Registry, code quhua.Code, birth quhua.Date) (quhua.CodeInfo, quhua.Date, bool) {
	ci := reg.Identify(code, birth)
	if usable(ci.Class) {
		return ci, birth, true
	}
	if ci.Class == quhua.ClassNotInForce {
		for _, r := range ci.Records {
			if r.From > birth {
				return reg.Identify(code, r.From), r.From, true
			}
		}
	}
	// A raw XX90XX variant issued in 1990–1994 to someone born earlier.
	if code.ProvinceGoverned() && birth.Year() < 1990 {
		for y := 1990; y <= 1994; y++ {
			if c := reg.Identify(code, quhua.EndOfYear(y)); c.Class == quhua.ClassRawVariant {
				return c, quhua.EndOfYear(y), true
			}
		}
	}
	return ci, birth, false
}

func usable(c quhua.CodeClass) bool {
	switch c {
	case quhua.ClassDivision, quhua.ClassRawVariant, quhua.ClassPlaceholder, quhua.ClassStatistical:
		return true
	}
	return false
}

func region(reg *quhua.Registry, r *quhua.Record, at quhua.Date) *Region {
	x := &Region{Code: r.Code, Name: r.Name, Kind: r.Kind, FullName: r.Name, Valid: r.Interval()}
	if !r.InForce(at) {
		if r.To != 0 && at >= r.To {
			at = r.To.AddDays(-1)
		} else if at < r.From {
			at = r.From
		}
	}
	if d, ok := reg.At(at).Lookup(r.Code); ok && d.Record == r {
		x.FullName = d.FullName()
	}
	return x
}
