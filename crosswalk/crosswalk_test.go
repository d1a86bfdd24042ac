package crosswalk

import (
	"bytes"
	"io"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"
	"github.com/quhua/quhua"
)

func TestYearPairs(t *testing.T) {
	reg := quhua.Default()
	n := reg.LastYear() - reg.FirstYear() + 1
	if got := len(YearPairs(reg)); got != n*(n-1)/2 {
		t.Fatalf("%d pairs, want %d", got, n*(n-1)/2)
	}
}

func TestEachInOrder(t *testing.T) {
	reg := quhua.Default()
	pairs := YearPairs(reg)[:7]
	pairs = append(pairs, Pair{To: quhua.EndOfYear(2024)})
	i := 0
	err := Each(reg, pairs, func(rows []Row) error {
		p := pairs[i]
		i++
		if p.From == 0 {
			if rows[0].ToDate != "2024-12-31" || len(rows) < 6000 {
				t.Errorf("auto: %d rows, first %+v", len(rows), rows[0])
			}
			return nil
		}
		if rows[0].FromDate != p.From.String() || rows[0].ToDate != p.To.String() {
			t.Errorf("pair %d: rows of %s → %s", i, rows[0].FromDate, rows[0].ToDate)
		}
		return nil
	})
	if err != nil || i != len(pairs) {
		t.Fatalf("%v after %d pairs", err, i)
	}
}

// TestEveryDivisionHasRows: every division in force on the source date
// appears, and the candidates column counts its non-partial rows.
func TestEveryDivisionHasRows(t *testing.T) {
	reg := quhua.Default()
	from, to := quhua.EndOfYear(2000), quhua.EndOfYear(2024)
	rows := Build(reg, from, to)
	main := map[string]int{}
	cand := map[string]int{}
	for _, r := range rows {
		if !r.Partial && r.ToCode != "" {
			main[r.FromCode]++
		}
		cand[r.FromCode] = r.Candidates
	}
	if len(cand) != reg.At(from).Count() {
		t.Fatalf("%d sources, %d divisions in force", len(cand), reg.At(from).Count())
	}
	for c, n := range cand {
		if main[c] != n {
			t.Errorf("%s: candidates %d, non-partial rows %d", c, n, main[c])
		}
	}
}

func TestWriters(t *testing.T) {
	reg := quhua.Default()
	rows := Build(reg, quhua.EndOfYear(2019), quhua.EndOfYear(2024))
	var b bytes.Buffer
	w, err := NewWriter(&b, "csv")
	if err != nil {
		t.Fatal(err)
	}
	w.Write(rows)
	w.Close()
	lines := strings.Split(strings.TrimSuffix(b.String(), "\n"), "\n")
	if lines[0] != strings.Join(Columns, ",") || len(lines) != len(rows)+1 {
		t.Fatalf("csv: header %q, %d lines for %d rows", lines[0], len(lines), len(rows))
	}
	for _, l := range lines {
		if strings.Count(l, ",") != len(Columns)-1 || strings.ContainsAny(l, "\"\r") {
			t.Fatalf("csv line needs quoting: %q", l)
		}
	}
	b.Reset()
	w, _ = NewWriter(&b, "parquet")
	w.Write(rows)
	if err := w.Close(); err != nil {
		t.Fatal(err)
	}
	got, err := parquet.Read[Row](bytes.NewReader(b.Bytes()), int64(b.Len()))
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(rows) || got[0] != rows[0] {
		t.Fatalf("parquet: %d rows, first %+v, want %+v", len(got), got[0], rows[0])
	}
	if _, err := NewWriter(io.Discard, "xlsx"); err == nil {
		t.Error("xlsx accepted")
	}
}

func BenchmarkBuild(b *testing.B) {
	reg := quhua.Default()
	from, to := quhua.EndOfYear(2000), quhua.EndOfYear(2024)
	b.ReportAllocs()
	for b.Loop() {
		Build(reg, from, to)
	}
}

// TestAbolished: an abolished source has a row of its own with no target
// and partial false, then its partial targets.
func TestAbolished(t *testing.T) {
	var got []Row
	for _, r := range BuildAuto(quhua.Default(), quhua.EndOfYear(2024)) {
		if r.FromCode == "512100" {
			got = append(got, r)
		}
	}
	if len(got) < 2 || got[0].Status != "abolished" || got[0].ToCode != "" || got[0].Partial || got[0].Candidates != 0 {
		t.Fatalf("512100 永川地区: %+v", got)
	}
	for _, r := range got[1:] {
		if !r.Partial {
			t.Errorf("not partial: %+v", r)
		}
	}
}
