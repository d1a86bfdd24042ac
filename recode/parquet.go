package recode

import (
	"bufio"
	"context"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math"
	"os"
	"strconv"

	"github.com/parquet-go/parquet-go"
	"github.com/parquet-go/parquet-go/compress/zstd"
)

func bufioReader(r io.Reader) *bufio.Reader { return bufio.NewReaderSize(r, 1<<20) }

// parquetSink writes rows of strings as Parquet with one optional string
// column per output column. Parquet orders a group's columns by name.
type parquetSink struct {
	w      *parquet.Writer
	schema *parquet.Schema
	idx    []int // output column → leaf index
	buf    []parquet.Row
}

func newParquetSink(out io.Writer, cols []string) (*parquetSink, error) {
	g := parquet.Group{}
	for i, c := range cols {
		if c == "" {
			return nil, fmt.Errorf("parquet output: column %d has no name", i+1)
		}
		if _, dup := g[c]; dup {
			return nil, fmt.Errorf("parquet output: column %q appears twice", c)
		}
		g[c] = parquet.Optional(parquet.String())
	}
	schema := parquet.NewSchema("quhua", g)
	s := &parquetSink{schema: schema, w: parquet.NewWriter(out, schema, parquet.Compression(&zstd.Codec{}))}
	for _, c := range cols {
		leaf, _ := schema.Lookup(c)
		s.idx = append(s.idx, leaf.ColumnIndex)
	}
	return s, nil
}

func (s *parquetSink) write(c *chunkResult) error {
	s.buf = s.buf[:0]
	for _, r := range c.rows {
		row := make(parquet.Row, len(s.idx))
		for i, v := range r {
			row[s.idx[i]] = parquet.ByteArrayValue([]byte(v)).Level(0, 1, s.idx[i])
		}
		s.buf = append(s.buf, row)
	}
	_, err := s.w.WriteRows(s.buf)
	return err
}

func (s *parquetSink) close() error { return s.w.Close() }

// runParquet recodes a Parquet input. Parquet needs random access: a
// stream that is not a file is first copied to a temporary file.
func (ru *run) runParquet(ctx context.Context, r io.Reader, out io.Writer, rep *Report) (_ *Report, err error) {
	// The Parquet decoder may panic on a corrupt file: that is an error
	// of the input, not a crash.
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("parquet input: the file is corrupt (%v)", p)
		}
	}()
	f, size, cleanup, err := readerAt(r)
	if err != nil {
		return rep, err
	}
	defer cleanup()
	if err := checkParquetFooter(f, size); err != nil {
		return rep, err
	}
	// The page index and bloom filters are not needed: not reading them
	// spares allocations sized by the file's own claims.
	pf, err := parquet.OpenFile(f, size, parquet.SkipPageIndex(true), parquet.SkipBloomFilters(true))
	if err != nil {
		return rep, fmt.Errorf("parquet input: %w", err)
	}
	if err := checkParquetChunks(pf, size); err != nil {
		return rep, err
	}
	if err := checkParquetPages(f, pf, max(64<<20, int64(ru.o.MaxRecord))); err != nil {
		return rep, err
	}
	schema := pf.Schema()
	var leaves []parquet.LeafColumn
	for _, fld := range schema.Fields() {
		if !fld.Leaf() || fld.Repeated() {
			return rep, fmt.Errorf("parquet input: column %q is nested or repeated; only flat tables are supported", fld.Name())
		}
		leaf, _ := schema.Lookup(fld.Name())
		leaves = append(leaves, leaf)
		ru.header = append(ru.header, fld.Name())
	}
	// Leaves are in schema order; index them by column index.
	byCol := make([]int, len(leaves))
	kinds := make([]parquet.Kind, len(leaves))
	for i, l := range leaves {
		byCol[l.ColumnIndex] = i
		kinds[i] = l.Node.Type().Kind()
	}
	idx, err := ru.column(ru.o.Column, true)
	if err != nil {
		return rep, err
	}
	ru.col, ru.key = idx, ru.header[idx]
	ru.outCols = append(append([]string(nil), ru.header...), ru.added...)
	if len(ru.o.Aggregate) > 0 {
		ru.agg = newAggregator()
		for _, c := range ru.o.Aggregate {
			i, err := ru.column(c, false)
			if err != nil {
				return rep, fmt.Errorf("--aggregate: %w", err)
			}
			ru.agg.valueCols = append(ru.agg.valueCols, colRef{name: c, idx: i})
		}
		for _, c := range ru.o.GroupBy {
			i, err := ru.column(c, false)
			if err != nil {
				return rep, fmt.Errorf("--group-by: %w", err)
			}
			ru.agg.groupCols = append(ru.agg.groupCols, colRef{name: c, idx: i})
		}
	}
	ru.suffix = ru.m.rendered(ru)
	if err := ru.setupFromColumn(); err != nil {
		return rep, err
	}
	w := ru.newWorker()

	// Parquet to Parquet keeps the input's typed values; the added columns
	// are optional strings.
	var pw *parquet.Writer
	var outIdx []int
	var addIdx []int
	var text rowSink
	switch {
	case ru.agg != nil:
	case ru.out == Parquet:
		g := parquet.Group{}
		for _, fld := range schema.Fields() {
			g[fld.Name()] = fld
		}
		for _, a := range ru.added {
			if _, dup := g[a]; dup {
				return rep, fmt.Errorf("parquet input already has a column %q; choose another --prefix", a)
			}
			g[a] = parquet.Optional(parquet.String())
		}
		os := parquet.NewSchema(schema.Name(), g)
		for _, h := range ru.header {
			l, _ := os.Lookup(h)
			outIdx = append(outIdx, l.ColumnIndex)
		}
		for _, a := range ru.added {
			l, _ := os.Lookup(a)
			addIdx = append(addIdx, l.ColumnIndex)
		}
		pw = parquet.NewWriter(out, os, parquet.Compression(&zstd.Codec{}))
	default:
		ts := &textSink{w: out}
		if err := ru.writeHeader(ts); err != nil {
			return rep, err
		}
		text = ts
	}

	rd := parquet.NewReader(pf, schema)
	defer rd.Close()
	rows := make([]parquet.Row, 1024)
	var line int64 = 1
	vals := make([]string, len(leaves))
	for {
		if err := ctx.Err(); err != nil {
			return rep, err
		}
		n, rerr := rd.ReadRows(rows)
		cr := &chunkResult{}
		var outRows []parquet.Row
		for _, row := range rows[:n] {
			line++
			for i := range vals {
				vals[i] = ""
			}
			for _, v := range row {
				if c := v.Column(); c >= 0 && c < len(byCol) && !v.IsNull() {
					vals[byCol[c]] = valueText(v)
				}
			}
			var res *Result
			rest := ""
			problem := ""
			key := vals[idx]
			if k := kinds[idx]; k == parquet.Double || k == parquet.Float {
				key = floatKey(row, leaves[idx].ColumnIndex, k)
			}
			if ru.fromCol >= 0 {
				p, err := w.selectDate([]byte(vals[ru.fromCol]))
				if err != nil {
					return rep, err
				}
				problem = p
			}
			if problem != "" && ru.o.From == 0 {
				res = &Result{Relation: Invalid, Note: problem}
			} else {
				res, rest = w.lookup([]byte(key))
			}
			if problem != "" {
				if err := w.problem(line, problem); err != nil {
					return rep, ru.named(err)
				}
			}
			w.count(res)
			switch {
			case ru.agg != nil:
				if err := w.aggregate(res, line, func(c colRef) string { return vals[c.idx] }); err != nil {
					return rep, ru.named(err)
				}
			case pw != nil:
				nr := make(parquet.Row, 0, len(row)+len(addIdx))
				for _, v := range row {
					nr = append(nr, v.Level(v.RepetitionLevel(), v.DefinitionLevel(), outIdx[byCol[v.Column()]]))
				}
				for i, s := range ru.addedValues(res, rest, "", nil) {
					nr = append(nr, parquet.ByteArrayValue([]byte(s)).Level(0, 1, addIdx[i]))
				}
				outRows = append(outRows, nr)
			default:
				b := w.enc.open(cr.data)
				for i, v := range vals {
					b = w.enc.col(b, i, v)
				}
				cr.data = w.enc.close(b, cr, outcome{res: res, rest: rest})
			}
			cr.n++
		}
		if pw != nil && len(outRows) > 0 {
			// Rows must list their values in column order.
			for _, r := range outRows {
				sortRow(r)
			}
			if _, err := pw.WriteRows(outRows); err != nil {
				return rep, err
			}
		}
		if text != nil && len(cr.data) > 0 {
			if err := text.write(cr); err != nil {
				return rep, err
			}
		}
		rep.RowsWritten += cr.n
		if errors.Is(rerr, io.EOF) {
			break
		}
		if rerr != nil {
			return rep, fmt.Errorf("parquet input, row %d: %w", line-1, rerr)
		}
	}
	if ru.agg != nil {
		ru.agg.merge(w.agg)
		n, err := ru.agg.write(out, ru)
		rep.Groups, rep.RowsWritten = n, int64(n)
		if err != nil {
			return rep, err
		}
	}
	if pw != nil {
		if err := pw.Close(); err != nil {
			return rep, err
		}
	}
	ru.mergeStats([]*worker{w}, rep)
	rep.Bytes = size
	finishReport(rep)
	if ru.o.Strict {
		if n := rep.NotExactRows(); n > 0 || rep.Unconfirmed > 0 {
			return rep, &NotExactError{Rows: n, Unconfirmed: rep.Unconfirmed}
		}
	}
	return rep, nil
}

func sortRow(r parquet.Row) {
	for i := 1; i < len(r); i++ {
		for j := i; j > 0 && r[j].Column() < r[j-1].Column(); j-- {
			r[j], r[j-1] = r[j-1], r[j]
		}
	}
}

// floatKey is the text a floating-point value of the division column is
// looked up as: an integral value as a number with a zero fraction
// (220381.0), read as a code with a note; a value the column's type cannot
// hold exactly as an integer (beyond 2^24 for FLOAT, 2^53 for DOUBLE) or
// with a fraction in exponent form or with its fraction, which is no code.
func floatKey(row parquet.Row, col int, k parquet.Kind) string {
	for _, v := range row {
		if v.Column() != col || v.IsNull() {
			continue
		}
		x, bits, exact := v.Double(), 64, float64(1<<53)
		if k == parquet.Float {
			x, bits, exact = float64(v.Float()), 32, float64(1<<24)
		}
		if math.Abs(x) >= exact || math.IsNaN(x) {
			return strconv.FormatFloat(x, 'g', -1, bits)
		}
		s := strconv.FormatFloat(x, 'f', -1, bits)
		if x == math.Trunc(x) {
			s += ".0"
		}
		return s
	}
	return ""
}

// checkParquetFooter refuses a file whose footer length is impossible
// (longer than the file, or too short for any metadata) before the
// Parquet reader allocates a buffer of that length.
func checkParquetFooter(f io.ReaderAt, size int64) error {
	const frame = 4 + 4 + 4 // "PAR1", the footer length, "PAR1"
	if size < frame {
		return fmt.Errorf("parquet input: the file has %d bytes, too few for a Parquet file", size)
	}
	var tail [8]byte
	if _, err := f.ReadAt(tail[:], size-8); err != nil {
		return fmt.Errorf("parquet input: reading the footer: %w", err)
	}
	if string(tail[4:]) != "PAR1" {
		return fmt.Errorf("parquet input: the file does not end in PAR1 (truncated, or encrypted)")
	}
	n := int64(binary.LittleEndian.Uint32(tail[:4]))
	switch {
	case n > size-frame:
		return fmt.Errorf("parquet input: the footer claims %d bytes, the file has %d; the file is corrupt or truncated", n, size)
	case n == 0:
		return errors.New("parquet input: the footer is empty; the file is corrupt")
	}
	return checkParquetMetadata(f, size, n)
}

// checkParquetChunks refuses column chunks that claim to lie outside the
// file: their pages are read within those bounds.
func checkParquetChunks(pf *parquet.File, size int64) error {
	for i, rg := range pf.Metadata().RowGroups {
		if rg.NumRows < 0 {
			return fmt.Errorf("parquet input: row group %d claims %d rows; the file is corrupt", i, rg.NumRows)
		}
		for j, c := range rg.Columns {
			md := c.MetaData
			start := md.DataPageOffset
			if md.DictionaryPageOffset != 0 {
				start = md.DictionaryPageOffset
			}
			if start < 4 || md.TotalCompressedSize < 0 || md.TotalCompressedSize > size-start || md.NumValues < 0 {
				return fmt.Errorf("parquet input: row group %d, column %d: the column chunk claims bytes %d to %d of a %d-byte file; the file is corrupt",
					i, j, start, start+md.TotalCompressedSize, size)
			}
		}
	}
	return nil
}

// valueText formats a Parquet value as text.
func valueText(v parquet.Value) string {
	switch v.Kind() {
	case parquet.ByteArray, parquet.FixedLenByteArray:
		return string(v.ByteArray())
	case parquet.Int32:
		return strconv.FormatInt(int64(v.Int32()), 10)
	case parquet.Int64:
		return strconv.FormatInt(v.Int64(), 10)
	case parquet.Double:
		return strconv.FormatFloat(v.Double(), 'g', -1, 64)
	case parquet.Float:
		return strconv.FormatFloat(float64(v.Float()), 'g', -1, 32)
	case parquet.Boolean:
		return strconv.FormatBool(v.Boolean())
	}
	return v.String()
}

// readerAt gives random access to r: the file itself when r is a regular
// file, else a temporary copy.
func readerAt(r io.Reader) (io.ReaderAt, int64, func(), error) {
	if f, ok := r.(*os.File); ok {
		if st, err := f.Stat(); err == nil && st.Mode().IsRegular() {
			return f, st.Size(), func() {}, nil
		}
	}
	tmp, err := os.CreateTemp("", "quhua-recode-*.parquet")
	if err != nil {
		return nil, 0, nil, err
	}
	cleanup := func() { tmp.Close(); os.Remove(tmp.Name()) }
	n, err := io.Copy(tmp, r)
	if err != nil {
		cleanup()
		return nil, 0, nil, fmt.Errorf("parquet input: %w", err)
	}
	return tmp, n, cleanup, nil
}
