package recode

import (
	"bytes"
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func run2019(t testing.TB, in string, mod func(*Options)) (string, *Report, error) {
	t.Helper()
	o := Options{Column: "code", From: quhua.EndOfYear(2019), To: quhua.EndOfYear(2024), ChunkSize: 64}
	if mod != nil {
		mod(&o)
	}
	var out bytes.Buffer
	rep, err := Run(context.Background(), strings.NewReader(in), &out, o)
	return out.String(), rep, err
}

// TestMalformed: every malformed row is written and flagged with its line
// number in the report, and Strict makes it fatal with that line.
func TestMalformed(t *testing.T) {
	cases := []struct {
		name, in string
		line     int64
		problem  string
		// rel is the relation of the malformed row; out a substring of
		// the output it must contain.
		rel, out string
	}{
		{"short row", "id,code,v\n1,220381,5\n2,220381\n3,220381,1\n", 3, "row has 2 fields, the header has 3", "invalid", "2,220381,,,,invalid,"},
		{"short row without the column", "id,code,v\n1,220381,5\n2\n", 3, "row has 1 fields", "invalid", "2,,,,,invalid"},
		{"long row", "id,code,v\n1,220381,5,extra\n", 2, "row has 4 fields", "invalid", "1,220381,5,,,invalid,"},
		{"bare quote", "id,code,v\n1,22\"0381,5\n", 2, "bare quote in unquoted field 2", "unknown", "1,\"22\"\"0381\",5,"},
		{"text after quote", "id,code,v\n1,\"220381\"x,5\n", 2, "text after the closing quote of field 2", "unknown", "1,220381x,5,"},
		// Its line alone is the malformed row; the row after it is read (see TestUnbalancedQuote).
		{"unterminated quote", "id,code,v\n1,220381,5\n2,\"220381,5\n3,220381,6\n", 3, "unterminated quote starting at line 3; unterminated quoted field 2", "invalid", "2,\"220381,5\",,,,invalid,"},
		{"invalid UTF-8", "id,code,v\n1,220381,\xff\xfe\n", 2, "invalid UTF-8", "recoded", "1,220381,\xff\xfe,220184"},
		{"multi-line field then ragged", "id,code,v\n1,220381,\"a\nb\"\n2,220381\n", 4, "row has 2 fields", "invalid", "1,220381,\"a\nb\",220184"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, rep, err := run2019(t, c.in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.Malformed != 1 || len(rep.Problems) != 1 {
				t.Fatalf("malformed %d, problems %v", rep.Malformed, rep.Problems)
			}
			p := rep.Problems[0]
			if p.Line != c.line || !strings.Contains(p.Message, c.problem) {
				t.Errorf("problem %+v, want line %d: %s", p, c.line, c.problem)
			}
			if rep.RowsRead != rep.RowsWritten || rep.RowsRead != int64(strings.Count(out, "\n")-1) && c.name != "unterminated quote" && !strings.Contains(c.name, "multi-line") {
				t.Errorf("rows read %d, written %d, output lines %d", rep.RowsRead, rep.RowsWritten, strings.Count(out, "\n")-1)
			}
			if rep.Relations[Relation(c.rel)] == 0 {
				t.Errorf("relations %v, want one %s", rep.Relations, c.rel)
			}
			if !strings.Contains(out, c.out) {
				t.Errorf("output does not contain %q:\n%s", c.out, out)
			}
			if !strings.Contains(out, "malformed row: "+c.problem) {
				t.Errorf("output does not flag the row:\n%s", out)
			}
			_, _, err = run2019(t, c.in, func(o *Options) { o.Strict = true })
			var re *RowError
			if !errors.As(err, &re) || re.Line != c.line {
				t.Errorf("strict: %v, want a RowError on line %d", err, c.line)
			}
		})
	}
}

func TestMissingColumn(t *testing.T) {
	_, _, err := run2019(t, "id,kode\n1,220381\n", nil)
	if err == nil || !strings.Contains(err.Error(), `column "code" not found`) || !strings.Contains(err.Error(), "id, kode") {
		t.Fatalf("err = %v", err)
	}
	_, _, err = run2019(t, "id,kode\n1,220381\n", func(o *Options) { o.Column = "3" })
	if err == nil || !strings.Contains(err.Error(), "column 3 does not exist") {
		t.Fatalf("err = %v", err)
	}
	out, _, err := run2019(t, "id,kode\n1,220381\n", func(o *Options) { o.Column = "2" })
	if err != nil || !strings.Contains(out, "220184") {
		t.Fatalf("by index: %v\n%s", err, out)
	}
}

func TestEmptyInput(t *testing.T) {
	for _, in := range []string{"", "\n\n"} {
		if _, _, err := run2019(t, in, nil); !errors.Is(err, ErrEmpty) {
			t.Errorf("%q: err = %v, want ErrEmpty", in, err)
		}
	}
	out, rep, err := run2019(t, "id,code\n", nil)
	if err != nil || rep.RowsRead != 0 || out != "id,code,quhua_code,quhua_name,quhua_relation,quhua_note,quhua_raw\n" {
		t.Errorf("header only: %v %+v %q", err, rep, out)
	}
	out, rep, err = run2019(t, "", func(o *Options) { o.Input = JSONL })
	if err != nil || rep.RowsRead != 0 || out != "" {
		t.Errorf("empty JSON lines: %v %q", err, out)
	}
}

// TestHugeLine: a 100 MB line is refused with its line number, in bounded
// memory, not read whole.
func TestHugeLine(t *testing.T) {
	if testing.Short() {
		t.Skip("100 MB input")
	}
	var b bytes.Buffer
	b.WriteString("id,code\n1,220381\n2,")
	b.Write(bytes.Repeat([]byte("x"), 100<<20))
	b.WriteString("\n3,220381\n")
	var out bytes.Buffer
	_, err := Run(context.Background(), &b, &out, Options{Column: "code", From: quhua.EndOfYear(2019)})
	var tl *RecordTooLongError
	if !errors.As(err, &tl) || tl.Line != 3 {
		t.Fatalf("err = %v, want RecordTooLongError at line 3", err)
	}
	if !strings.HasPrefix(out.String(), "id,code,") {
		t.Errorf("output: %.200q", out.String())
	}
}

func TestLineEndingsAndBOM(t *testing.T) {
	out, _, err := run2019(t, "\ufeffid,code\r\n1,220381\r\n2,220381", nil)
	if err != nil {
		t.Fatal(err)
	}
	want := "\ufeffid,code,quhua_code,quhua_name,quhua_relation,quhua_note,quhua_raw\r\n" +
		"1,220381,220184,公主岭市,recoded,220381 公主岭市 → 220184 公主岭市 (2020-06-05),\r\n" +
		"2,220381,220184,公主岭市,recoded,220381 公主岭市 → 220184 公主岭市 (2020-06-05),\r\n"
	if out != want {
		t.Errorf("got\n%q\nwant\n%q", out, want)
	}
}

func TestJSONLines(t *testing.T) {
	in := `{"id":1,"code":"220381","v":2.5}
{"id":2,"code":220381}
not json
{"id":4}
[1,2]

{"id":6,"code":"320611"}
`
	out, rep, err := run2019(t, in, nil)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 6 || rep.RowsRead != 6 || rep.BlankLines != 1 || rep.Malformed != 3 {
		t.Fatalf("rows %d, report %+v\n%s", len(lines), rep, out)
	}
	for _, want := range []string{
		`{"id":1,"code":"220381","v":2.5,"quhua_code":"220184","quhua_name":"公主岭市","quhua_relation":"recoded"`,
		`{"id":2,"code":220381,"quhua_code":"220184"`,
		`{"quhua_code":"","quhua_name":"","quhua_relation":"invalid","quhua_note":"malformed row: not JSON: invalid character 'o' in literal null (expecting 'u')","quhua_raw":"not json"}`,
		`{"id":4,"quhua_code":"","quhua_name":"","quhua_relation":"invalid","quhua_note":"malformed row: no key \"code\"`,
		`"quhua_relation":"merged"`,
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %s\n%s", want, out)
		}
	}
	lines3 := []int64{}
	for _, p := range rep.Problems {
		lines3 = append(lines3, p.Line)
	}
	if len(lines3) != 3 || lines3[0] != 3 || lines3[1] != 4 || lines3[2] != 5 {
		t.Errorf("problem lines %v, want 3 4 5", lines3)
	}
}
