package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"

	"github.com/mattn/go-runewidth"
	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

var (
	regOnce   sync.Once
	cachedReg *quhua.Registry
)

// registry returns the registry the commands answer from: the embedded one
// with the changes applied in the local store, if there is a store
// ($QUHUA_DB, or the data directory). A store that exists but cannot be
// read stops the command: answering from the embedded data alone would
// silently ignore the applied changes.
func registry() *quhua.Registry {
	regOnce.Do(func() {
		r, err := storeRegistry(context.Background())
		if err != nil {
			fmt.Fprintf(os.Stderr, "quhua: error: reading the store of applied changes: %v\n", err)
			fmt.Fprintf(os.Stderr, "quhua: hint: check $QUHUA_DB / --data-dir, or move the store away to answer from the embedded data\n")
			os.Exit(1)
		}
		if r == nil {
			r = quhua.Default()
		}
		cachedReg = r
	})
	return cachedReg
}

// parseDateFlag parses a date flag's value; empty means def, normally
// the registry's Now (today, China time), which needs no warning.
func parseDateFlag(name, val string, def quhua.Date) (quhua.Date, error) {
	if val == "" {
		return def, nil
	}
	d, _, err := quhua.ParseDate(val)
	if err != nil {
		return 0, badRequest(fmt.Sprintf("write --%s as YYYY, YYYY-MM or YYYY-MM-DD, e.g. --%s 2019", name, name), err)
	}
	return d, checkDate(d)
}

// parseDateArg parses a positional date argument.
func parseDateArg(val string) (quhua.Date, error) {
	d, _, err := quhua.ParseDate(val)
	if err != nil {
		return 0, badRequest("write dates as YYYY, YYYY-MM or YYYY-MM-DD, e.g. 2019 or 2020-06-05", err)
	}
	return d, checkDate(d)
}

// warnings is where the commands write warnings: standard error.
var warnings io.Writer = os.Stderr

// warned is set once the horizon warning was written: a command warns
// once, however many of its dates are late.
var warned bool

// checkDate refuses a date before the registry's first list, and warns
// on standard error, in one line, about a date the user asked for that
// lies after the newest recorded change: the answer is then that of the
// newest known state, and nothing later is known.
func checkDate(d quhua.Date) error {
	reg := registry()
	if err := reg.CheckDate(d); err != nil {
		return badRequest(fmt.Sprintf("the registry starts with the list of %d: ask for %s or later", reg.FirstYear(), reg.FirstDate()), err)
	}
	if reg.PastRecorded(d) && !warned {
		warned = true
		fmt.Fprintf(warnings, "quhua: warning: %s\n", reg.HorizonNotice(d))
	}
	return nil
}

// looksLikeCode reports whether s is meant as a code: all ASCII digits.
func looksLikeCode(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return true
}

// parseCodeArg parses a code argument with a hint on failure.
func parseCodeArg(s string) (quhua.Code, error) {
	c, err := quhua.ParseCode(s)
	if err != nil {
		return 0, badRequest("a division code has 6 digits (220381), a township code 9 (220184103)", err)
	}
	return c, nil
}

// unknownName returns the error for a name that matches nothing, with the
// nearest names as a hint.
func unknownName(reg *quhua.Registry, q string) error {
	return notFound(suggestHint(reg, q), "no division is named %q", q)
}

// unknownCode returns the error for a code that matches nothing.
func unknownCode(reg *quhua.Registry, c quhua.Code) error {
	hint := fmt.Sprintf("no list since %d has this code: check its digits, or give the division's name instead", reg.FirstYear())
	if len(reg.Suggest(c.String(), 1)) > 0 {
		hint = suggestHint(reg, c.String())
	}
	return notFound(hint, "%s is not a division code of the registry", c)
}

func suggestHint(reg *quhua.Registry, q string) string {
	s := reg.Suggest(q, 5)
	if len(s) == 0 {
		return "try a shorter name, or quhua lookup with a 6-digit code"
	}
	var parts []string
	for _, r := range s {
		parts = append(parts, fmt.Sprintf("%s %s (%s)", r.Code, r.Name, r.Interval()))
	}
	return "did you mean " + strings.Join(parts, ", ") + "?"
}

// writeJSON writes v as indented JSON. An object answer carries the
// registry's horizon, as "horizon", beside its own fields.
func writeJSON(w io.Writer, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetIndent("", "  ")
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	b := buf.Bytes()
	if len(b) > 2 && b[0] == '{' && b[1] == '\n' {
		var top map[string]json.RawMessage
		if err := json.Unmarshal(b, &top); err == nil {
			if _, ok := top["horizon"]; !ok {
				h := fmt.Sprintf("{\n  \"horizon\": %q,", registry().Horizon())
				b = append([]byte(h), b[1:]...)
			}
		}
	}
	_, err := w.Write(b)
	return err
}

// table prints aligned columns, measuring Chinese characters as two cells
// wide as terminals show them.
type table struct {
	rows [][]string
}

func (t *table) add(cells ...string) { t.rows = append(t.rows, cells) }

func (t *table) write(w io.Writer, indent string) {
	var widths []int
	for _, r := range t.rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], runewidth.StringWidth(c))
		}
	}
	for _, r := range t.rows {
		var b strings.Builder
		b.WriteString(indent)
		for i, c := range r {
			b.WriteString(c)
			if i < len(r)-1 {
				b.WriteString(strings.Repeat(" ", widths[i]-runewidth.StringWidth(c)+2))
			}
		}
		fmt.Fprintln(w, strings.TrimRight(b.String(), " "))
	}
}

// recordName formats "220381 公主岭市".
func recordName(r *quhua.Record) string {
	if r == nil {
		return "—"
	}
	return r.Code.String() + " " + r.Name
}

// docLine formats an event's documents on one line each.
func docLines(e *quhua.Event) []string {
	var out []string
	for _, d := range e.Documents {
		var parts []string
		if d.Number != "" {
			parts = append(parts, d.Number)
		}
		if d.Title != "" {
			parts = append(parts, d.Title)
		}
		if d.Date != 0 {
			parts = append(parts, "("+d.Date.Format(d.Precision)+")")
		}
		out = append(out, strings.Join(parts, " "))
	}
	if len(out) == 0 {
		out = append(out, "(no document)")
	}
	return out
}

// eventDate formats an event's effective date to its precision.
func eventDate(e *quhua.Event) string {
	if e.Unconfirmed {
		return e.When() + " (unconfirmed)"
	}
	return e.When()
}

// --- JSON shapes shared by the commands ---

// A record and a division have one JSON shape across the command line, the
// API and the exports (package api).
type (
	jsonRecord   = api.Record
	jsonDivision = api.Division
)

func toJSONRecord(r *quhua.Record) *jsonRecord {
	if r == nil {
		return nil
	}
	j := api.NewRecord(r)
	return &j
}

func toJSONDivision(d quhua.Division) jsonDivision { return api.NewDivision(d) }

// describeOp describes an operation in a line: what happened to whom.
func describeOp(op quhua.Operation) string {
	names := func(rs []*quhua.Record) string {
		var p []string
		for _, r := range rs {
			p = append(p, recordName(r))
		}
		return strings.Join(p, ", ")
	}
	switch op.Type {
	case quhua.OpSameArea:
		var what []string
		if op.Renamed() {
			what = append(what, "renamed")
		}
		if op.Recoded() {
			what = append(what, "recoded")
		}
		if op.Reparented() {
			b, a := op.Before[0], op.After[0]
			reg := b.Registry()
			db, _ := reg.At(lastDay(b)).Lookup(b.Code)
			da, _ := reg.At(a.From).Lookup(a.Code)
			if nameOf(db.Legal) != nameOf(da.Legal) {
				what = append(what, fmt.Sprintf("legal parent %s → %s", nameOf(db.Legal), nameOf(da.Legal)))
			}
			if nameOf(db.Admin) != nameOf(da.Admin) {
				what = append(what, fmt.Sprintf("administered by %s → %s", nameOf(db.Admin), nameOf(da.Admin)))
			}
		}
		if len(what) == 0 {
			what = append(what, "same area")
		}
		return fmt.Sprintf("%s → %s (%s)", names(op.Before), names(op.After), strings.Join(what, ", "))
	case quhua.OpAbolish:
		return fmt.Sprintf("abolished %s", names(op.Before))
	case quhua.OpTransfer:
		var p []string
		for _, l := range op.Links {
			p = append(p, fmt.Sprintf("part of %s → %s", recordName(l.From), recordName(l.To)))
		}
		return "transfer: " + strings.Join(p, "; ")
	case quhua.OpEstablish:
		if len(op.Links) == 0 {
			return fmt.Sprintf("established %s", names(op.After))
		}
	}
	return fmt.Sprintf("%s: %s → %s", op.Type, names(op.Before), names(op.After))
}

func nameOf(r *quhua.Record) string {
	if r == nil {
		return "—"
	}
	return r.Name
}

func lastDay(r *quhua.Record) quhua.Date {
	if r.To == 0 {
		return quhua.Today()
	}
	return r.To.AddDays(-1)
}

// marshalAnswer renders an answer in the HTTP API's shape (api.Marshal),
// with the registry's horizon first, byte for byte as the API sends it.
func marshalAnswer(reg *quhua.Registry, v any) ([]byte, error) {
	b, err := api.Marshal(v)
	if err != nil {
		return nil, err
	}
	return api.WithHorizon(b, reg.Horizon().String()), nil
}
