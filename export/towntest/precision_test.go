package towntest

import (
	"bufio"
	"bytes"
	"database/sql"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	_ "modernc.org/sqlite"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/export"
	"github.com/quhua/quhua/township"
)

func registry(t *testing.T) *quhua.Registry {
	t.Helper()
	reg, err := township.Load()
	if err != nil {
		t.Fatal(err)
	}
	return reg
}

// vague reports whether the event's date is not a day: a year (the
// workbook sheet's), a month, or an interval between two editions.
func vague(e *quhua.Event) bool { return e != nil && e.Precision != quhua.Day }

// checkDate checks one written date: its precision word is the event's,
// a year is 31 December of the year, and an interval has its start, the
// event's After, before its end.
func checkDate(t *testing.T, what string, e *quhua.Event, date, prec, after string) {
	t.Helper()
	if prec != e.Precision.String() {
		t.Errorf("%s: precision %q, the event (%s, %s) is %s", what, prec, e.Ref, e.When(), e.Precision)
	}
	if date != e.Date.String() {
		t.Errorf("%s: date %q, the event's is %s", what, date, e.Date)
	}
	switch e.Precision {
	case quhua.Interval:
		if after == "" || after != e.After.String() || after >= date {
			t.Errorf("%s: interval %q..%q, want %s (both ends)", what, after, date, e.When())
		}
	default:
		if after != "" {
			t.Errorf("%s: after %q for a date of precision %s", what, after, e.Precision)
		}
	}
}

// vagueStarts returns the records whose first day is known only to a
// year, a month or an interval, by the dates on which they begin.
func vagueStarts(reg *quhua.Registry) map[quhua.Date][]*quhua.Record {
	out := map[quhua.Date][]*quhua.Record{}
	for _, e := range reg.Events() {
		if !vague(e) {
			continue
		}
		for _, r := range e.Created {
			if r.To == 0 || r.To > r.From {
				out[r.From] = append(out[r.From], r)
			}
		}
	}
	return out
}

var allLevels = []quhua.Level{quhua.Province, quhua.Prefecture, quhua.County, quhua.Township}

// key identifies a record in an export: its code and, for a township, its
// code system (the two systems share some numbers).
func key(code, system string) string { return code + "|" + system }

func recordKey(r *quhua.Record) string {
	if r.Code.Township() {
		return key(r.Code.String(), r.System.String())
	}
	return key(r.Code.String(), "")
}

// written is one row as a format wrote it: the code, the code system and
// the start's date, precision and interval start.
type written struct{ code, system, from, prec, after string }

// read writes rows in format f and reads the dates back.
func read(t *testing.T, f export.Format, rows []export.Row, db *sql.DB) []written {
	t.Helper()
	var b bytes.Buffer
	if err := export.Write(&b, f, rows, export.Options{Table: "d"}); err != nil {
		t.Fatal(err)
	}
	var out []written
	switch f {
	case export.CSV, export.TSV:
		cr := csv.NewReader(&b)
		if f == export.TSV {
			cr.Comma, cr.LazyQuotes = '\t', true
		}
		recs, err := cr.ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		col := map[string]int{}
		for i, c := range recs[0] {
			col[c] = i
		}
		for _, rec := range recs[1:] {
			out = append(out, written{rec[col["code"]], rec[col["code_system"]], rec[col["valid_from"]], rec[col["valid_from_precision"]], rec[col["valid_from_after"]]})
		}
	case export.JSONL:
		sc := bufio.NewScanner(&b)
		sc.Buffer(nil, 1<<20)
		for sc.Scan() {
			var j api.Division
			if err := json.Unmarshal(sc.Bytes(), &j); err != nil {
				t.Fatal(err)
			}
			after := ""
			if j.FromPrecision == "interval" {
				if len(j.FromInterval) != 2 || j.FromInterval[1] != j.From {
					t.Errorf("jsonl: %s: fromInterval %v with from %s", j.Code, j.FromInterval, j.From)
				}
				after = first(j.FromInterval)
			} else if len(j.FromInterval) > 0 {
				t.Errorf("jsonl: %s: fromInterval %v with precision %s", j.Code, j.FromInterval, j.FromPrecision)
			}
			out = append(out, written{j.Code, j.CodeSystem, j.From, j.FromPrecision, after})
		}
	case export.Parquet:
		type pq struct {
			Code      string `parquet:"code"`
			System    string `parquet:"code_system,optional"`
			From      string `parquet:"valid_from,optional"`
			Precision string `parquet:"valid_from_precision,optional"`
			After     string `parquet:"valid_from_after,optional"`
		}
		prs, err := parquet.Read[pq](bytes.NewReader(b.Bytes()), int64(b.Len()))
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range prs {
			out = append(out, written{r.Code, r.System, r.From, r.Precision, r.After})
		}
	case export.SQL:
		if _, err := db.Exec("DROP TABLE IF EXISTS d"); err != nil {
			t.Fatal(err)
		}
		if _, err := db.Exec(b.String()); err != nil {
			t.Fatalf("SQL: %v", err)
		}
		q, err := db.Query("SELECT code, coalesce(code_system, ''), coalesce(valid_from, ''), coalesce(valid_from_precision, ''), coalesce(valid_from_after, '') FROM d")
		if err != nil {
			t.Fatal(err)
		}
		defer q.Close()
		for q.Next() {
			var w written
			if err := q.Scan(&w.code, &w.system, &w.from, &w.prec, &w.after); err != nil {
				t.Fatal(err)
			}
			out = append(out, w)
		}
	default:
		t.Fatalf("format %s", f)
	}
	return out
}

var formats = []export.Format{export.CSV, export.TSV, export.JSONL, export.Parquet, export.SQL}

// consistent checks a written row on its own: precision interval, and
// only it, has an interval start before the date; a year is a year's end.
func consistent(t *testing.T, what string, w written) {
	t.Helper()
	switch {
	case w.prec == "interval" && (w.after == "" || w.after >= w.from):
		t.Errorf("%s: %s: interval %q..%q", what, w.code, w.after, w.from)
	case w.prec != "interval" && w.after != "":
		t.Errorf("%s: %s: precision %q with an interval start %q", what, w.code, w.prec, w.after)
	case w.prec == "year" && !strings.HasSuffix(w.from, "-12-31"):
		t.Errorf("%s: %s: a year date %q is not a year's end", what, w.code, w.from)
	case w.from != "" && !slices.Contains([]string{"day", "month", "year", "interval"}, w.prec):
		t.Errorf("%s: %s: date %q with precision %q", what, w.code, w.from, w.prec)
	}
}

// TestDivisionsExport walks every record that a change of imprecise date
// (a year, an interval) created through the divisions export of its first
// day, in CSV, TSV, JSON lines, Parquet and SQL (loaded into SQLite): the
// row says the event's precision, and an interval carries both ends.
// One township date is checked whole in every format.
func TestDivisionsExport(t *testing.T) {
	reg := registry(t)
	starts := vagueStarts(reg)
	dates := make([]quhua.Date, 0, len(starts))
	var nYear, nInterval int
	for d, rs := range starts {
		dates = append(dates, d)
		for _, r := range rs {
			switch r.FromPrec {
			case quhua.Year:
				nYear++
			case quhua.Interval:
				nInterval++
			}
		}
	}
	slices.Sort(dates)
	if nYear < 100 || nInterval < 100 {
		t.Fatalf("%d records start in a year, %d in an interval: the township level is not loaded", nYear, nInterval)
	}
	db, err := sql.Open("sqlite", filepath.Join(t.TempDir(), "d.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	for _, d := range dates {
		rows, err := export.Divisions(reg, export.Query{At: d, Levels: allLevels})
		if err != nil {
			t.Fatal(err)
		}
		want := map[int]*quhua.Record{}
		for _, r := range starts[d] {
			want[r.ID] = r
		}
		var sel []export.Row
		byKey := map[string]*quhua.Record{}
		for _, row := range rows {
			if r := want[row.Division.ID]; r != nil {
				sel = append(sel, row)
				byKey[recordKey(r)] = r
			}
		}
		if len(sel) != len(want) || len(byKey) != len(want) {
			t.Fatalf("the export of %s has %d rows (%d keys) of the %d records that begin then", d, len(sel), len(byKey), len(want))
		}
		for _, f := range formats {
			ws := read(t, f, sel, db)
			if len(ws) != len(sel) {
				t.Fatalf("%s on %s: %d rows, want %d", f, d, len(ws), len(sel))
			}
			for _, w := range ws {
				what := fmt.Sprintf("%s on %s", f, d)
				consistent(t, what, w)
				r := byKey[key(w.code, w.system)]
				if r == nil {
					t.Fatalf("%s: %s %s is not a record that begins then", what, w.code, w.system)
				}
				checkDate(t, what+" "+r.String(), r.Created, w.from, w.prec, w.after)
			}
		}
	}
	// One township date whole: every row consistent, and the SQL loads
	// although the two code systems share numbers.
	d := quhua.NewDate(2021, 10, 31)
	rows, err := export.Divisions(reg, export.Query{At: d, Levels: allLevels})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range formats {
		ws := read(t, f, rows, db)
		if len(ws) != len(rows) {
			t.Fatalf("%s on %s: %d rows, want %d", f, d, len(ws), len(rows))
		}
		n := 0
		for _, w := range ws {
			consistent(t, fmt.Sprintf("%s on %s", f, d), w)
			if w.prec == "interval" {
				n++
			}
		}
		if n == 0 {
			t.Errorf("%s on %s: no township dated by an interval", f, d)
		}
	}
}

// TestAPIShapes walks every event through the API's JSON shapes: an event
// of precision interval has both ends in interval, a record that starts or
// ends in one has them in fromInterval or toInterval, and so does a
// meaning of a reused code.
func TestAPIShapes(t *testing.T) {
	reg := registry(t)
	n := 0
	for _, e := range reg.Events() {
		j := api.NewEvent(e, false)
		after := ""
		if len(j.Interval) > 0 {
			after = j.Interval[0]
			if len(j.Interval) != 2 || j.Interval[1] != j.Date {
				t.Errorf("event %d: interval %v, date %s", e.ID, j.Interval, j.Date)
			}
		}
		checkDate(t, "event "+j.Date, e, j.Date, j.Precision, after)
		for _, r := range e.Created {
			jr := api.NewRecord(r)
			n++
			checkDate(t, "record from "+r.String(), e, jr.From, jr.FromPrecision, first(jr.FromInterval))
		}
		for _, r := range e.Retired {
			jr := api.NewRecord(r)
			checkDate(t, "record to "+r.String(), e, jr.To, jr.ToPrecision, first(jr.ToInterval))
		}
	}
	if n == 0 {
		t.Fatal("no records")
	}
	for _, c := range reg.ReusedCodes() {
		ms := reg.Meanings(c)
		for i, m := range api.NewMeanings(c, ms).Meanings {
			if e := ms[i].First().Created; e != nil {
				checkDate(t, "meaning from "+c.String(), e, m.From, m.FromPrecision, first(m.FromInterval))
			}
			if e := ms[i].Last().Retired; e != nil {
				checkDate(t, "meaning to "+c.String(), e, m.To, m.ToPrecision, first(m.ToInterval))
			}
		}
	}
}

func first(ss []string) string {
	if len(ss) == 0 {
		return ""
	}
	return ss[0]
}

// TestFromEvent drafts every recorded event as a change set: its date
// reads back (quhua.ParseDate) to the event's precision, a year as the
// year alone, and an interval keeps its start in after.
func TestFromEvent(t *testing.T) {
	reg := registry(t)
	counts := map[quhua.Precision]int{}
	for _, e := range reg.Events() {
		cs := changeset.FromEvent(reg, e)
		d, prec, err := quhua.ParseDate(cs.Date)
		if err != nil {
			t.Errorf("event %d (%s): date %q: %v", e.ID, e.Ref, cs.Date, err)
			continue
		}
		if cs.After != "" {
			a, aprec, err := quhua.ParseDate(cs.After)
			if err != nil || aprec != quhua.Day || a != e.After || a >= d {
				t.Errorf("event %d (%s): after %q (%v), the event's is %s", e.ID, e.Ref, cs.After, err, e.After)
			}
			prec = quhua.Interval
		}
		if prec != e.Precision || d != e.Date {
			t.Errorf("event %d (%s): change set dated %q after %q (%s), the event %s (%s)", e.ID, e.Ref, cs.Date, cs.After, prec, e.When(), e.Precision)
		}
		counts[prec]++
	}
	if counts[quhua.Interval] == 0 || counts[quhua.Year] == 0 {
		t.Errorf("change sets by precision: %v; want some of year and of interval", counts)
	}
}
