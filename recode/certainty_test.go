package recode

import (
	"errors"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// A row whose answer rests on a link no official text confirms says so in
// its note, is counted in the report, and Strict reports it.
func TestUnconfirmedRows(t *testing.T) {
	in := "code\n653126\n110105\n441204\n"
	mod := func(o *Options) { o.From, o.To = quhua.EndOfYear(2025), quhua.EndOfYear(2026) }
	out, rep, err := run2019(t, in, mod)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "653126,653126,叶城县,partial,") || !strings.Contains(out, "(lost area); part of the area also went to 653132 岑岭县; unconfirmed: ") || !strings.Contains(out, "(data/changes/2026-03-26-cenling.json)") {
		t.Errorf("output:\n%s", out)
	}
	if rep.Unconfirmed != 1 || rep.Provisional != 0 {
		t.Errorf("unconfirmed %d, provisional %d rows", rep.Unconfirmed, rep.Provisional)
	}
	_, rep, err = run2019(t, in, func(o *Options) { mod(o); o.Strict = true })
	var ne *NotExactError
	if !errors.As(err, &ne) || ne.Unconfirmed != 1 || !strings.Contains(err.Error(), "1 rested on links no official text confirms") {
		t.Errorf("strict: %v", err)
	}
	found := false
	for _, v := range rep.NotExact {
		found = found || v.Value == "653126" && v.Certainty == "unconfirmed"
	}
	if !found {
		t.Errorf("the report does not list 653126 as unconfirmed: %+v", rep.NotExact)
	}
	// The provisional 2025 list: 高要区 2024 → 2025.
	out, rep, _ = run2019(t, "code\n441204\n", func(o *Options) { o.From, o.To = quhua.EndOfYear(2024), quhua.EndOfYear(2025) })
	if rep.Provisional != 1 || !strings.Contains(out, "; provisional: ") {
		t.Errorf("provisional %d rows:\n%s", rep.Provisional, out)
	}
}
