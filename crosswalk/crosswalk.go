// Package crosswalk exports the registry's lineage as a flat table: for a
// pair of dates, one row per (source division, target division), so that
// programs outside Go (Spark, Trino, DuckDB) can recode data by a join.
//
// The mapping is the one recode applies row by row: every division in
// force on the source date, translated by quhua.Registry.TranslateRecord,
// with the recoding status of the source (the row's relation in recode)
// and the area relation of each target.
package crosswalk

import (
	"bufio"
	"fmt"
	"io"
	"runtime"
	"strconv"
	"sync"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
	"github.com/quhua/quhua"
)

// Row is one line of a crosswalk.
type Row struct {
	FromDate string `parquet:"from_date" json:"from_date"`
	ToDate   string `parquet:"to_date" json:"to_date"`
	FromCode string `parquet:"from_code" json:"from_code"`
	FromName string `parquet:"from_name" json:"from_name"`
	// Status is the recoding status of the source as a whole: exact,
	// renamed, recoded, merged, split, partial, abolished.
	Status string `parquet:"status" json:"status"`
	// ToCode and ToName are empty for an abolished source (a row of its
	// own, not partial, followed by its partial targets if any).
	ToCode string `parquet:"to_code" json:"to_code"`
	ToName string `parquet:"to_name" json:"to_name"`
	// Relation is the area relation of this target to the source: same,
	// superset, subset, overlap, lost-area, gained-area, lost-gained-area,
	// split-from (see quhua.Relation).
	Relation string `parquet:"relation" json:"relation"`
	// Partial: the target received only part of the source's area by a
	// transfer while the source went on; recode lists such targets in its
	// note, not as candidates.
	Partial bool `parquet:"partial" json:"partial"`
	// Candidates is the number of non-partial targets of the source: a
	// join on from_code with partial = false gives this many rows (one
	// row, with no target, for an abolished source).
	Candidates int `parquet:"candidates" json:"candidates"`
	// Certainty of this target: official, provisional (it rests on a list
	// the data release calls provisional) or unconfirmed (on a link no
	// official text confirms); empty for the row of an abolished source.
	Certainty string `parquet:"certainty" json:"certainty"`
}

// Columns are the column names, in order.
var Columns = []string{"from_date", "to_date", "from_code", "from_name", "status", "to_code", "to_name", "relation", "partial", "candidates", "certainty"}

func (r Row) values() []string {
	return []string{r.FromDate, r.ToDate, r.FromCode, r.FromName, r.Status, r.ToCode, r.ToName, r.Relation, strconv.FormatBool(r.Partial), strconv.Itoa(r.Candidates), r.Certainty}
}

// Pair is a source date and a target date. A zero From means each code
// at the latest date it was in force (see BuildAuto).
type Pair struct {
	From, To quhua.Date
	// Townships: the crosswalk of the township codes (9 digits) instead
	// of those of county level and above; the registry must hold the
	// township level (package township).
	Townships bool
}

// YearPairs returns every pair of year ends (Y1, Y2) with Y1 < Y2 within
// the registry's years.
func YearPairs(reg *quhua.Registry) []Pair {
	var out []Pair
	for a := reg.FirstYear(); a <= reg.LastYear(); a++ {
		for b := a + 1; b <= reg.LastYear(); b++ {
			out = append(out, Pair{From: quhua.EndOfYear(a), To: quhua.EndOfYear(b)})
		}
	}
	return out
}

// Build returns the crosswalk from one date to another, ordered by source
// code and target code: the codes of county level and above.
func Build(reg *quhua.Registry, from, to quhua.Date) []Row { return build(reg, from, to, false) }

// BuildTownships is Build for the township codes of a registry with the
// township level.
func BuildTownships(reg *quhua.Registry, from, to quhua.Date) []Row {
	return build(reg, from, to, true)
}

func build(reg *quhua.Registry, from, to quhua.Date, towns bool) []Row {
	var out []Row
	fd, td := from.String(), to.String()
	for _, d := range reg.At(from).All() {
		if (d.Level() == quhua.Township) != towns {
			continue
		}
		out = append(out, rows(reg, d.Record, from, to, fd, td)...)
	}
	return out
}

// BuildAuto returns the crosswalk of every code of the registry, each read
// at the latest date it was in force (its from_date), to date to: the
// mapping of recode --from auto. Ordered by source code.
func BuildAuto(reg *quhua.Registry, to quhua.Date) []Row { return buildAuto(reg, to, false) }

// BuildAutoTownships is BuildAuto for the township codes.
func BuildAutoTownships(reg *quhua.Registry, to quhua.Date) []Row { return buildAuto(reg, to, true) }

func buildAuto(reg *quhua.Registry, to quhua.Date, towns bool) []Row {
	var out []Row
	td := to.String()
	seen := map[quhua.Code]bool{}
	for _, r := range reg.Records() {
		if seen[r.Code] || (r.Level() == quhua.Township) != towns {
			continue
		}
		seen[r.Code] = true
		rs := reg.CodeRecords(r.Code)
		last := rs[len(rs)-1]
		from := to
		if last.To != 0 {
			from = last.To.AddDays(-1)
		}
		out = append(out, rows(reg, last, from, to, from.String(), td)...)
	}
	return out
}

func rows(reg *quhua.Registry, rec *quhua.Record, from, to quhua.Date, fd, td string) []Row {
	t := reg.TranslateRecord(rec, from, to)
	base := Row{FromDate: fd, ToDate: td, FromCode: rec.Code.String(), FromName: rec.Name, Status: string(t.Status()), Candidates: len(t.Main())}
	out := make([]Row, 0, len(t.Targets)+1)
	if base.Candidates == 0 {
		// Abolished: one row with no target, so that a join on the
		// non-partial rows finds every source; partial targets follow.
		out = append(out, base)
	}
	for _, x := range t.Targets {
		r := base
		r.ToCode, r.ToName, r.Relation, r.Partial = x.Record.Code.String(), x.Record.Name, x.Relation.String(), x.Partial
		r.Certainty = x.Certainty.Certainty.String()
		out = append(out, r)
	}
	return out
}

// Each calls fn with the crosswalk of every pair, in the order of pairs,
// computing up to GOMAXPROCS pairs at once.
func Each(reg *quhua.Registry, pairs []Pair, fn func([]Row) error) error {
	n := runtime.GOMAXPROCS(0)
	results := make([]chan []Row, len(pairs))
	for i := range results {
		results[i] = make(chan []Row, 1)
	}
	sem := make(chan struct{}, n)
	var wg sync.WaitGroup
	done := make(chan struct{})
	defer close(done)
	go func() {
		for i, p := range pairs {
			select {
			case sem <- struct{}{}:
			case <-done:
				return
			}
			wg.Add(1)
			go func(i int, p Pair) {
				defer wg.Done()
				if p.From == 0 {
					results[i] <- buildAuto(reg, p.To, p.Townships)
				} else {
					results[i] <- build(reg, p.From, p.To, p.Townships)
				}
			}(i, p)
		}
	}()
	for i := range pairs {
		rows := <-results[i]
		<-sem
		if err := fn(rows); err != nil {
			return err
		}
	}
	wg.Wait()
	return nil
}

// Writer writes crosswalk rows as CSV or Parquet.
type Writer struct {
	csv *bufio.Writer
	pq  *parquet.GenericWriter[Row]
	buf []byte
}

// NewWriter returns a writer of the format "csv" or "parquet".
func NewWriter(w io.Writer, format string) (*Writer, error) {
	switch format {
	case "csv":
		cw := &Writer{csv: bufio.NewWriterSize(w, 1<<16)}
		cw.line(Columns)
		return cw, nil
	case "parquet":
		return &Writer{pq: parquet.NewGenericWriter[Row](w, parquet.Compression(&zstd.Codec{}))}, nil
	}
	return nil, fmt.Errorf("unknown crosswalk format %q (want csv or parquet)", format)
}

func (w *Writer) line(vals []string) {
	w.buf = w.buf[:0]
	for i, v := range vals {
		if i > 0 {
			w.buf = append(w.buf, ',')
		}
		w.buf = append(w.buf, v...) // codes, names, words: no commas or quotes
	}
	w.buf = append(w.buf, '\n')
	w.csv.Write(w.buf)
}

// Write writes rows.
func (w *Writer) Write(rows []Row) error {
	if w.pq != nil {
		_, err := w.pq.Write(rows)
		return err
	}
	for _, r := range rows {
		w.line(r.values())
	}
	return nil
}

// Close flushes the output.
func (w *Writer) Close() error {
	if w.pq != nil {
		return w.pq.Close()
	}
	return w.csv.Flush()
}
