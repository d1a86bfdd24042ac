package recode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/quhua/quhua"
)

// Options configure a run.
type Options struct {
	// Registry to translate with; nil means quhua.Default().
	Registry *quhua.Registry
	// Column is the division column: a header name, or a 1-based index
	// when no column has that name. Required.
	Column string
	// ByName reads the column as division names instead of codes.
	ByName bool
	// From is the date the input's codes are valid on, unless FromAuto.
	From quhua.Date
	// FromAuto reads each code at the latest date it was in force and
	// writes that date in an added vintage column.
	FromAuto bool
	// FromColumn names a column holding each row's source date (2019,
	// 2019-06, 2019-06-30), for panels whose codes change vintage by row;
	// From, if set, serves rows where it is empty. At most 64 distinct
	// dates per run.
	FromColumn string
	// To is the target date; zero means the registry's latest state.
	To quhua.Date
	// Input and Output are the formats; Auto detects the input format and
	// writes the output in the input's.
	Input, Output Format
	// Name is the input's file name, used to detect its format.
	Name string
	// Strict makes any malformed row fatal and returns NotExactError after
	// a complete run when any row is not exact.
	Strict bool
	// Prefix of the added columns; default "quhua_".
	Prefix string
	// Aggregate lists numeric columns to sum per target division instead
	// of writing rows.
	Aggregate []string
	// GroupBy lists further columns (a year, a sector) to aggregate by.
	GroupBy []string
	// Level to aggregate to: county (the targets), prefecture or province.
	Level quhua.Level
	// Weights apportion split rows among their targets when aggregating.
	Weights Weights
	// Workers is the number of parallel mappers; default GOMAXPROCS.
	Workers int
	// ChunkSize is the size of a unit of parallel work; default 1 MiB.
	ChunkSize int
	// MaxRecord is the longest record accepted; default 64 MiB. For
	// Parquet input it bounds the decompressed size of a page (at least
	// 64 MiB).
	MaxRecord int
	// Progress, if set, is called with the number of input bytes read so
	// far (decompressed), from the reading goroutine.
	Progress func(bytesRead int64)
}

// ErrEmpty is returned for an input with no header (CSV, TSV) or no data
// at all.
var ErrEmpty = errors.New("empty input: no header line")

// run is the state of one Run.
type run struct {
	o       Options
	m       *Mapper
	in, out Format
	quoting bool
	delim   byte
	header  []string // input columns
	col     int      // index of the division column (text formats)
	fromCol int      // index of the source date column; -1: none
	dateMu  sync.Mutex
	dates   map[quhua.Date]*dateMapper
	key     string   // name of the division column
	added   []string // names of the added columns
	outCols []string // output columns (conversions and parquet)
	agg     *aggregator
	suffix  [][]byte // rendered added fields per table result id
	hasBOM  bool
	// eol ends every output line of a text format: the input's first
	// line ending (CRLF input gives CRLF output).
	eol []byte
	// raw: the added columns end with the raw column (text inputs).
	raw bool
}

// Run recodes the table read from in and writes the result to out. It
// streams: memory stays bounded whatever the input's size. The report is
// returned even with an error, as far as the run got.
func Run(ctx context.Context, in io.Reader, out io.Writer, o Options) (*Report, error) {
	if o.Registry == nil {
		o.Registry = quhua.Default()
	}
	if o.Column == "" {
		return nil, errors.New("no division column given")
	}
	if o.Prefix == "" {
		o.Prefix = "quhua_"
	}
	if o.Workers <= 0 {
		o.Workers = runtime.GOMAXPROCS(0)
	}
	if o.ChunkSize <= 0 {
		o.ChunkSize = 1 << 20
	}
	if o.MaxRecord <= 0 {
		o.MaxRecord = 64 << 20
	}
	if o.To == 0 {
		o.To = o.Registry.Latest()
	}
	if !o.FromAuto && o.From == 0 && o.FromColumn == "" {
		return nil, errors.New("no source date: give From, FromAuto or FromColumn")
	}
	if o.FromAuto && o.FromColumn != "" {
		return nil, errors.New("FromAuto and FromColumn exclude each other")
	}
	if o.Level == 0 {
		o.Level = quhua.County
	}
	rep := &Report{Input: o.Name, Relations: map[Relation]int64{}, To: o.To.String(), Column: o.Column}
	switch {
	case o.FromAuto:
		rep.From = "auto"
	case o.FromColumn != "":
		rep.From = "column " + o.FromColumn
	default:
		rep.From = o.From.String()
	}
	r, comp, closeFn, err := Decompress(in)
	if err != nil {
		return rep, err
	}
	defer closeFn()
	rep.Compression = comp.String()
	br, ok := r.(interface{ Peek(int) ([]byte, error) })
	if !ok {
		b := bufioReader(r)
		br, r = b, b
	}
	head, _ := br.Peek(4096)
	inFmt := o.Input
	if inFmt == Auto {
		inFmt = FormatOf(o.Name)
	}
	if bytes.HasPrefix(head, magicParquet) {
		inFmt = Parquet
	}
	if inFmt == Auto {
		if len(head) == 0 {
			return rep, ErrEmpty
		}
		inFmt = sniff(head)
	}
	outFmt := o.Output
	if outFmt == Auto {
		outFmt = inFmt
	}
	rep.Format, rep.OutputFormat = inFmt.String(), outFmt.String()
	ru := &run{o: o, in: inFmt, out: outFmt, fromCol: -1, eol: nl}
	ru.m = cachedMapper(o.Registry, MapperOptions{From: o.From, FromAuto: o.FromAuto, To: o.To, Level: o.Level, ByName: o.ByName})
	if o.From == 0 && !o.FromAuto {
		// FromColumn without a default date: rows get their own mapper;
		// this one serves only as a placeholder until the first row.
		ru.m = cachedMapper(o.Registry, MapperOptions{From: o.To, To: o.To, Level: o.Level, ByName: o.ByName})
	}
	ru.added = []string{o.Prefix + "code", o.Prefix + "name", o.Prefix + "relation", o.Prefix + "note"}
	if o.FromAuto {
		ru.added = append(ru.added, o.Prefix+"vintage")
	}
	if inFmt != Parquet {
		// A text row can be malformed: the raw column keeps it as read.
		ru.added = append(ru.added, o.Prefix+"raw")
		ru.raw = true
	}
	if inFmt == Parquet {
		if f, ok := in.(*os.File); ok && comp == None {
			if _, err := f.Seek(0, io.SeekStart); err == nil {
				r = f
			}
		}
		return ru.runParquet(ctx, r, out, rep)
	}
	return ru.runText(ctx, r, out, rep)
}

// runText runs the pipeline over CSV, TSV or JSON lines: a reader cuts the
// input into chunks of whole records, workers map them in parallel, and a
// writer puts the results out in input order.
func (ru *run) runText(ctx context.Context, r io.Reader, out io.Writer, rep *Report) (*Report, error) {
	o := ru.o
	ru.delim = ','
	ru.quoting = ru.in == CSV
	if ru.in == TSV {
		ru.delim = '\t'
	}
	sp := &splitter{r: r, quoting: ru.quoting, delim: ru.delim, chunkSize: o.ChunkSize, maxRecord: o.MaxRecord}
	first, err := sp.next()
	if errors.Is(err, io.EOF) {
		if ru.in == JSONL {
			first = &chunk{line: 1, last: true}
		} else {
			return rep, ErrEmpty
		}
	} else if err != nil {
		return rep, ru.named(err)
	}
	if err := ru.setup(first); err != nil {
		return rep, err
	}
	var sink rowSink
	switch {
	case ru.agg != nil:
		sink = nopSink{}
	case ru.out == Parquet:
		sink, err = newParquetSink(out, ru.outCols)
		if err != nil {
			return rep, err
		}
	default:
		sink = &textSink{w: out}
		if err := ru.writeHeader(sink.(*textSink)); err != nil {
			return rep, err
		}
	}

	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	workers := o.Workers
	jobs := make(chan *chunk, workers)
	results := make(chan *chunkResult, workers)
	tokens := make(chan struct{}, 2*workers+2) // bounds chunks in flight
	var readBytes atomic.Int64

	go func() { // reader
		defer close(jobs)
		c := first
		for {
			select {
			case tokens <- struct{}{}:
			case <-ctx.Done():
				return
			}
			select {
			case jobs <- c:
			case <-ctx.Done():
				return
			}
			readBytes.Store(sp.read)
			if o.Progress != nil {
				o.Progress(sp.read)
			}
			if c.last {
				return
			}
			var err error
			c, err = sp.next()
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				cancel(err)
				return
			}
		}
	}()
	var wg sync.WaitGroup
	ws := make([]*worker, workers)
	for i := range ws {
		ws[i] = ru.newWorker()
		wg.Add(1)
		go func(w *worker) {
			defer wg.Done()
			for c := range jobs {
				res := w.process(c)
				select {
				case results <- res:
				case <-ctx.Done():
					return
				}
				if res.err != nil {
					cancel(res.err)
					return
				}
			}
		}(ws[i])
	}
	go func() { wg.Wait(); close(results) }()

	// Writer: in order.
	pending := map[int]*chunkResult{}
	nextSeq := 0
	var werr error
	for res := range results {
		pending[res.seq] = res
		for {
			p, ok := pending[nextSeq]
			if !ok {
				break
			}
			delete(pending, nextSeq)
			nextSeq++
			if p.err != nil && werr == nil {
				werr = p.err
			}
			if werr == nil {
				if err := sink.write(p); err != nil {
					werr = err
					cancel(err)
				}
				rep.RowsWritten += p.n
			}
			<-tokens
		}
	}
	ru.mergeStats(ws, rep)
	rep.Bytes = readBytes.Load()
	// A read error, or the caller's cancellation, stopped the reader.
	if werr == nil && ctx.Err() != nil {
		werr = context.Cause(ctx)
	}
	if werr != nil {
		finishReport(rep)
		return rep, ru.named(werr)
	}
	if ru.agg != nil {
		for _, w := range ws {
			ru.agg.merge(w.agg)
		}
		n, err := ru.agg.write(out, ru)
		rep.Groups, rep.RowsWritten = n, int64(n)
		if err != nil {
			return rep, err
		}
	} else if err := sink.close(); err != nil {
		return rep, err
	}
	finishReport(rep)
	if o.Strict {
		// Unconfirmed answers are reported like inferred ones, never
		// passed silently.
		if n := rep.NotExactRows(); n > 0 || rep.Unconfirmed > 0 {
			return rep, &NotExactError{Rows: n, Unconfirmed: rep.Unconfirmed}
		}
	}
	return rep, nil
}

// named adds the input's file name to errors that give a line.
func (ru *run) named(err error) error {
	var re *RowError
	var tl *RecordTooLongError
	switch {
	case errors.As(err, &re):
		re.Name = ru.o.Name
	case errors.As(err, &tl):
		tl.Name = ru.o.Name
	}
	return err
}

func finishReport(rep *Report) {
	sortValues(rep.NotExact)
	// mergeStats counted them all and kept the first maxValues.
	rep.NotExactValues = max(rep.NotExactValues, len(rep.NotExact))
	if len(rep.NotExact) > maxValues {
		rep.NotExact = rep.NotExact[:maxValues]
	}
	if len(rep.Problems) > maxProblems {
		rep.Problems = rep.Problems[:maxProblems]
	}
}

// setup reads the header (CSV, TSV) or the first object's keys (JSONL)
// from the first chunk and resolves the columns.
func (ru *run) setup(first *chunk) error {
	o := ru.o
	switch ru.in {
	case CSV, TSV:
		data := first.data
		if bytes.HasPrefix(data, bom) {
			ru.hasBOM = true
			data = data[len(bom):]
		}
		rec, eol, rest, lines := nextRecord(data, ru.quoting, ru.delim)
		if len(eol) == 2 {
			ru.eol = crlf
		}
		if len(bytes.TrimSpace(rec)) == 0 {
			if len(bytes.TrimSpace(rest)) == 0 {
				return ErrEmpty
			}
			return errors.New("line 1: the header line is empty")
		}
		fp := fieldParser{delim: ru.delim, quoting: ru.quoting}
		fields, problem := fp.parse(rec)
		if problem != "" {
			return fmt.Errorf("line 1 (header): %s", problem)
		}
		if !utf8.Valid(rec) {
			return fmt.Errorf("line 1 (header): invalid UTF-8")
		}
		for _, f := range fields {
			ru.header = append(ru.header, string(f))
		}
		first.data = rest
		first.line += int64(max(lines, 1))
	case JSONL:
		first.data = bytes.TrimPrefix(first.data, bom)
		data := first.data
		for len(data) > 0 {
			rec, eol, rest, _ := nextRecord(data, false, 0)
			data = rest
			if len(bytes.TrimSpace(rec)) == 0 {
				continue
			}
			if len(eol) == 2 {
				ru.eol = crlf
			}
			keys, _, err := decodeObject(rec, "")
			if err == nil {
				ru.header = keys
			}
			break
		}
	}
	idx, err := ru.column(o.Column, true)
	if err != nil {
		return err
	}
	ru.col = idx
	if idx >= 0 {
		ru.key = ru.header[idx]
	} else {
		ru.key = o.Column
	}
	ru.outCols = append(append([]string(nil), ru.header...), ru.added...)
	if len(o.Aggregate) > 0 {
		ru.agg = newAggregator()
		for _, c := range o.Aggregate {
			i, err := ru.column(c, false)
			if err != nil {
				return fmt.Errorf("--aggregate: %w", err)
			}
			ru.agg.valueCols = append(ru.agg.valueCols, colRef{name: c, idx: i})
		}
		for _, c := range o.GroupBy {
			i, err := ru.column(c, false)
			if err != nil {
				return fmt.Errorf("--group-by: %w", err)
			}
			ru.agg.groupCols = append(ru.agg.groupCols, colRef{name: c, idx: i})
		}
	}
	ru.suffix = ru.m.rendered(ru)
	return ru.setupFromColumn()
}

// setupFromColumn resolves Options.FromColumn.
func (ru *run) setupFromColumn() error {
	if ru.o.FromColumn == "" {
		return nil
	}
	i, err := ru.column(ru.o.FromColumn, false)
	if err != nil {
		return fmt.Errorf("--from-column: %w", err)
	}
	ru.fromCol = i
	if ru.in == JSONL {
		ru.fromCol = len(ru.header) + 1 // any value ≥ 0: the key is used
	}
	ru.dates = map[quhua.Date]*dateMapper{}
	return nil
}

// mapperAt returns the mapper for rows of source date d.
func (ru *run) mapperAt(d quhua.Date) (*dateMapper, error) {
	ru.dateMu.Lock()
	defer ru.dateMu.Unlock()
	if dm, ok := ru.dates[d]; ok {
		return dm, nil
	}
	if len(ru.dates) >= maxMappers {
		return nil, fmt.Errorf("column %s holds more than %d distinct dates; give years (2019) rather than days", ru.o.FromColumn, maxMappers)
	}
	m := cachedMapper(ru.o.Registry, MapperOptions{From: d, To: ru.o.To, Level: ru.o.Level, ByName: ru.o.ByName})
	dm := &dateMapper{m: m, suffix: m.rendered(ru)}
	ru.dates[d] = dm
	return dm, nil
}

// column resolves a column given by name or 1-based index. For JSON lines
// the index is -1 and the name is used as the key.
func (ru *run) column(c string, division bool) (int, error) {
	var at []int
	for i, h := range ru.header {
		if h == c {
			at = append(at, i)
		}
	}
	switch len(at) {
	case 0:
	case 1:
		return at[0], nil
	default:
		if ru.in == JSONL {
			// Keys of the first object: a row giving a key twice is
			// flagged when it is read.
			return at[0], nil
		}
		pos := make([]string, len(at))
		for i, x := range at {
			pos[i] = strconv.Itoa(x + 1)
		}
		list := strings.Join(pos[:len(pos)-1], ", ") + " and " + pos[len(pos)-1]
		return 0, fmt.Errorf("column %q appears %d times in the header (columns %s); rename the copies or give the column by its number", c, len(at), list)
	}
	if n, err := strconv.Atoi(c); err == nil && ru.in != JSONL {
		if n >= 1 && n <= len(ru.header) {
			return n - 1, nil
		}
		return 0, fmt.Errorf("column %d does not exist: the header has %d columns", n, len(ru.header))
	}
	if ru.in == JSONL {
		return -1, nil
	}
	return 0, fmt.Errorf("column %q not found in the header (columns: %s)", c, strings.Join(ru.header, ", "))
}

// writeHeader writes the output header of text formats.
func (ru *run) writeHeader(s *textSink) error {
	var b []byte
	switch ru.out {
	case CSV, TSV:
		delim := byte(',')
		if ru.out == TSV {
			delim = '\t'
		}
		if ru.hasBOM && ru.out == ru.in {
			b = append(b, bom...)
		}
		for i, h := range ru.outCols {
			if i > 0 {
				b = append(b, delim)
			}
			b = appendField(b, h, ru.out)
		}
		b = append(b, ru.eol...)
	}
	if len(b) == 0 {
		return nil
	}
	_, err := s.w.Write(b)
	return err
}

// render appends the added fields for a result (without the leading
// delimiter for JSONL, with it for CSV and TSV) to b: rest is the part of a
// long statistical code after its first six digits, problem a row problem,
// raw the row as read when it is not written as read (else nil).
func (ru *run) render(b []byte, res *Result, rest, problem string, raw []byte) []byte {
	vals := ru.addedValues(res, rest, problem, raw)
	switch ru.out {
	case CSV, TSV:
		delim := byte(',')
		if ru.out == TSV {
			delim = '\t'
		}
		for i, v := range vals {
			b = append(b, delim)
			if ru.out == TSV && ru.raw && i == len(vals)-1 {
				b = appendEscapedTSV(b, v)
				continue
			}
			b = appendField(b, v, ru.out)
		}
	case JSONL:
		for i, v := range vals {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, ru.added[i])
			b = append(b, ':')
			b = appendJSONString(b, v)
		}
	}
	return b
}

// addedValues are the values of the added columns.
func (ru *run) addedValues(res *Result, rest, problem string, raw []byte) []string {
	codes := res.Codes
	if rest != "" && codes != "" {
		parts := strings.Split(codes, ";")
		for i := range parts {
			parts[i] += rest
		}
		codes = strings.Join(parts, ";")
	}
	note := res.Note
	if problem != "" {
		note = joinNote("malformed row: "+problem, note)
	}
	vals := []string{codes, res.Names, string(res.Relation), note}
	if ru.o.FromAuto {
		v := ""
		if res.Vintage != 0 {
			v = res.Vintage.String()
		}
		vals = append(vals, v)
	}
	if ru.raw {
		vals = append(vals, string(raw))
	}
	return vals
}

// appendEscapedTSV appends s as a TSV field that keeps every byte: TSV has
// no quoting, so a backslash, tab, line feed and carriage return are
// written as \\, \t, \n and \r.
func appendEscapedTSV(b []byte, s string) []byte {
	for i := 0; i < len(s); i++ {
		switch c := s[i]; c {
		case '\\':
			b = append(b, '\\', '\\')
		case '\t':
			b = append(b, '\\', 't')
		case '\n':
			b = append(b, '\\', 'n')
		case '\r':
			b = append(b, '\\', 'r')
		default:
			b = append(b, c)
		}
	}
	return b
}

// appendField appends a CSV (quoted when needed) or TSV field.
func appendField(b []byte, s string, f Format) []byte {
	if f == TSV {
		if strings.ContainsAny(s, "\t\n\r") {
			s = strings.NewReplacer("\t", " ", "\n", " ", "\r", " ").Replace(s)
		}
		return append(b, s...)
	}
	if s == "" || !strings.ContainsAny(s, ",\"\r\n") && s[0] != ' ' {
		return append(b, s...)
	}
	b = append(b, '"')
	for i := 0; i < len(s); i++ {
		if s[i] == '"' {
			b = append(b, '"')
		}
		b = append(b, s[i])
	}
	return append(b, '"')
}

// appendJSONString appends s as a JSON string. Invalid UTF-8 becomes
// U+FFFD, as encoding/json does.
func appendJSONString[S string | []byte](b []byte, s S) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '"', '\\':
				b = append(b, '\\', c)
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			}
			i++
			start = i
			continue
		}
		var rb [utf8.UTFMax]byte
		r, size := utf8.DecodeRune(rb[:copy(rb[:], s[i:])])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, "\\ufffd"...)
			i++
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}

// decodeObject decodes a JSON object keeping its keys in order and
// returns the value of key (as text: strings unquoted) if key is not "".
func decodeObject(rec []byte, key string) (keys []string, raw []json.RawMessage, err error) {
	dec := json.NewDecoder(bytes.NewReader(rec))
	dec.UseNumber()
	t, err := dec.Token()
	if err != nil {
		return nil, nil, fmt.Errorf("not JSON: %v", err)
	}
	if d, ok := t.(json.Delim); !ok || d != '{' {
		return nil, nil, errors.New("not a JSON object")
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, nil, fmt.Errorf("not JSON: %v", err)
		}
		k, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, nil, fmt.Errorf("not JSON: %v", err)
		}
		keys = append(keys, k)
		raw = append(raw, v)
	}
	if _, err := dec.Token(); err != nil {
		return nil, nil, fmt.Errorf("not JSON: %v", err)
	}
	if dec.More() {
		return nil, nil, errors.New("text after the JSON object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return nil, nil, errors.New("text after the JSON object")
	}
	return keys, raw, nil
}

// jsonText is a JSON value as text: a string unquoted, null empty, others
// as written.
func jsonText(v json.RawMessage) string {
	if len(v) > 0 && v[0] == '"' {
		var s string
		if json.Unmarshal(v, &s) == nil {
			return s
		}
	}
	if string(v) == "null" {
		return ""
	}
	return string(v)
}
