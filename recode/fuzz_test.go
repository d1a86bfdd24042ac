package recode

import (
	"bytes"
	"context"
	"encoding/csv"
	"strings"
	"testing"
	"time"

	"github.com/quhua/quhua"
)

// FuzzRunCSV: any input gives a result or an error, never a panic, and
// every row read is written.
func FuzzRunCSV(f *testing.F) {
	for _, s := range []string{
		sample,
		"id,code\n1,\"220381\"\n2,\"a\"\"b\",x\n",
		"code\n\"unterminated\n220381\n",
		"code\r\n220381\r\n\r\n",
		"\ufeffcode,v\n22\"0381,1\n",
		"code\n\xff\xfe\n",
		"a\tcode\n1\t220381\n",
		"code\n110100\n320671\n229001\n",
		"id,code\n1,2203811\n2,220381.0\n3,220381,x\n4\n",
		"code,code\n220381,1\n",
		"",
	} {
		f.Add([]byte(s), uint8(0))
	}
	f.Fuzz(func(t *testing.T, in []byte, mode uint8) {
		o := Options{Column: "code", From: quhua.EndOfYear(2019), ChunkSize: 16 + int(mode%64), MaxRecord: 4096,
			Output: Format(mode % 4)}
		if mode&0x80 != 0 {
			o.FromAuto = true
		}
		var out bytes.Buffer
		rep, err := runWithin(t, in, &out, o)
		if err != nil {
			return
		}
		if rep.RowsRead != rep.RowsWritten {
			t.Fatalf("read %d rows, wrote %d", rep.RowsRead, rep.RowsWritten)
		}
		var n int64
		for _, c := range rep.Relations {
			n += c
		}
		if n != rep.RowsRead {
			t.Fatalf("relations add up to %d, rows %d", n, rep.RowsRead)
		}
		checkTable(t, rep.OutputFormat, out.Bytes(), rep.RowsWritten)
	})
}

// checkTable fails unless a CSV or TSV output is a well-formed table: every
// line has the header's number of fields, as a strict reader counts them,
// and there are rows+1 records.
func checkTable(t *testing.T, format string, out []byte, rows int64) {
	t.Helper()
	switch format {
	case "csv":
		recs, err := csv.NewReader(bytes.NewReader(out)).ReadAll()
		if err != nil {
			t.Fatalf("output is not well-formed CSV: %v\n%q", err, out)
		}
		if int64(len(recs)) != rows+1 {
			t.Fatalf("%d records, want %d rows and the header:\n%q", len(recs), rows, out)
		}
	case "tsv":
		lines := bytes.Split(bytes.TrimSuffix(out, []byte("\n")), []byte("\n"))
		for i, l := range lines {
			if n, h := bytes.Count(l, []byte("\t")), bytes.Count(lines[0], []byte("\t")); n != h {
				t.Fatalf("line %d has %d tabs, the header %d:\n%q", i+1, n, h, out)
			}
		}
		if int64(len(lines)) != rows+1 {
			t.Fatalf("%d lines, want %d rows and the header:\n%q", len(lines), rows, out)
		}
	}
}

// runWithin runs Run and fails the test if it takes more than a few
// seconds: a hang is a failure the fuzzer can record.
func runWithin(t *testing.T, in []byte, out *bytes.Buffer, o Options) (*Report, error) {
	type result struct {
		rep *Report
		err error
	}
	done := make(chan result, 1)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	go func() {
		rep, err := Run(ctx, bytes.NewReader(in), out, o)
		done <- result{rep, err}
	}()
	select {
	case r := <-done:
		return r.rep, r.err
	case <-time.After(5 * time.Second):
		t.Fatalf("Run did not return within 5s on %q", in)
	}
	return nil, nil
}

// FuzzRunJSONL is FuzzRunCSV for JSON lines.
func FuzzRunJSONL(f *testing.F) {
	for _, s := range []string{
		`{"code":"220381","v":1}` + "\n" + `{"code":220381}` + "\n",
		"{\"code\":\"\xff\"}\nnot json\n[1]\n{}\n",
		`{"code":"220381"} {"x":1}` + "\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, in []byte) {
		var out bytes.Buffer
		rep, err := runWithin(t, in, &out, Options{Column: "code", From: quhua.EndOfYear(2019), Input: JSONL, ChunkSize: 32, MaxRecord: 4096})
		if err != nil {
			return
		}
		if rep.RowsRead != rep.RowsWritten || int64(bytes.Count(out.Bytes(), []byte("\n"))) != rep.RowsWritten {
			t.Fatalf("read %d rows, wrote %d, %d lines", rep.RowsRead, rep.RowsWritten, bytes.Count(out.Bytes(), []byte("\n")))
		}
	})
}

// FuzzFieldParser: a record written by encoding/csv parses back to its
// fields.
func FuzzFieldParser(f *testing.F) {
	f.Add("a|b|c")
	f.Add("\"q\"|x,y|")
	f.Add("line\nbreak|\r|\"\"")
	f.Fuzz(func(t *testing.T, s string) {
		fields := strings.Split(s, "|")
		var b bytes.Buffer
		w := csv.NewWriter(&b)
		w.Write(fields)
		w.Flush()
		rec := b.Bytes()
		rec = rec[:len(rec)-1] // the newline
		if n := recordEnd(append(append([]byte(nil), rec...), '\n'), ','); n != len(rec)+1 {
			t.Fatalf("recordEnd %d, want %d for %q", n, len(rec)+1, rec)
		}
		p := fieldParser{delim: ',', quoting: true}
		got, problem := p.parse(rec)
		if problem != "" {
			t.Fatalf("%q: %s", rec, problem)
		}
		if len(got) != len(fields) {
			t.Fatalf("%q: %d fields, want %d", rec, len(got), len(fields))
		}
		for i := range got {
			// encoding/csv writes \r\n inside quoted fields as is; a lone
			// field "" is written as empty.
			if string(got[i]) != fields[i] {
				t.Fatalf("%q: field %d = %q, want %q", rec, i, got[i], fields[i])
			}
		}
	})
}

// FuzzLoadWeights: a weights file loads or is refused with an error.
func FuzzLoadWeights(f *testing.F) {
	f.Add("source,target,weight\n330104,330102,0.5\n330104,330114,0.5\n")
	f.Add("source,target,weight\n330104,330102,x\n")
	f.Fuzz(func(t *testing.T, s string) {
		LoadWeights(strings.NewReader(s), "w.csv")
	})
}
