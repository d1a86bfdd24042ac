package recode

import (
	"bufio"
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// panel2000 builds a panel from the upstream list of 2000: every code with
// a value column (the row number).
func panel2000(t testing.TB) (string, int) {
	t.Helper()
	f, err := os.Open(upstream + "/data/2000.txt")
	if err != nil {
		t.Fatalf("the upstream data set is part of the repository, but cannot be read: %v", err)
	}
	defer f.Close()
	var b strings.Builder
	b.WriteString("code,name,value\n")
	sc := bufio.NewScanner(f)
	n := 0
	for sc.Scan() {
		code, name, ok := strings.Cut(strings.TrimSpace(sc.Text()), " ")
		if !ok {
			continue
		}
		n++
		fmt.Fprintf(&b, "%s,%s,%d\n", code, name, n)
	}
	return b.String(), n
}

func readCSV(t testing.TB, b []byte) [][]string {
	t.Helper()
	recs, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatalf("output is not CSV: %v", err)
	}
	return recs
}

func TestPanel2000To2024(t *testing.T) {
	in, n := panel2000(t)
	var out bytes.Buffer
	rep, err := Run(context.Background(), strings.NewReader(in), &out, Options{
		Column: "code", From: quhua.EndOfYear(2000), To: quhua.EndOfYear(2024)})
	if err != nil {
		t.Fatal(err)
	}
	if rep.RowsRead != int64(n) || rep.RowsWritten != int64(n) {
		t.Fatalf("rows read %d, written %d, want %d", rep.RowsRead, rep.RowsWritten, n)
	}
	if u := rep.Relations[Unknown]; u != 0 {
		t.Errorf("%d unknown rows", u)
	}
	recs := readCSV(t, out.Bytes())
	if len(recs) != n+1 {
		t.Fatalf("%d output rows, want %d", len(recs)-1, n)
	}
	want := []string{"code", "name", "value", "quhua_code", "quhua_name", "quhua_relation", "quhua_note", "quhua_raw"}
	if strings.Join(recs[0], ",") != strings.Join(want, ",") {
		t.Fatalf("header %v, want %v", recs[0], want)
	}
	found := false
	for i, r := range recs[1:] {
		if r[2] != fmt.Sprint(i+1) {
			t.Fatalf("row %d out of order: %v", i+1, r)
		}
		if r[5] == string(Unknown) {
			t.Errorf("unknown: %v", r)
		}
		if r[0] == "220381" {
			found = true
			// Recoded in 2020, and in 2005 it gave part of its area to
			// 长春市朝阳区: its continuation lost area.
			if r[3] != "220184" || r[5] != "partial" || !strings.Contains(r[6], "lost area") {
				t.Errorf("公主岭市: %v, want 220184 partial (lost area)", r)
			}
		}
	}
	if !found {
		t.Fatal("220381 not in the 2000 list")
	}
}

// TestPanel2000Aggregate rolls the panel up to prefectures: 公主岭市 is
// under 四平市 in 2019 and under 长春市 after its 2020 transfer.
func TestPanel2000Aggregate(t *testing.T) {
	in, n := panel2000(t)
	var value int
	for _, line := range strings.Split(in, "\n") {
		if strings.HasPrefix(line, "220381,") {
			fmt.Sscanf(line[strings.LastIndexByte(line, ',')+1:], "%d", &value)
		}
	}
	total := n * (n + 1) / 2
	for _, c := range []struct {
		to           int
		under, other string
	}{{2019, "220300", "220100"}, {2024, "220100", "220300"}} {
		t.Run(fmt.Sprint(c.to), func(t *testing.T) {
			run := func(in string) map[string]string {
				var out bytes.Buffer
				_, err := Run(context.Background(), strings.NewReader(in), &out, Options{
					Column: "code", From: quhua.EndOfYear(2000), To: quhua.EndOfYear(c.to),
					Aggregate: []string{"value"}, Level: quhua.Prefecture})
				if err != nil {
					t.Fatal(err)
				}
				sums := map[string]string{}
				sum := 0.0
				for _, r := range readCSV(t, out.Bytes())[1:] {
					sums[r[0]+"/"+r[2]] = r[4]
					var x float64
					fmt.Sscan(r[4], &x)
					sum += x
				}
				if int(sum) != total && strings.Count(in, "\n") > n {
					t.Errorf("the groups add up to %v, the input to %d", sum, total)
				}
				return sums
			}
			with := run(in)
			without := run(strings.Replace(in, fmt.Sprintf("220381,公主岭市,%d\n", value), "", 1))
			var a, b float64
			fmt.Sscan(with[c.under+"/division"], &a)
			fmt.Sscan(without[c.under+"/division"], &b)
			if a-b != float64(value) {
				t.Errorf("%s: %v with 公主岭市, %v without; want a difference of %d", c.under, a, b, value)
			}
			if with[c.other+"/division"] != without[c.other+"/division"] {
				t.Errorf("%s changed with 公主岭市: %s vs %s", c.other, with[c.other+"/division"], without[c.other+"/division"])
			}
		})
	}
}

// TestPanelReportDates: with a source date column, the report gives each
// value that is not exact once per source date, with that date, its rows
// summed over the workers.
func TestPanelReportDates(t *testing.T) {
	var b strings.Builder
	b.WriteString("year,code\n")
	for i := 0; i < 3000; i++ {
		y := 1982
		if i%3 == 0 {
			y = 1989
		}
		fmt.Fprintf(&b, "%d,232331\n", y) // 明水县, recoded 1999 to 231225
	}
	rep, err := Run(context.Background(), strings.NewReader(b.String()), io.Discard, Options{
		Column: "code", FromColumn: "year", Workers: 4, ChunkSize: 1024})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]int64{}
	for _, v := range rep.NotExact {
		if v.Value != "232331" || v.Relation != Recoded || v.Targets != "231225" {
			t.Errorf("unexpected value report %+v", v)
		}
		got[v.From] += v.Rows
	}
	if len(rep.NotExact) != 2 || got["1982-12-31"] != 2000 || got["1989-12-31"] != 1000 {
		t.Errorf("value reports %+v, want 232331 from 1982-12-31 (2000 rows) and from 1989-12-31 (1000 rows)", rep.NotExact)
	}
}

// TestPanelPairCounts checks the counts of a panel's rows mapped through
// the pair tables (CSV in and out) against the same rows read as TSV,
// which goes through the general path, with more rows of one code and
// date than a pair's counter holds before it is folded.
func TestPanelPairCounts(t *testing.T) {
	var csvIn, tsvIn strings.Builder
	csvIn.WriteString("year,code\n")
	tsvIn.WriteString("year\tcode\n")
	codes := []string{"232331", "110101", "320671", "420000"}
	const rows = 170000
	for i := 0; i < rows; i++ {
		y, c := 1982+i%3, codes[0]
		if i%5 == 1 {
			c = codes[1+i%3]
		}
		if i%2 == 0 {
			y = 1982 // some 90,000 rows of 232331 read in 1982
		}
		fmt.Fprintf(&csvIn, "%d,%s\n", y, c)
		fmt.Fprintf(&tsvIn, "%d\t%s\n", y, c)
	}
	run := func(in string, f Format) *Report {
		var out bytes.Buffer
		rep, err := Run(context.Background(), strings.NewReader(in), &out, Options{
			Column: "code", FromColumn: "year", Workers: 1, ChunkSize: 1 << 16, Input: f, Output: f})
		if err != nil {
			t.Fatal(err)
		}
		return rep
	}
	c, s := run(csvIn.String(), CSV), run(tsvIn.String(), TSV)
	if fmt.Sprint(c.Relations) != fmt.Sprint(s.Relations) || c.RowsRead != s.RowsRead {
		t.Errorf("CSV relations %v (%d rows), TSV %v (%d rows)", c.Relations, c.RowsRead, s.Relations, s.RowsRead)
	}
	key := func(v ValueReport) string { return v.Value + " " + v.From + " " + string(v.Relation) }
	want := map[string]int64{}
	for _, v := range s.NotExact {
		want[key(v)] += v.Rows
	}
	got := map[string]int64{}
	for _, v := range c.NotExact {
		got[key(v)] += v.Rows
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("CSV value reports %v, TSV %v", got, want)
	}
	var total int64
	for _, n := range c.Relations {
		total += n
	}
	if total != rows {
		t.Errorf("relations count %d rows, want %d", total, rows)
	}
}
