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
// municipalities, bare prefecture codes and statistical-only codes, and
// codes older than the registry's first list (end of 1981): the XXXX20
// "市区" codes of the lists until 1982 and the codes of the list of
// December 1980 (see oldcodes.tsv). The residence permits of Hong Kong,
// Macau and Taiwan residents (居住证, since 2018-09-01) carry 810000,
// 820000 or 830000 and the same check; Info.Document says which.
//
// Input is normalised first (Normalize): full-width digits and X, and the
// spaces, hyphens and full stops people type. Redact masks numbers in all
// these forms.
//
// The verdicts on the check character, the birth date and the region are
// separate (Info.Verdicts): when only the region fails (ErrRegion), Parse
// returns the Info along with the error, so that a caller can knowingly
// accept a number whose check and date are valid.
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
	"unicode/utf8"

	"github.com/quhua/quhua"
)

// Errors wrapped by the errors Parse returns; test with errors.Is.
var (
	ErrFormat = errors.New("not an ID number")         // length or characters
	ErrCheck  = errors.New("wrong check character")    // ISO 7064 MOD 11-2
	ErrBirth  = errors.New("impossible birth date")    // not a date, or in the future
	ErrRegion = errors.New("unknown region code")      // not in the lists from 1980 on, or impossible for the number
	ErrIssued = errors.New("impossible date of issue") // in the future, before the birth, before permits existed
)

// Error is an error about one ID number. It shows the number masked.
type Error struct {
	Masked string // the number with its middle hidden
	Field  string // "length", "characters", "check", "birth", "region", "issued"
	Reason string
	kind   error
}

// Error formats the error with the masked number.
func (e *Error) Error() string {
	return fmt.Sprintf("ID number %s: %s: %s", e.Masked, e.Field, e.Reason)
}

// Unwrap returns the kind of error (ErrFormat, ErrCheck, ErrBirth,
// ErrRegion, ErrIssued).
func (e *Error) Unwrap() error { return e.kind }

// Region is a division as seen on a date.
type Region struct {
	Code     quhua.Code `json:"code"`
	Name     string     `json:"name"`
	Kind     quhua.Kind `json:"kind"`
	FullName string     `json:"fullName"`
	// Province, Prefecture and County are the levels of the division's
	// path on that date (the API's path), each present if the path has
	// one: a county-level unit governed by its province has no
	// prefecture, a province has neither of the others.
	Province   *Level `json:"province,omitempty"`
	Prefecture *Level `json:"prefecture,omitempty"`
	County     *Level `json:"county,omitempty"`
	// Valid is the record's validity interval.
	Valid string `json:"valid"`
	// Unconfirmed marks a region known from one unofficial source only.
	Unconfirmed bool `json:"unconfirmed,omitempty"`
}

// Level is one level of a region's path.
type Level struct {
	Code quhua.Code `json:"code"`
	Name string     `json:"name"`
}

// Verdicts are the separate judgements on a number. Parse returns an Info
// only for a number whose check character and birth date are right (an
// error in either returns no Info), so Check and Birth read "valid"; the
// region is judged last, and an Info comes back with the error when only
// it fails.
type Verdicts struct {
	// Check is "valid" (the check character, ISO 7064 MOD 11-2).
	Check string `json:"check"`
	// Birth is "valid" (the birth date).
	Birth string `json:"birth"`
	// Region is "valid", "unknown" (in no list from 1980 on, nor a known
	// kind of code, or retired too long before) or "inconsistent" (a
	// code that cannot have been issued in this form: a 15-digit number
	// under a code first used after the 15-digit era).
	Region string `json:"region"`
}

// The documents.
const (
	DocIDCard         = "resident identity card (居民身份证)"
	DocPermitHongKong = "residence permit for Hong Kong residents (港澳居民居住证)"
	DocPermitMacau    = "residence permit for Macau residents (港澳居民居住证)"
	DocPermitTaiwan   = "residence permit for Taiwan residents (台湾居民居住证)"
)

// PermitsFrom is the date the residence permits of Hong Kong, Macau and
// Taiwan residents were first issued (港澳台居民居住证申领发放办法).
var PermitsFrom = quhua.NewDate(2018, 9, 1)

// Digits15Until is the date from which numbers have 18 digits: GB
// 11643-1999 came into force on 1999-07-01. No 15-digit number can carry
// a code first in use later.
var Digits15Until = quhua.NewDate(1999, 7, 1)

// permits maps the region codes of the residence permits to the document.
var permits = map[quhua.Code]string{810000: DocPermitHongKong, 820000: DocPermitMacau, 830000: DocPermitTaiwan}

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
	// Document is DocIDCard or one of the residence permits.
	Document string `json:"document"`
	// Permit is true for a residence permit of Hong Kong, Macau or Taiwan
	// residents (region code 810000, 820000 or 830000).
	Permit bool `json:"permit,omitempty"`
	// Verdicts judge the check character, the date and the region apart.
	Verdicts Verdicts `json:"verdicts"`
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
	// Old is true for a code older than the registry's lists (a 市区 code
	// of 1980–1982 or a code of the list of 1980 only).
	Old bool `json:"old,omitempty"`
	// Elsewhen are the other divisions the same code stood for at other
	// dates (a code given again to another unit, or the name the list of
	// December 1980 gives), so that a caller who doubts the date of issue
	// sees what else the number may mean.
	Elsewhen []Region `json:"elsewhen,omitempty"`
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
	if !ascii(number) {
		number = Normalize(number)
	}
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

func ascii(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= 0x80 {
			return false
		}
	}
	return true
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

// Parse checks and decodes an ID number against the registry. The
// returned error is an *Error (wrapping ErrFormat, ErrCheck, ErrBirth or
// ErrRegion) that shows the number masked.
func Parse(number string, reg *quhua.Registry) (*Info, error) {
	return ParseAt(number, reg, 0)
}

// ParseAt is Parse for a number whose date of issue is known: the region
// code is read as of that date instead of the birth date. A date of issue
// in the future, before the birth date or (for a residence permit) before
// PermitsFrom is an error (ErrIssued). A year or a month alone stands for
// its last day, as quhua.ParseDate gives it, and counts as in the future
// only if all of it is.
func ParseAt(number string, reg *quhua.Registry, issued quhua.Date) (*Info, error) {
	s := Normalize(number)
	info := &Info{Document: DocIDCard}
	n := utf8.RuneCountInString(s)
	if n != len(s) {
		// A character other than digits, X and separators.
		for i, r := range []rune(s) {
			if (r < '0' || r > '9') && r != 'X' {
				if n == 15 || n == 18 {
					return nil, &Error{Mask(s), "characters", fmt.Sprintf("character %d (%q) is not a digit", i+1, r), ErrFormat}
				}
				break
			}
		}
		return nil, &Error{Mask(s), "length", fmt.Sprintf("%d characters, want 18 (or 15 for the old numbers)", n), ErrFormat}
	}
	switch n {
	case 18:
	case 15:
		u, err := Upgrade(s)
		if err != nil {
			return nil, err
		}
		s, info.Converted = u, true
	default:
		return nil, &Error{Mask(s), "length", fmt.Sprintf("%d characters, want 18 (or 15 for the old numbers)", n), ErrFormat}
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
	info.Verdicts.Check = "valid"
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
	info.Verdicts.Birth = "valid"
	info.Birth = birth
	info.Sex = "female"
	if (s[16]-'0')%2 == 1 {
		info.Sex = "male"
	}

	code := quhua.Code(atoi(s[:6]))
	info.Code = code
	doc, permit := permits[code]
	switch {
	case issued == 0:
	case earliest(issued) > quhua.Today():
		return nil, &Error{m, "issued", fmt.Sprintf("the date of issue %s is in the future", issued), ErrIssued}
	case issued < birth:
		return nil, &Error{m, "issued", fmt.Sprintf("the date of issue %s is before the birth date", issued), ErrIssued}
	case permit && issued < PermitsFrom:
		return nil, &Error{m, "issued", fmt.Sprintf("the date of issue %s is before the residence permits existed (from %s)", issued, PermitsFrom), ErrIssued}
	case info.Converted && earliest(issued) > Digits15Until:
		info.Warnings = append(info.Warnings, fmt.Sprintf("a 15-digit number issued on %s, after 18-digit numbers replaced them (GB 11643-1999, from %s)", issued, Digits15Until))
	}
	from, label := birth, "the birth date"
	if issued > birth {
		from, label = issued, "the date of issue"
	}
	if permit {
		info.Document, info.Permit = doc, true
		decodePermit(info, reg, max(from, PermitsFrom))
		info.Verdicts.Region = "valid"
		return info, nil
	}
	if err := decodeRegion(info, reg, m, from, label); err != nil {
		info.Verdicts.Region = "unknown"
		return info, err
	}
	info.Verdicts.Region = "valid"
	if info.Converted && info.At > Digits15Until {
		info.Verdicts.Region = "inconsistent"
		return info, &Error{m, "region", fmt.Sprintf("%s was first in use on %s, after 18-digit numbers replaced the 15-digit ones (GB 11643-1999, from %s): no 15-digit number was issued under it", code, info.At, Digits15Until), ErrRegion}
	}
	return info, nil
}

// decodePermit reads the region of a residence permit: the special
// administrative region for Hong Kong and Macau, none for Taiwan (830000
// is not a division code).
func decodePermit(info *Info, reg *quhua.Registry, at quhua.Date) {
	info.Class, info.At = quhua.ClassDivision, at
	switch info.Code {
	case 830000:
		info.Class = quhua.ClassUnknown
		info.Notes = append(info.Notes, "830000 is not a division code: it marks the residence permit of a Taiwan resident and says nothing of where the holder lives on the mainland")
		return
	}
	info.Notes = append(info.Notes, fmt.Sprintf("%s on a residence permit marks the holder's home region, not a place on the mainland", info.Code))
	d, ok := reg.At(at).Lookup(info.Code)
	if !ok {
		return
	}
	info.Then = region(reg, d.Record, at)
	info.Now = []Current{{Region: *region(reg, d.Record, quhua.Today()), Status: quhua.Exact}}
}

// earliest is the first day that d may stand for: ParseDate gives a year
// alone as its last day, a month alone as its last day.
func earliest(d quhua.Date) quhua.Date {
	switch {
	case d.Month() == 12 && d.Day() == 31:
		return quhua.NewDate(d.Year(), 1, 1)
	case d.AddDays(1).Day() == 1:
		return quhua.NewDate(d.Year(), d.Month(), 1)
	}
	return d
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
			if ok, err := decodeOld(info, reg, masked, birth, label); ok {
				return err
			}
			return &Error{masked, "region", fmt.Sprintf("%s is in none of the code lists from 1980 on, nor a known placeholder", code), ErrRegion}
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
	info.Elsewhen = elsewhen(reg, ci.Records, r)
	if o, ok := oldCodes()[code]; ok && o.Source == source1980Differs {
		info.Elsewhen = append(info.Elsewhen, Region{Code: code, Name: o.Name, Kind: quhua.KindOther, FullName: o.FullName, Valid: o.Valid})
		if birth <= list1980 {
			info.Notes = append(info.Notes, fmt.Sprintf("in the Ministry's list of December 1980, %s stood for %s: a number issued before 1981 may mean that", code, o.FullName))
		}
	}
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

// elsewhen lists the records of the code other than r with another name:
// what the code meant at other dates.
func elsewhen(reg *quhua.Registry, recs []*quhua.Record, r *quhua.Record) []Region {
	var out []Region
	for _, o := range recs {
		if o == r || o.Name == r.Name {
			continue
		}
		at := o.From
		if at == 0 {
			at = reg.FirstDate()
		}
		out = append(out, *region(reg, o, at))
	}
	return out
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
	x.setLevel(r)
	if !r.InForce(at) {
		if r.To != 0 && at >= r.To {
			at = r.To.AddDays(-1)
		} else if at < r.From {
			at = r.From
		}
	}
	if d, ok := reg.At(at).Lookup(r.Code); ok && d.Record == r {
		x.FullName = d.FullName()
		for _, p := range d.Path() {
			x.setLevel(p)
		}
	}
	return x
}

// setLevel fills the level of r in x.
func (x *Region) setLevel(r *quhua.Record) {
	l := &Level{Code: r.Code, Name: r.Name}
	switch r.Level() {
	case quhua.Province:
		x.Province = l
	case quhua.Prefecture:
		x.Prefecture = l
	case quhua.County:
		x.County = l
	}
}
