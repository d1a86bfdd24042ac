package recode

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/klauspost/compress/zstd"
	"github.com/quhua/quhua"
)

const sample = "id,code,value\n1,220381,10\n2,320611,5\n3,220101,2\n4,220381100000,7\n"

func TestCompressedInput(t *testing.T) {
	plain, _, err := run2019(t, sample, nil)
	if err != nil {
		t.Fatal(err)
	}
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write([]byte(sample))
	zw.Close()
	var zs bytes.Buffer
	zsw, _ := zstd.NewWriter(&zs)
	zsw.Write([]byte(sample))
	zsw.Close()
	for name, in := range map[string][]byte{"gzip": gz.Bytes(), "zstd": zs.Bytes()} {
		out, rep, err := run2019(t, string(in), nil)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if out != plain || rep.Compression != name {
			t.Errorf("%s: compression %s, output\n%s", name, rep.Compression, out)
		}
	}
}

func TestLongStatisticalCodes(t *testing.T) {
	out, _, err := run2019(t, sample, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "4,220381100000,7,220184100000,公主岭市,recoded") {
		t.Errorf("output:\n%s", out)
	}
}

func TestConversions(t *testing.T) {
	csvOut, _, _ := run2019(t, sample, nil)
	jsonOut, _, err := run2019(t, sample, func(o *Options) { o.Output = JSONL })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(jsonOut, `{"id":"1","code":"220381","value":"10","quhua_code":"220184","quhua_name":"公主岭市","quhua_relation":"recoded","quhua_note":`) {
		t.Errorf("CSV to JSON lines:\n%s", jsonOut)
	}
	// JSON lines back to CSV: the same as CSV directly, with the added
	// columns of the first pass kept as data columns.
	back, _, err := run2019(t, jsonOut, func(o *Options) { o.Output = CSV; o.Prefix = "again_" })
	if err != nil {
		t.Fatal(err)
	}
	first := strings.Split(csvOut, "\n")[1]
	if !strings.Contains(back, first) {
		t.Errorf("JSON lines to CSV lost data: want a line starting %q in\n%s", first, back)
	}
	tsvOut, _, err := run2019(t, strings.ReplaceAll(sample, ",", "\t"), func(o *Options) { o.Output = CSV })
	if err != nil {
		t.Fatal(err)
	}
	if tsvOut != csvOut {
		t.Errorf("TSV to CSV:\n%s\nwant\n%s", tsvOut, csvOut)
	}
}

func TestParquetRoundTrip(t *testing.T) {
	dir := t.TempDir()
	pq := filepath.Join(dir, "out.parquet")
	f, err := os.Create(pq)
	if err != nil {
		t.Fatal(err)
	}
	_, err = Run(context.Background(), strings.NewReader(sample), f, Options{Column: "code", From: quhua.EndOfYear(2019), Output: Parquet})
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	// Parquet in (a file, then a stream), CSV out.
	for _, stream := range []bool{false, true} {
		in, err := os.Open(pq)
		if err != nil {
			t.Fatal(err)
		}
		var r interface{ Read([]byte) (int, error) } = in
		if stream {
			b, _ := os.ReadFile(pq)
			r = bytes.NewReader(b)
		}
		var out bytes.Buffer
		rep, err := Run(context.Background(), r, &out, Options{Column: "code", From: quhua.EndOfYear(2019), Output: CSV, Prefix: "again_"})
		in.Close()
		if err != nil {
			t.Fatal(err)
		}
		if rep.RowsRead != 4 || rep.Format != "parquet" {
			t.Errorf("report %+v", rep)
		}
		recs := readCSV(t, out.Bytes())
		// Parquet orders columns by name: code, id, quhua_*, value.
		h := strings.Join(recs[0], ",")
		if h != "code,id,quhua_code,quhua_name,quhua_note,quhua_raw,quhua_relation,value,again_code,again_name,again_relation,again_note" {
			t.Fatalf("header %s", h)
		}
		if r := strings.Join(recs[1], ","); !strings.HasPrefix(r, "220381,1,220184,公主岭市,") || !strings.HasSuffix(r, ",,recoded,10,220184,公主岭市,recoded,220381 公主岭市 → 220184 公主岭市 (2020-06-05)") {
			t.Errorf("row %s", r)
		}
	}
	// Parquet to Parquet keeps the values and adds the columns.
	in, _ := os.Open(pq)
	defer in.Close()
	var out bytes.Buffer
	if _, err := Run(context.Background(), in, &out, Options{Column: "code", From: quhua.EndOfYear(2019), Prefix: "again_"}); err != nil {
		t.Fatal(err)
	}
	var csvOut bytes.Buffer
	if _, err := Run(context.Background(), bytes.NewReader(out.Bytes()), &csvOut, Options{Column: "again_code", From: quhua.EndOfYear(2024), Output: CSV, Prefix: "x_"}); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(csvOut.String(), ",recoded,220381,1,220184,") || !strings.Contains(csvOut.String(), ",10,220184,公主岭市,exact,") {
		t.Errorf("parquet to parquet:\n%s", csvOut.String())
	}
}

func TestByName(t *testing.T) {
	in := "county,v\n公主岭市,1\n公主岭,2\n吉林省四平市公主岭市,3\n朝阳区,4\n不存在县,5\n"
	out, rep, err := run2019(t, in, func(o *Options) { o.Column = "county"; o.ByName = true })
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"公主岭市,1,220184,公主岭市,recoded", "公主岭,2,220184", "吉林省四平市公主岭市,3,220184", "朝阳区,4,", "ambiguous", "不存在县,5,,,unknown"} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if rep.Relations[Ambiguous] != 1 {
		t.Errorf("relations %v", rep.Relations)
	}
}

func TestFromAuto(t *testing.T) {
	in := "code\n220381\n229001\n110103\n220184\n999999\n"
	out, rep, err := run2019(t, in, func(o *Options) { o.FromAuto = true })
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"220381,220184,公主岭市,recoded,220381 公主岭市 → 220184 公主岭市 (2020-06-05),2020-06-04,\n",
		"229001,220184,公主岭市,partial,", // it lost area to 朝阳区 in 2005
		"110103,110101,东城区,merged,",
		"220184,220184,公主岭市,exact,,2024-12-31,\n",
		"999999,,,unknown,999999 is not a division code of the registry,,\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if rep.From != "auto" {
		t.Errorf("from %q", rep.From)
	}
}

// TestRawVariant: the raw 1990–1994 lists' XX90XX codes are recognised on
// their dates.
func TestRawVariant(t *testing.T) {
	out, _, err := run2019(t, "code\n229001\n", func(o *Options) { o.From = quhua.EndOfYear(1992) })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "229001,220184,公主岭市,partial,\"229001 is the raw 1990–1994 lists' code of 220381 公主岭市") {
		t.Errorf("output:\n%s", out)
	}
}

func TestStrictNotExact(t *testing.T) {
	out, rep, err := run2019(t, sample, func(o *Options) { o.Strict = true })
	var ne *NotExactError
	if !asErr(err, &ne) || ne.Rows != 4 {
		t.Fatalf("err = %v", err)
	}
	if rep.RowsWritten != 4 || strings.Count(out, "\n") != 5 {
		t.Errorf("strict must still write everything: %d rows\n%s", rep.RowsWritten, out)
	}
}

func TestWeights(t *testing.T) {
	// 330104 江干区 (2020: split between 330102 and 330114, partly).
	in := "code,v\n330104,100\n"
	res := NewMapper(quhua.Default(), MapperOptions{From: quhua.EndOfYear(2020), To: quhua.EndOfYear(2024)}).Code(330104)
	if len(res.Main) < 2 {
		// The embedded data split 330104 in 2021; a test that silently
		// skipped here would test nothing.
		t.Fatalf("330104 (2020→2024) maps to %d main targets (%v); the test needs a split code", len(res.Main), res.Relation)
	}
	var w strings.Builder
	w.WriteString("source,target,weight\n")
	share := 1.0 / float64(len(res.Main))
	for i, c := range res.Main {
		x := share
		if i == len(res.Main)-1 {
			x = 1 - share*float64(len(res.Main)-1)
		}
		w.WriteString("330104," + c.Record.Code.String() + "," + strings.TrimRight(strings.TrimRight(ftoa(x), "0"), ".") + "\n")
	}
	ws, err := LoadWeights(strings.NewReader(w.String()), "weights.csv")
	if err != nil {
		t.Fatal(err)
	}
	out, _, err := run2019(t, in, func(o *Options) {
		o.From = quhua.EndOfYear(2020)
		o.Aggregate = []string{"v"}
	})
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, ";") || !strings.Contains(out, string(res.Relation)) {
		t.Errorf("without weights the split is one group listing the candidates:\n%s", out)
	}
	out, _, err = run2019(t, in, func(o *Options) {
		o.From = quhua.EndOfYear(2020)
		o.Aggregate = []string{"v"}
		o.Weights = ws
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(out, "division") != len(res.Main) {
		t.Errorf("with weights, one group per target:\n%s", out)
	}
	if _, err := LoadWeights(strings.NewReader("source,target,weight\n330104,330102,0.5\n"), "w.csv"); err == nil || !strings.Contains(err.Error(), "add up to 0.5") {
		t.Errorf("weights not adding up: %v", err)
	}
	if _, err := LoadWeights(strings.NewReader("source,target,weight\n330104,33010,0.5\n"), "w.csv"); err == nil || !strings.Contains(err.Error(), "w.csv:2: target") {
		t.Errorf("bad code: %v", err)
	}
}

func TestTSVAndJSONBOM(t *testing.T) {
	out, rep, err := run2019(t, "id\tcode\n1\t220381\n2\t\"220381\"\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Format != "tsv" || !strings.Contains(out, "1\t220381\t220184\t公主岭市\trecoded\t") {
		t.Errorf("%s:\n%s", rep.Format, out)
	}
	// TSV has no quoting: the quotes are part of the value.
	if !strings.Contains(out, "2\t\"220381\"\t\t\tunknown\t") {
		t.Errorf("quoted TSV value:\n%s", out)
	}
	out, rep, err = run2019(t, "\ufeff{\"code\":\"220381\"}\n", nil)
	if err != nil || rep.Format != "jsonl" || !strings.Contains(out, `"quhua_code":"220184"`) {
		t.Errorf("JSON lines with a BOM: %v %s\n%s", err, rep.Format, out)
	}
}

// TestFromColumn: each row read at the date of its own year column.
func TestFromColumn(t *testing.T) {
	in := "year,code\n2019,220381\n2021,220184\n1992,229001\n2021,220381\nx,220381\n,220381\n"
	out, rep, err := run2019(t, in, func(o *Options) { o.From = 0; o.FromColumn = "year" })
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"2019,220381,220184,公主岭市,recoded,",
		"2021,220184,220184,公主岭市,exact,,\n",
		"1992,229001,220184,公主岭市,partial,", // it lost area to 朝阳区 in 2005
		"2021,220381,,,unknown,\"220381 was not in force on 2021-12-31",
		"x,220381,,,invalid,\"malformed row: column year: \"\"x\"\" is not a date",
		",220381,,,invalid,",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("lacks %q:\n%s", want, out)
		}
	}
	if rep.From != "column year" || rep.Malformed != 2 {
		t.Errorf("report %+v", rep)
	}
	// With a default date for empty cells.
	out, _, err = run2019(t, in, func(o *Options) { o.FromColumn = "year" })
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out, "\n,220381,220184,公主岭市,recoded,") || !strings.Contains(out, "x,220381,220184,公主岭市,recoded,\"malformed row: column year: \"\"x\"\" is not a date; read at 2019-12-31") {
		t.Errorf("default date:\n%s", out)
	}
	// JSON lines.
	out, _, err = run2019(t, `{"year":2019,"code":"220381"}`+"\n"+`{"year":"2021","code":"220184"}`+"\n", func(o *Options) { o.From = 0; o.FromColumn = "year" })
	if err != nil || !strings.Contains(out, `"quhua_relation":"recoded"`) || !strings.Contains(out, `"quhua_relation":"exact"`) {
		t.Errorf("JSON lines: %v\n%s", err, out)
	}
	// Too many dates.
	var b strings.Builder
	b.WriteString("day,code\n")
	for i := 0; i < 70; i++ {
		fmt.Fprintf(&b, "2019-%02d-%02d,220381\n", 1+i/28, 1+i%28)
	}
	_, _, err = run2019(t, b.String(), func(o *Options) { o.From = 0; o.FromColumn = "day" })
	if err == nil || !strings.Contains(err.Error(), "more than 64 distinct dates") {
		t.Errorf("70 dates: %v", err)
	}
}
