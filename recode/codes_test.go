package recode

import (
	"bytes"
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/quhua/quhua"
)

// codeCase is a value of the division column and what recode must make of
// it: the relation, the target codes and a substring of the note.
type codeCase struct {
	value, rel, codes, note string
}

// codeCases: only 6-, 9- and 12-digit strings are codes; other digit
// strings are unknown with a note saying why (never cut to a code); a code
// written as a number (220381.0) is read with a note.
var codeCases = []codeCase{
	{"220381", "recoded", "220184", "220381 公主岭市 → 220184"},
	{"220381001", "recoded", "220184001", "→ 220184"},
	{"220381001002", "recoded", "220184001002", "→ 220184"},
	{"2203811", "unknown", "", "has 7 digits"},
	{"22038100", "unknown", "", "has 8 digits"},
	{"2203810011", "unknown", "", "has 10 digits"},
	{"2203810011223", "unknown", "", "has 13 digits"},
	{"22038", "unknown", "", "has 5 digits"},
	{"220381.0", "recoded", "220184", "read as the code 220381"},
	{"220381.000", "recoded", "220184", "read as the code 220381"},
	{"220381001.0", "recoded", "220184001", "read as the code 220381001"},
	{"220102.0", "exact", "220102", "read as the code 220102"},
	{"220381.5", "unknown", "", "is a number, not a code"},
	{"2.20381e+05", "unknown", "", "is a number, not a code"},
	{"2203811.0", "unknown", "", "has 7 digits"},
}

// TestCodeLengthsText checks every text path: CSV, TSV, JSON lines with
// the values as strings and as numbers.
func TestCodeLengthsText(t *testing.T) {
	var csvIn, tsvIn, strIn, numIn strings.Builder
	csvIn.WriteString("id,code\n")
	tsvIn.WriteString("id\tcode\n")
	for i, c := range codeCases {
		csvIn.WriteString(string(rune('a'+i)) + "," + c.value + "\n")
		tsvIn.WriteString(string(rune('a'+i)) + "\t" + c.value + "\n")
		strIn.WriteString(`{"id":"` + string(rune('a'+i)) + `","code":"` + c.value + `"}` + "\n")
		numIn.WriteString(`{"id":"` + string(rune('a'+i)) + `","code":` + c.value + `}` + "\n")
	}
	for _, in := range []struct{ name, text string }{
		{"csv", csvIn.String()}, {"tsv", tsvIn.String()}, {"jsonl strings", strIn.String()}, {"jsonl numbers", numIn.String()},
	} {
		t.Run(in.name, func(t *testing.T) {
			out, _, err := run2019(t, in.text, func(o *Options) { o.Output = JSONL })
			if err != nil {
				t.Fatal(err)
			}
			checkCodeRows(t, out)
		})
	}
}

// checkCodeRows checks JSON lines output rows against codeCases, in order.
func checkCodeRows(t *testing.T, out string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != len(codeCases) {
		t.Fatalf("%d rows, want %d:\n%s", len(lines), len(codeCases), out)
	}
	for i, c := range codeCases {
		var row map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &row); err != nil {
			t.Fatalf("row %d: %v: %s", i+1, err, lines[i])
		}
		if row["quhua_relation"] != c.rel || row["quhua_code"] != c.codes || !strings.Contains(row["quhua_note"].(string), c.note) {
			t.Errorf("%s: relation %v, code %v, note %q; want %s, %q, a note with %q",
				c.value, row["quhua_relation"], row["quhua_code"], row["quhua_note"], c.rel, c.codes, c.note)
		}
	}
}

// TestCodeLengthsAggregate: a 7-digit value is not summed into the
// division of its first six digits.
func TestCodeLengthsAggregate(t *testing.T) {
	in := "code,v\n220381,1\n2203811,10\n22038100,100\n220381.0,1000\n"
	out, _, err := run2019(t, in, func(o *Options) { o.Aggregate = []string{"v"} })
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"220184,公主岭市,division,2,1001\n", ",,unknown,2,110\n"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
}

// TestCodeLengthsByName: with --by name, digits are names of nothing.
func TestCodeLengthsByName(t *testing.T) {
	out, _, err := run2019(t, "county\n2203811\n公主岭\n", func(o *Options) { o.Column = "county"; o.ByName = true })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "2203811,,,unknown,") || !strings.Contains(out, "公主岭,220184,") {
		t.Errorf("output:\n%s", out)
	}
}

// TestCodeLengthsParquet: string, integer and floating-point columns.
func TestCodeLengthsParquet(t *testing.T) {
	type strRow struct {
		Code string `parquet:"code"`
	}
	var strs []strRow
	for _, c := range codeCases {
		strs = append(strs, strRow{c.value})
	}
	var b bytes.Buffer
	if err := parquet.Write(&b, strs); err != nil {
		t.Fatal(err)
	}
	out, _, err := run2019(t, b.String(), func(o *Options) { o.Output = JSONL })
	if err != nil {
		t.Fatal(err)
	}
	checkCodeRows(t, out)

	type numRow struct {
		I int64   `parquet:"i"`
		F float64 `parquet:"f"`
		S float32 `parquet:"s"`
	}
	b.Reset()
	if err := parquet.Write(&b, []numRow{{2203811, 220381, 220381}, {220381, 220381.5, 220381001}}); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ col, rel, note string }{
		{"i", "unknown", "has 7 digits"},
		{"f", "recoded", "read as the code 220381"},
		{"s", "recoded", "read as the code 220381"},
	} {
		out, _, err := run2019(t, b.String(), func(o *Options) { o.Column = c.col; o.Output = JSONL })
		if err != nil {
			t.Fatal(err)
		}
		first := strings.SplitN(out, "\n", 2)[0]
		if !strings.Contains(first, `"quhua_relation":"`+c.rel+`"`) || !strings.Contains(first, c.note) {
			t.Errorf("column %s: %s", c.col, first)
		}
	}
	// The second row: 220381.5 is no code; a 32-bit float cannot hold a
	// 9-digit code, and whatever it holds is not read as one.
	for _, col := range []string{"f", "s"} {
		out, _, err := run2019(t, b.String(), func(o *Options) { o.Column = col; o.Output = JSONL })
		if err != nil {
			t.Fatal(err)
		}
		second := strings.Split(out, "\n")[1]
		if !strings.Contains(second, `"quhua_relation":"unknown"`) || !strings.Contains(second, "is a number, not a code") {
			t.Errorf("column %s: %s", col, second)
		}
	}
}

// TestLookupCodeLengths checks the worker's lookup directly, with FromAuto
// too (a different table path).
func TestLookupCodeLengths(t *testing.T) {
	for _, auto := range []bool{false, true} {
		var out bytes.Buffer
		o := Options{Column: "code", From: quhua.EndOfYear(2019), FromAuto: auto, To: quhua.EndOfYear(2024)}
		if auto {
			o.From = 0
		}
		_, err := Run(context.Background(), strings.NewReader("code\n2203811\n220381100\n"), &out, o)
		if err != nil {
			t.Fatal(err)
		}
		recs := readCSV(t, out.Bytes())
		if recs[1][1] != "" || recs[1][3] != "unknown" || recs[2][1] != "220184100" {
			t.Errorf("auto=%v:\n%s", auto, out.String())
		}
	}
}
