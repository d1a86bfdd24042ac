package recode

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/quhua/quhua"
)

// strictCSV parses CSV as a strict reader does: every record must have the
// header's number of fields and quotes must be well-formed.
func strictCSV(t testing.TB, b []byte, delim rune) [][]string {
	t.Helper()
	r := csv.NewReader(bytes.NewReader(b))
	r.Comma = delim
	if delim == '\t' {
		r.LazyQuotes = true // TSV has no quoting
	}
	recs, err := r.ReadAll() // FieldsPerRecord 0: all as many as the first
	if err != nil {
		t.Fatalf("output is not a well-formed table: %v\n%s", err, b)
	}
	return recs
}

// unescapeTSV reverses the escaping of the raw column in TSV output.
func unescapeTSV(s string) string {
	return strings.NewReplacer(`\\`, `\`, `\t`, "\t", `\n`, "\n", `\r`, "\r").Replace(s)
}

// TestRaggedRows: every output row has exactly the header's fields; a
// ragged or badly quoted row is flagged invalid and kept, as read, in the
// raw column, in every output format.
func TestRaggedRows(t *testing.T) {
	rows := []string{
		"1,220381,5,extra",   // a field too many
		"2,220381",           // a field short
		"3,22\"0381,5",       // a bare quote
		"4,\"220381\"x,5",    // text after a closing quote
		"5,220381,\"a\tb\"",  // well-formed, a tab inside a quoted field
		"6,220381,7,8,9,\"x", // too many, and an unterminated quote
	}
	in := "id,code,v\n" + strings.Join(rows, "\n") + "\n"
	want := []struct {
		rel, raw string
	}{
		{"invalid", rows[0]},
		{"invalid", rows[1]},
		{"unknown", rows[2]},
		{"unknown", rows[3]},
		{"recoded", ""},
		{"invalid", rows[5]},
	}
	check := func(t *testing.T, recs [][]string, tsv bool) {
		t.Helper()
		if len(recs) != len(rows)+1 {
			t.Fatalf("%d records, want %d", len(recs), len(rows)+1)
		}
		h := recs[0]
		if strings.Join(h, ",") != "id,code,v,quhua_code,quhua_name,quhua_relation,quhua_note,quhua_raw" {
			t.Fatalf("header %q", h)
		}
		for i, w := range want {
			r := recs[i+1]
			if tsv && i == 4 {
				// The tab cannot be written in TSV: the row is flagged
				// and kept as read.
				w.raw = rows[4]
			}
			if len(r) != len(h) {
				t.Fatalf("row %d has %d fields, the header %d: %q", i+1, len(r), len(h), r)
			}
			if r[5] != w.rel || r[7] != w.raw {
				t.Errorf("row %d: relation %q raw %q; want %q, %q", i+1, r[5], r[7], w.rel, w.raw)
			}
			if w.raw != "" && !strings.HasPrefix(r[6], "malformed row: ") {
				t.Errorf("row %d: not flagged in the note: %q", i+1, r[6])
			}
		}
		if recs[1][1] != "220381" || recs[1][3] != "" {
			t.Errorf("a row with a field too many is written with the header's fields and no target: %q", recs[1])
		}
	}
	t.Run("csv", func(t *testing.T) {
		out, rep, err := run2019(t, in, nil)
		if err != nil {
			t.Fatal(err)
		}
		check(t, strictCSV(t, []byte(out), ','), false)
		if rep.Malformed != 5 || rep.Relations[Invalid] != 3 {
			t.Errorf("malformed %d, relations %v", rep.Malformed, rep.Relations)
		}
	})
	t.Run("tsv", func(t *testing.T) {
		out, _, err := run2019(t, in, func(o *Options) { o.Output = TSV })
		if err != nil {
			t.Fatal(err)
		}
		recs := strictCSV(t, []byte(out), '\t')
		for _, r := range recs[1:] {
			r[7] = unescapeTSV(r[7])
		}
		check(t, recs, true)
	})
	t.Run("jsonl", func(t *testing.T) {
		out, _, err := run2019(t, in, func(o *Options) { o.Output = JSONL })
		if err != nil {
			t.Fatal(err)
		}
		recs := [][]string{{"id", "code", "v", "quhua_code", "quhua_name", "quhua_relation", "quhua_note", "quhua_raw"}}
		for _, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
			dec := json.NewDecoder(strings.NewReader(line))
			var keys, vals []string
			dec.Token()
			for dec.More() {
				k, _ := dec.Token()
				var v string
				if err := dec.Decode(&v); err != nil {
					t.Fatalf("%v: %s", err, line)
				}
				keys, vals = append(keys, k.(string)), append(vals, v)
			}
			if strings.Join(keys, ",") != strings.Join(recs[0], ",") {
				t.Fatalf("keys %v: %s", keys, line)
			}
			recs = append(recs, vals)
		}
		check(t, recs, false)
	})
	t.Run("parquet", func(t *testing.T) {
		out, _, err := run2019(t, in, func(o *Options) { o.Output = Parquet })
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			ID       string `parquet:"id"`
			Code     string `parquet:"code"`
			V        string `parquet:"v"`
			Relation string `parquet:"quhua_relation"`
			Raw      string `parquet:"quhua_raw"`
		}
		got, err := parquet.Read[row](bytes.NewReader([]byte(out)), int64(len(out)))
		if err != nil {
			t.Fatal(err)
		}
		for i, w := range want {
			if got[i].Relation != w.rel || got[i].Raw != w.raw {
				t.Errorf("row %d: %+v, want %s %q", i+1, got[i], w.rel, w.raw)
			}
		}
	})
}

// TestRaggedRowStrict: with Strict a ragged row stops the run.
func TestRaggedRowStrict(t *testing.T) {
	_, _, err := run2019(t, "id,code\n1,220381,x\n", func(o *Options) { o.Strict = true })
	var re *RowError
	if !asErr(err, &re) || re.Line != 2 || !strings.Contains(re.Message, "row has 3 fields, the header has 2") {
		t.Fatalf("err = %v", err)
	}
}

// TestCRLF: CRLF input gives CRLF output, header and last line included,
// in every text format and when aggregating.
func TestCRLF(t *testing.T) {
	in := "\ufeffid,code\r\n1,220381\r\n2,220381,x\r\n3,220381"
	for _, f := range []Format{CSV, TSV, JSONL} {
		out, _, err := run2019(t, in, func(o *Options) { o.Output = f })
		if err != nil {
			t.Fatal(err)
		}
		n := strings.Count(out, "\n")
		if n == 0 || strings.Count(out, "\r\n") != n || !strings.HasSuffix(out, "\r\n") {
			t.Errorf("%s: %d line feeds, %d CRLF:\n%q", f, n, strings.Count(out, "\r\n"), out)
		}
	}
	out, _, err := run2019(t, "code,v\r\n220381,1\r\n", func(o *Options) { o.Aggregate = []string{"v"} })
	if err != nil || strings.Count(out, "\r\n") != 2 || strings.Count(out, "\n") != 2 {
		t.Errorf("aggregate: %v %q", err, out)
	}
	// JSON lines in, JSON lines out.
	out, _, err = run2019(t, "{\"code\":\"220381\"}\r\n{\"code\":\"220381\"}\r\n", nil)
	if err != nil || strings.Count(out, "}\r\n") != 2 || strings.Count(out, "\n") != 2 {
		t.Errorf("JSON lines: %v %q", err, out)
	}
	// LF stays LF.
	out, _, _ = run2019(t, "id,code\n1,220381\n", nil)
	if strings.Contains(out, "\r") {
		t.Errorf("LF input: %q", out)
	}
}

// TestDuplicateColumn: a column named twice in the header is an error
// naming it and its positions, for every option that names a column.
func TestDuplicateColumn(t *testing.T) {
	in := "code,id,code,v,v\n220381,1,110101,1,2\n"
	for _, c := range []struct {
		mod  func(*Options)
		want string
	}{
		{nil, `column "code" appears 2 times in the header (columns 1 and 3)`},
		{func(o *Options) { o.Column = "id"; o.Aggregate = []string{"v"} }, `--aggregate: column "v" appears 2 times in the header (columns 4 and 5)`},
		{func(o *Options) { o.Column = "id"; o.FromColumn = "code" }, `--from-column: column "code" appears 2 times`},
	} {
		_, _, err := run2019(t, in, c.mod)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("err = %v, want %s", err, c.want)
		}
	}
	// A number still names a position.
	out, _, err := run2019(t, in, func(o *Options) { o.Column = "3" })
	if err != nil || !strings.Contains(out, "110101,1,2,110101,东城区,exact") {
		t.Errorf("by position: %v\n%s", err, out)
	}
	// JSON lines: an object giving the key twice is a malformed row.
	out, rep, err := run2019(t, `{"code":"220381","code":"110101"}`+"\n", nil)
	if err != nil || rep.Malformed != 1 || !strings.Contains(out, `"quhua_relation":"invalid"`) || !strings.Contains(out, `key \"code\" appears 2 times`) {
		t.Errorf("JSON lines: %v %+v\n%s", err, rep, out)
	}
}

// TestRaggedFuzzSeeds runs the fuzz invariant over inputs known to have
// broken the output.
func TestRaggedFuzzSeeds(t *testing.T) {
	for _, in := range []string{
		"id,code\n1,220381,x\n",
		"id,code\n1,\"220381\n",
		"code\n\"a\"b\n",
		"a,code\r\n1,220381\r\n2,220381,\"x\r\n",
	} {
		for _, f := range []Format{CSV, TSV} {
			var out bytes.Buffer
			_, err := Run(context.Background(), strings.NewReader(in), &out, Options{Column: "code", From: quhua.EndOfYear(2019), Output: f, ChunkSize: 16})
			if err != nil {
				t.Fatal(err)
			}
			delim := ','
			if f == TSV {
				delim = '\t'
			}
			strictCSV(t, out.Bytes(), delim)
		}
	}
}
