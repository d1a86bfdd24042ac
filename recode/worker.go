package recode

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/quhua/quhua"
)

// chunkResult is a worker's output for one chunk.
type chunkResult struct {
	seq  int
	data []byte     // text output
	rows [][]string // parquet output
	n    int64      // rows in the chunk
	err  error
}

// worker maps chunks; each has its own caches and counters, merged at the
// end, so workers share nothing but the read-only mapper.
type worker struct {
	ru     *run
	fp     fieldParser
	misses map[missKey]*Result
	st     stats
	agg    *aggregator
	// m is the mapper of the current row's source date, suffix its
	// rendered added fields and counts its rows per result.
	m      *Mapper
	suffix [][]byte
	counts []int64
	dates  map[string]*dateMapper
	// checkUTF8: the chunk holds invalid UTF-8, check each record.
	checkUTF8 bool
}

// stats are a worker's counters.
type stats struct {
	byMapper  map[*Mapper][]int64
	other     map[string]*otherCount
	overflow  map[Relation]int64
	problems  []Problem
	malformed int64
	blank     int64
	rows      int64
}

type otherCount struct {
	res  *Result
	rows int64
}

func (ru *run) newWorker() *worker {
	w := &worker{ru: ru, fp: fieldParser{delim: ru.delim, quoting: ru.quoting}, misses: map[missKey]*Result{},
		dates: map[string]*dateMapper{}}
	w.st.byMapper = map[*Mapper][]int64{}
	w.use(&dateMapper{m: ru.m, suffix: ru.suffix})
	w.st.other = map[string]*otherCount{}
	w.st.overflow = map[Relation]int64{}
	if ru.agg != nil {
		w.agg = ru.agg.clone()
	}
	return w
}

const maxMisses = 100000

// missKey identifies a value looked up outside a mapper's table.
type missKey struct {
	m *Mapper
	v string
}

// dateMapper is the mapper of one source date with its rendered fields.
type dateMapper struct {
	m      *Mapper
	suffix [][]byte
}

// use makes d the mapper of the following rows.
func (w *worker) use(d *dateMapper) {
	if w.m == d.m {
		return
	}
	w.m, w.suffix = d.m, d.suffix
	c, ok := w.st.byMapper[d.m]
	if !ok {
		c = make([]int64, len(d.m.results))
		w.st.byMapper[d.m] = c
	}
	w.counts = c
}

// selectDate chooses the mapper for a row whose source date column holds
// s; it returns a problem for a value that is not a date.
func (w *worker) selectDate(b []byte) (string, error) {
	if d, ok := w.dates[string(b)]; ok { // no allocation for the lookup
		w.use(d)
		return "", nil
	}
	s := string(b)
	t := strings.TrimSpace(s)
	if t == "" && w.ru.o.From != 0 {
		w.use(&dateMapper{m: w.ru.m, suffix: w.ru.suffix})
		return "", nil
	}
	date, _, err := quhua.ParseDate(t)
	if err != nil {
		if w.ru.o.From != 0 {
			w.use(&dateMapper{m: w.ru.m, suffix: w.ru.suffix})
			return fmt.Sprintf("column %s: %q is not a date; read at %s", w.ru.o.FromColumn, truncate(s, 40), w.ru.o.From), nil
		}
		return fmt.Sprintf("column %s: %q is not a date", w.ru.o.FromColumn, truncate(s, 40)), nil
	}
	d, err := w.ru.mapperAt(date)
	if err != nil {
		return "", err
	}
	if len(w.dates) < 4096 {
		w.dates[s] = d
	}
	w.use(d)
	return "", nil
}

// lookup maps a value of the division column: a 6-digit code, a longer
// statistical code (the rest is returned to be kept), or a name. With the
// township level, a 9-digit code of a township, or a 12-digit code of a
// village under one, is carried through the township.
func (w *worker) lookup(v []byte) (*Result, string) {
	v = bytes.TrimSpace(v)
	m := w.m
	if !m.byName && len(v) >= 9 && m.reg.HasTownships() && allDigits(v) {
		c := quhua.Code(0)
		for _, d := range v[:9] {
			c = c*10 + quhua.Code(d-'0')
		}
		if len(m.reg.CodeRecords(c)) > 0 {
			rest := string(v[9:])
			key := string(v[:9])
			if res, ok := w.misses[missKey{m, key}]; ok {
				return res, rest
			}
			res := m.Code(c)
			res.Value = key
			w.remember(missKey{m, key}, res)
			return res, rest
		}
	}
	if !m.byName && len(v) >= 6 && allDigits(v) {
		c := quhua.Code(int(v[0]-'0')*100000 + int(v[1]-'0')*10000 + int(v[2]-'0')*1000 + int(v[3]-'0')*100 + int(v[4]-'0')*10 + int(v[5]-'0'))
		rest := ""
		if len(v) > 6 {
			rest = string(v[6:])
		}
		if i := m.table[c]; i != 0 {
			return m.results[i-1], rest
		}
		key := string(v[:6])
		if res, ok := w.misses[missKey{m, key}]; ok {
			return res, rest
		}
		res := m.Code(c)
		res.Value = key
		w.remember(missKey{m, key}, res)
		return res, rest
	}
	if res, ok := w.misses[missKey{m, string(v)}]; ok {
		return res, ""
	}
	var res *Result
	switch {
	case m.byName:
		res = m.Name(string(v))
	case len(v) == 0:
		res = &Result{Relation: Unknown, Note: "empty value"}
	default:
		res = &Result{Relation: Unknown, Note: fmt.Sprintf("%q is not a division code (6 digits, or a longer statistical code)", truncate(string(v), 40))}
	}
	res.Value = string(v)
	w.remember(missKey{m, res.Value}, res)
	return res, ""
}

func (w *worker) remember(k missKey, res *Result) {
	if len(w.misses) >= maxMisses {
		clear(w.misses)
	}
	w.misses[k] = res
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

func allDigits(b []byte) bool {
	for _, c := range b {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// count records a row's result.
func (w *worker) count(res *Result) {
	w.st.rows++
	if res.id > 0 {
		w.counts[res.id-1]++
		return
	}
	key := string(res.Relation) + "\x00" + res.Value + "\x00" + res.Vintage.String()
	if oc, ok := w.st.other[key]; ok {
		oc.rows++
		return
	}
	if len(w.st.other) < 4*maxValues {
		w.st.other[key] = &otherCount{res: res, rows: 1}
		return
	}
	w.st.overflow[res.Relation]++
}

// problem records a malformed row; with Strict it is fatal.
func (w *worker) problem(line int64, msg string) error {
	if w.ru.o.Strict {
		return &RowError{Line: line, Message: msg}
	}
	w.st.malformed++
	if len(w.st.problems) < maxProblems {
		w.st.problems = append(w.st.problems, Problem{Line: line, Message: msg})
	}
	return nil
}

// process maps one chunk.
func (w *worker) process(c *chunk) *chunkResult {
	ru := w.ru
	res := &chunkResult{seq: c.seq}
	var out []byte
	if ru.agg == nil && ru.out != Parquet {
		out = outPool.get(3*max(ru.o.ChunkSize+ru.o.ChunkSize/4, len(c.data)) + 64) // one size: recycled buffers fit
	}
	// Chunk-wide checks spare the per-record ones in the common case.
	quoting := ru.quoting && bytes.IndexByte(c.data, '"') >= 0
	w.fp.quoting = quoting
	w.checkUTF8 = !utf8.Valid(c.data)
	defer inPool.put(c.data)
	line := c.line
	data := c.data
	for len(data) > 0 {
		rec, eol, rest, n := nextRecord(data, quoting, ru.delim)
		data = rest
		recLine := line
		line += int64(n)
		if len(bytes.TrimSpace(rec)) == 0 {
			w.st.blank++
			continue
		}
		var err error
		if ru.in == JSONL {
			out, err = w.jsonRow(rec, recLine, out, res)
		} else {
			out, err = w.textRow(rec, eol, recLine, out, res)
		}
		if err != nil {
			res.err = err
			return res
		}
		res.n++
	}
	res.data = out
	return res
}

// textRow maps one CSV or TSV record.
func (w *worker) textRow(rec, eol []byte, line int64, out []byte, cr *chunkResult) ([]byte, error) {
	ru := w.ru
	fields, problem := w.fp.parse(rec)
	if problem == "" && w.checkUTF8 && !utf8.Valid(rec) {
		problem = "invalid UTF-8"
	}
	ncols := len(ru.header)
	if problem == "" && len(fields) != ncols {
		problem = fmt.Sprintf("row has %d fields, the header has %d", len(fields), ncols)
	}
	var res *Result
	rest := ""
	noDate := false
	if ru.fromCol >= 0 {
		var v []byte
		if ru.fromCol < len(fields) {
			v = fields[ru.fromCol]
		}
		p, err := w.selectDate(v)
		if err != nil {
			return out, err
		}
		problem = joinNote(problem, p)
		noDate = p != "" && ru.o.From == 0
	}
	if noDate {
		res = &Result{Relation: Invalid}
	} else if ru.col < len(fields) {
		res, rest = w.lookup(fields[ru.col])
	} else {
		res = &Result{Relation: Invalid, Value: "", Note: fmt.Sprintf("the row has no field %d (%s)", ru.col+1, ru.key)}
	}
	if problem != "" {
		if err := w.problem(line, problem); err != nil {
			return out, err
		}
	}
	w.count(res)
	if ru.agg != nil {
		return out, w.aggregate(res, line, func(c colRef) string {
			if c.idx < len(fields) {
				return string(fields[c.idx])
			}
			return ""
		})
	}
	if eol == nil {
		eol = nl
	}
	switch ru.out {
	case ru.in:
		out = append(out, rec...)
		for i := len(fields); i < ncols; i++ {
			out = append(out, ru.delim)
		}
		out = w.appendAdded(out, res, rest, problem)
		return append(out, eol...), nil
	case CSV, TSV:
		delim := byte(',')
		if ru.out == TSV {
			delim = '\t'
		}
		if ru.out == TSV && problem == "" {
			for _, f := range fields {
				if bytes.ContainsAny(f, "\t\r\n") {
					problem = "a field holds a tab or line break, replaced by a space in TSV"
					if err := w.problem(line, problem); err != nil {
						return out, err
					}
					break
				}
			}
		}
		for i := 0; i < max(len(fields), ncols); i++ {
			if i > 0 {
				out = append(out, delim)
			}
			if i < len(fields) {
				out = appendField(out, string(fields[i]), ru.out)
			}
		}
		out = ru.render(out, res, rest, problem)
		return append(out, '\n'), nil
	case JSONL:
		out = append(out, '{')
		for i, f := range fields {
			if i > 0 {
				out = append(out, ',')
			}
			if i < ncols {
				out = appendJSONString(out, ru.header[i])
			} else {
				out = appendJSONString(out, fmt.Sprintf("column_%d", i+1))
			}
			out = append(out, ':')
			out = appendJSONString(out, f)
		}
		if len(fields) > 0 {
			out = append(out, ',')
		}
		out = w.appendAdded(out, res, rest, problem)
		return append(out, '}', '\n'), nil
	case Parquet:
		row := make([]string, 0, len(ru.outCols))
		for i := 0; i < ncols; i++ {
			v := ""
			if i < len(fields) {
				v = string(fields[i])
			}
			row = append(row, v)
		}
		if len(fields) > ncols {
			var extra []string
			for _, f := range fields[ncols:] {
				extra = append(extra, string(f))
			}
			problem = joinNote(problem, "fields beyond the header: "+strings.Join(extra, " | "))
		}
		row = append(row, ru.addedValues(res, rest, problem)...)
		cr.rows = append(cr.rows, row)
	}
	return out, nil
}

// jsonRow maps one JSON lines record.
func (w *worker) jsonRow(rec []byte, line int64, out []byte, cr *chunkResult) ([]byte, error) {
	ru := w.ru
	keys, raws, err := decodeObject(rec, "")
	problem := ""
	var res *Result
	rest := ""
	if err != nil {
		problem = err.Error()
		res = &Result{Relation: Invalid, Note: ""}
	} else {
		if !utf8.Valid(rec) {
			problem = "invalid UTF-8"
		}
		if ru.o.FromColumn != "" {
			v := ""
			for i, k := range keys {
				if k == ru.o.FromColumn {
					v = jsonText(raws[i])
				}
			}
			p, err := w.selectDate([]byte(v))
			if err != nil {
				return out, err
			}
			problem = joinNote(problem, p)
			if p != "" && ru.o.From == 0 {
				res = &Result{Relation: Invalid}
			}
		}
		found := res != nil
		for i, k := range keys {
			if found {
				break
			}
			if k == ru.key {
				var v []byte
				if len(raws[i]) > 0 && raws[i][0] == '"' {
					v = []byte(jsonText(raws[i]))
				} else {
					v = raws[i]
				}
				res, rest = w.lookup(v)
				found = true
				break
			}
		}
		if !found {
			res = &Result{Relation: Invalid, Note: fmt.Sprintf("the object has no key %q", ru.key)}
			problem = joinNote(problem, fmt.Sprintf("no key %q", ru.key))
		}
	}
	if problem != "" {
		if err := w.problem(line, problem); err != nil {
			return out, err
		}
	}
	w.count(res)
	get := func(c colRef) string {
		for i, k := range keys {
			if k == c.name {
				return jsonText(raws[i])
			}
		}
		return ""
	}
	if ru.agg != nil {
		return out, w.aggregate(res, line, get)
	}
	switch ru.out {
	case JSONL:
		if err != nil {
			out = append(out, '{')
			out = appendJSONString(out, ru.o.Prefix+"raw")
			out = append(out, ':')
			out = appendJSONString(out, string(rec))
			out = append(out, ',')
		} else {
			t := bytes.TrimRight(rec, " \t\r")
			out = append(out, t[:len(t)-1]...)
			if len(keys) > 0 {
				out = append(out, ',')
			}
		}
		out = w.appendAdded(out, res, rest, problem)
		return append(out, '}', '\n'), nil
	default:
		vals := make([]string, len(ru.header))
		var extra []string
		for i, k := range keys {
			placed := false
			for j, h := range ru.header {
				if h == k {
					vals[j] = jsonText(raws[i])
					placed = true
					break
				}
			}
			if !placed {
				extra = append(extra, k+"="+string(raws[i]))
			}
		}
		if err != nil {
			extra = append(extra, "raw="+string(rec))
		}
		if len(extra) > 0 {
			p := "keys not among the first object's: " + strings.Join(extra, " | ")
			if problem == "" {
				if err := w.problem(line, "keys not among the first object's"); err != nil {
					return out, err
				}
			}
			problem = joinNote(problem, p)
		}
		if ru.out == Parquet {
			cr.rows = append(cr.rows, append(vals, ru.addedValues(res, rest, problem)...))
			return out, nil
		}
		delim := byte(',')
		if ru.out == TSV {
			delim = '\t'
		}
		for i, v := range vals {
			if i > 0 {
				out = append(out, delim)
			}
			out = appendField(out, v, ru.out)
		}
		out = ru.render(out, res, rest, problem)
		return append(out, '\n'), nil
	}
}

// appendAdded appends the added fields, precomputed for the results of
// the mapper's table.
func (w *worker) appendAdded(out []byte, res *Result, rest, problem string) []byte {
	ru := w.ru
	if problem == "" && rest == "" && res.id > 0 {
		return append(out, w.suffix[res.id-1]...)
	}
	return ru.render(out, res, rest, problem)
}

// rowSink receives mapped chunks in order.
type rowSink interface {
	write(*chunkResult) error
	close() error
}

type nopSink struct{}

func (nopSink) write(*chunkResult) error { return nil }
func (nopSink) close() error             { return nil }

type textSink struct{ w io.Writer }

func (s *textSink) write(c *chunkResult) error {
	_, err := s.w.Write(c.data)
	outPool.put(c.data)
	c.data = nil
	return err
}
func (s *textSink) close() error { return nil }

// mergeStats adds the workers' counters to the report.
func (ru *run) mergeStats(ws []*worker, rep *Report) {
	byMapper := map[*Mapper][]int64{}
	other := map[string]*otherCount{}
	for _, w := range ws {
		for m, counts := range w.st.byMapper {
			sum, ok := byMapper[m]
			if !ok {
				sum = make([]int64, len(counts))
				byMapper[m] = sum
			}
			for i, n := range counts {
				sum[i] += n
			}
		}
		for k, oc := range w.st.other {
			if x, ok := other[k]; ok {
				x.rows += oc.rows
			} else {
				other[k] = &otherCount{res: oc.res, rows: oc.rows}
			}
		}
		for rel, n := range w.st.overflow {
			rep.Relations[rel] += n
		}
		rep.Malformed += w.st.malformed
		rep.Problems = append(rep.Problems, w.st.problems...)
		rep.BlankLines += w.st.blank
		rep.RowsRead += w.st.rows
	}
	add := func(res *Result, n int64) {
		rep.Relations[res.Relation] += n
		if res.Relation != Exact {
			v := ValueReport{Value: res.Value, Relation: res.Relation, Rows: n, Targets: res.Codes, Names: res.Names, Note: res.Note}
			if ru.o.FromColumn != "" && res.Vintage != 0 {
				v.From = res.Vintage.String()
			}
			rep.NotExact = append(rep.NotExact, v)
		}
	}
	for m, counts := range byMapper {
		for i, n := range counts {
			if n > 0 {
				add(m.results[i], n)
			}
		}
	}
	for _, oc := range other {
		add(oc.res, oc.rows)
	}
	sortProblems(rep.Problems)
}

func sortProblems(p []Problem) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].Line < p[j-1].Line; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

var _ = json.Valid
