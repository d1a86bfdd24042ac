package recode

import (
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
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
	// years maps a source date column's four-digit year to its mapper
	// without hashing (the panel's usual form).
	years [maxYear - minYear + 1]*workerDate
	// ent is the current row's date's pair table (see workerDate), nil
	// when the date has none; hot the arena offset of each pooled
	// result's fields, by number (rid-1).
	ent []pairEnt
	hot []uint32
	// hitRes is the current row's result when found in the mapper's
	// table (nil otherwise), hitSfx its rendered added fields and
	// hitCount its counter: count and appendAdded then use them without
	// reading the result, which a panel's many results would keep out of
	// cache.
	hitRes   *Result
	hitSfx   []byte
	hitCount *int64
	// pooled are the pooled results this worker has met, by number
	// (rid-1), with their rendered added fields in arena (see pooled and
	// resultPool).
	pooled []pooled
	arena  []byte
	// checkUTF8: the chunk holds invalid UTF-8, check each record.
	checkUTF8 bool
	// note is said of the current row before its other problems (see
	// splitUnbalanced).
	note string
	// enc writes the rows in the output format.
	enc encoder
}

// pooled is what a worker keeps of a pooled result, small to keep a
// panel's many results in cache: the result, where its rendered added
// fields are in the worker's arena (off, and n with datedBit set for a
// result whose rows the report gives per source date: not exact, or
// unconfirmed), and the rows of one that is not dated (a dated one counts
// them per source date, in the counts of the row's mapper).
type pooled struct {
	res  *Result
	off  uint32
	n    uint32
	rows int64
}

const (
	datedBit   = 1 << 31
	notInArena = datedBit - 1 // n of fields kept out of the arena
)

// stats are a worker's counters.
type stats struct {
	byMapper  map[*Mapper][]int64
	other     map[string]*otherCount
	overflow  map[Relation]int64
	problems  []RowProblem
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
	w.enc = w.newEncoder()
	return w
}

const maxMisses = 100000

// The years a source date column's four-digit values are looked up
// among directly (others go through the map of dates).
const minYear, maxYear = 1900, 2199

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

// workerDate is a dateMapper with the worker's counts of its results
// and, for a pooled mapper, its pair table: per table index, the number
// (rid) of the pooled result the code has on the date, 0 until known. A
// panel's row then goes from its code and date to its output in two small
// reads: the pair table (four bytes a code and date, which keeps a
// panel's hundred thousand pairs near the cache, and counts a dated
// result's rows per date) and the result's fields in the arena, whose
// header counts the rows of one that is not dated (see arenaHeader).
type workerDate struct {
	m      *Mapper
	suffix [][]byte
	counts []int64
	ent    []pairEnt
}

// pairEnt is an entry of a pair table: the pooled result's number (rid,
// 0 until known) and the rows of a dated one counted since they were last
// added to the date's counts, beside it to spare a read.
type pairEnt struct{ rid, rows uint16 }

// arenaHeader is the size of the header before a pooled result's rendered
// fields in a worker's arena: the rows counted there (8 bytes: those of a
// result that is not dated), the fields' length (2) and whether the
// result is dated (1).
const arenaHeader = 12

// use makes d the mapper of the following rows.
func (w *worker) use(d *dateMapper) {
	if w.m == d.m {
		return
	}
	w.m, w.suffix, w.ent = d.m, d.suffix, nil
	c, ok := w.st.byMapper[d.m]
	if !ok {
		c = make([]int64, d.m.size())
		w.st.byMapper[d.m] = c
	}
	w.counts = c
}

// selectDate chooses the mapper for a row whose source date column holds
// s; it returns a problem for a value that is not a date.
func (w *worker) selectDate(b []byte) (string, error) {
	if len(b) == 4 {
		if y := int(b[0]-'0')*1000 + int(b[1]-'0')*100 + int(b[2]-'0')*10 + int(b[3]-'0'); y >= minYear && y <= maxYear && allDigits(b) {
			if d := w.years[y-minYear]; d != nil {
				w.m, w.suffix, w.counts, w.ent = d.m, d.suffix, d.counts, d.ent
				return "", nil
			}
		}
	}
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
	if len(b) == 4 && allDigits(b) {
		if y, _ := strconv.Atoi(s); y >= minYear && y <= maxYear {
			wd := &workerDate{m: w.m, suffix: w.suffix, counts: w.counts}
			if w.m.pool != nil && !w.m.byName && w.ru.in == CSV && w.ru.out == CSV && w.ru.agg == nil {
				wd.ent = make([]pairEnt, w.m.size())
			}
			w.years[y-minYear] = wd
			w.ent = wd.ent
		}
	}
	return "", nil
}

// lookup maps a value of the division column: a 6-digit code, a 9- or
// 12-digit statistical code (the rest after the first six digits is
// returned to be kept), a code written as a number (220381.0), or a name.
// Nothing else is read as a code: 2203811 is not cut to 220381. With the
// township level, a 9-digit code of a township, or a 12-digit code of a
// village under one, is carried through the township.
func (w *worker) lookup(v []byte) (*Result, string) {
	v = bytes.TrimSpace(v)
	m := w.m
	w.hitRes = nil
	if !m.byName && (len(v) == 9 || len(v) == 12) && m.reg.HasTownships() && allDigits(v) {
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
	if !m.byName && (len(v) == 6 || len(v) == 9 || len(v) == 12) && allDigits(v) {
		c := quhua.Code(int(v[0]-'0')*100000 + int(v[1]-'0')*10000 + int(v[2]-'0')*1000 + int(v[3]-'0')*100 + int(v[4]-'0')*10 + int(v[5]-'0'))
		rest := ""
		if len(v) > 6 {
			rest = string(v[6:])
		}
		if i := m.table[c]; i != 0 {
			if p := m.pool; p != nil {
				if st := p.state(int(i-1), m); st > 1 {
					return w.hitPooled(int(st)-1, int(i-1)), rest
				}
			} else if res := m.results[i-1]; res != nil {
				w.hitRes, w.hitSfx, w.hitCount = res, w.suffix[i-1], &w.counts[i-1]
				return res, rest
			}
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
	if !m.byName {
		if d := numberCode(v); d != nil {
			// A code written as a number, as spreadsheets and pandas
			// write float columns: read, and said so in the note.
			base, rest := w.lookup(d)
			k := missKey{m, string(v)}
			if res, ok := w.misses[k]; ok {
				return res, rest
			}
			res := *base
			res.id, res.rid = 0, 0
			res.Value = string(v)
			res.Note = joinNote(fmt.Sprintf("%s read as the code %s (the value was written as a number)", v, d), base.Note)
			w.remember(k, &res)
			return &res, rest
		}
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
		res = &Result{Relation: Unknown, Note: notCode(v)}
	}
	res.Value = string(v)
	w.remember(missKey{m, res.Value}, res)
	return res, ""
}

// hitPooled makes pooled result rid-1, at table index i, the row's result.
func (w *worker) hitPooled(rid, i int) *Result {
	if rid > len(w.pooled) || w.pooled[rid-1].res == nil {
		w.fetch(w.m.pool, rid)
	}
	p := &w.pooled[rid-1]
	w.hitRes, w.hitCount = p.res, &p.rows
	if n := p.n &^ datedBit; n != notInArena {
		w.hitSfx = w.arena[p.off : p.off+n : p.off+n]
	} else {
		w.hitSfx = w.m.pool.suffix(w.ru, p.res)
	}
	if p.n&datedBit != 0 {
		w.hitCount = &w.counts[i]
	}
	if n := p.n &^ datedBit; w.ent != nil && n != notInArena && n <= math.MaxUint16 && rid <= math.MaxUint16 {
		w.ent[i].rid = uint16(rid)
	}
	return p.res
}

// foldArena adds the rows counted in the arena's headers and the pair
// tables to the pooled results' and the dates' counts.
func (w *worker) foldArena() {
	for _, d := range w.years {
		if d == nil {
			continue
		}
		for i := range d.ent {
			d.counts[i] += int64(d.ent[i].rows)
			d.ent[i].rows = 0
		}
	}
	for i := range w.pooled {
		p := &w.pooled[i]
		if p.res != nil && p.n&^datedBit != notInArena {
			h := w.arena[p.off-arenaHeader : p.off]
			p.rows += int64(binary.LittleEndian.Uint64(h))
			binary.LittleEndian.PutUint64(h, 0)
		}
	}
}

// fetch copies pooled result rid-1 and its rendered fields into the
// worker's own tables.
func (w *worker) fetch(p *resultPool, rid int) {
	if rid > len(w.pooled) {
		// At first room for a result per code (the pool's usual
		// number), then doubling.
		n := max(rid, 2*len(w.pooled), w.m.size())
		w.pooled = append(w.pooled, make([]pooled, n-len(w.pooled))...)
	}
	res := p.get(rid)
	sfx := p.suffix(w.ru, res)
	if w.arena == nil {
		w.arena = make([]byte, 0, 128*w.m.size())
	}
	e := pooled{res: res, off: uint32(len(w.arena) + arenaHeader), n: uint32(len(sfx))}
	if len(w.arena)+arenaHeader+len(sfx) < math.MaxUint32 && len(sfx) < notInArena {
		var h [arenaHeader]byte
		binary.LittleEndian.PutUint16(h[8:], uint16(min(len(sfx), math.MaxUint16)))
		if res.Relation != Exact || res.Certainty.Certainty == quhua.Unconfirmed {
			h[10] = 1
		}
		w.arena = append(append(w.arena, h[:]...), sfx...)
		if rid > len(w.hot) {
			w.hot = append(w.hot, make([]uint32, len(w.pooled)-len(w.hot))...)
		}
		w.hot[rid-1] = e.off
	} else {
		// An arena that large (beyond any registry's results): the
		// fields stay where the pool rendered them.
		e.off, e.n = 0, notInArena
	}
	if res.Relation != Exact || res.Certainty.Certainty == quhua.Unconfirmed {
		e.n |= datedBit
	}
	w.pooled[rid-1] = e
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

// numberCode returns the digits of a code written as a number with a zero
// fraction (220381.0, 220381001.00), or nil.
func numberCode(v []byte) []byte {
	i := bytes.IndexByte(v, '.')
	if i < 0 || i+1 == len(v) {
		return nil
	}
	d := v[:i]
	if (len(d) != 6 && len(d) != 9 && len(d) != 12) || !allDigits(d) {
		return nil
	}
	for _, c := range v[i+1:] {
		if c != '0' {
			return nil
		}
	}
	return d
}

// notCode says why a value is not read as a code.
func notCode(v []byte) string {
	q := fmt.Sprintf("%q", truncate(string(v), 40))
	digits := v
	if i := bytes.IndexByte(v, '.'); i > 0 && allDigits(v[i+1:]) && bytes.Count(v[i+1:], []byte{'0'}) == len(v)-i-1 {
		digits = v[:i] // 2203811.0: say how many digits the number has
	}
	if allDigits(digits) {
		return fmt.Sprintf("%s has %d digits: a division code has 6 (a statistical code 9 or 12); it is not cut to a code", q, len(digits))
	}
	if x, err := strconv.ParseFloat(string(v), 64); err == nil && len(v) > 0 && strings.IndexByte("+-.0123456789", v[0]) >= 0 && !math.IsInf(x, 0) {
		return fmt.Sprintf("%s is a number, not a code as written (6, 9 or 12 digits); write the column as text", q)
	}
	return fmt.Sprintf("%s is not a division code (6 digits, or 9 or 12 for a statistical code)", q)
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
	if res == w.hitRes {
		*w.hitCount++
		return
	}
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
		w.st.problems = append(w.st.problems, RowProblem{Line: line, Message: msg})
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
		rec, _, rest, n := nextRecord(data, quoting, ru.delim)
		data = rest
		recLine := line
		w.note = ""
		if quoting && n > 1 && ru.in != JSONL {
			if first, more, note, ok := w.splitUnbalanced(rec, rest, line); ok {
				rec, data, n, w.note = first, more, 1, note
			}
		}
		line += int64(n)
		if len(bytes.TrimSpace(rec)) == 0 {
			w.st.blank++
			continue
		}
		var err error
		if ru.in == JSONL {
			out, err = w.jsonRow(rec, recLine, out, res)
		} else {
			out, err = w.textRow(rec, recLine, out, res)
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

// textRow maps one CSV or TSV record. A well-formed record of the output's
// format is written as read; any other is written field by field, with
// the header's number of fields, and a malformed one is kept as read in
// the raw column.
func (w *worker) textRow(rec []byte, line int64, out []byte, cr *chunkResult) ([]byte, error) {
	ru := w.ru
	if ru.in == CSV && ru.out == CSV && ru.agg == nil && !w.fp.quoting && w.note == "" && !w.checkUTF8 {
		if out, done, err := w.plainRow(rec, out, cr); done || err != nil {
			return out, err
		}
	}
	fields, problem := w.fp.parse(rec)
	problem = joinNote(w.note, problem)
	// malformed: the fields are not the record's bytes as read (bad
	// quoting) or do not match the header; the row is kept in the raw
	// column.
	malformed := problem != ""
	if problem == "" && w.checkUTF8 && !utf8.Valid(rec) {
		problem = "invalid UTF-8"
	}
	ncols := len(ru.header)
	ragged := len(fields) != ncols
	if ragged {
		malformed = true
		problem = joinNote(problem, fmt.Sprintf("row has %d fields, the header has %d", len(fields), ncols))
	}
	var res *Result
	rest := ""
	noDate := false
	if ru.fromCol >= 0 && !ragged {
		p, err := w.selectDate(fields[ru.fromCol])
		if err != nil {
			return out, err
		}
		problem = joinNote(problem, p)
		noDate = p != "" && ru.o.From == 0
	}
	switch {
	case ragged:
		// A field too many or too few: which field is which is not
		// known, so nothing is read as the division column.
		v := ""
		if ru.col < len(fields) {
			v = string(fields[ru.col])
		}
		res = &Result{Relation: Invalid, Value: v, Note: "the fields cannot be matched to the columns; the row as read is in " + ru.o.Prefix + "raw"}
	case noDate:
		res = &Result{Relation: Invalid}
	default:
		res, rest = w.lookup(fields[ru.col])
	}
	if ru.out == TSV && problem == "" {
		for _, f := range fields {
			if bytes.ContainsAny(f, "\t\r\n") {
				problem = tsvLineBreakNote
				malformed = true
				break
			}
		}
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
	var raw []byte
	if malformed {
		raw = rec
	}
	o := outcome{res: res, rest: rest, problem: problem, raw: raw}
	if ru.out == ru.in && !malformed {
		// A well-formed record of the output's format is written as read.
		return w.enc.close(append(out, rec...), cr, o), nil
	}
	out = w.enc.open(out)
	for i := 0; i < ncols; i++ {
		if i < len(fields) {
			out = w.enc.colBytes(out, i, fields[i])
		} else {
			out = w.enc.col(out, i, "")
		}
	}
	return w.enc.close(out, cr, o), nil
}

// plainRow maps a CSV record of a chunk without quotes and of valid
// UTF-8, written as read, without splitting every field: the usual row.
// It counts the delimiters and finds the fields it reads; a row with
// anything to say (another number of fields, a source date that is not
// one) is left to textRow (done false, nothing counted).
func (w *worker) plainRow(rec []byte, out []byte, cr *chunkResult) (_ []byte, done bool, _ error) {
	ru := w.ru
	if bytes.Count(rec, []byte{ru.delim}) != len(ru.header)-1 {
		return out, false, nil
	}
	if ru.fromCol >= 0 {
		p, err := w.selectDate(nthField(rec, ru.fromCol, ru.delim))
		if err != nil || p != "" {
			return out, false, err
		}
	}
	v := nthField(rec, ru.col, ru.delim)
	if w.ent != nil && len(v) == 6 && allDigits(v) {
		// The usual panel row: its code's result on its date.
		c := int(v[0]-'0')*100000 + int(v[1]-'0')*10000 + int(v[2]-'0')*1000 + int(v[3]-'0')*100 + int(v[4]-'0')*10 + int(v[5]-'0')
		if i := w.m.table[c]; i != 0 {
			if e := &w.ent[i-1]; e.rid != 0 {
				off := w.hot[e.rid-1]
				h := w.arena[off-arenaHeader : off]
				if h[10] != 0 {
					if e.rows == math.MaxUint16 {
						w.counts[i-1] += int64(e.rows)
						e.rows = 0
					}
					e.rows++
				} else {
					binary.LittleEndian.PutUint64(h, binary.LittleEndian.Uint64(h)+1)
				}
				w.st.rows++
				out = append(out, rec...)
				out = append(out, w.arena[off:off+uint32(binary.LittleEndian.Uint16(h[8:]))]...)
				return append(out, ru.eol...), true, nil
			}
		}
	}
	res, rest := w.lookup(v)
	w.count(res)
	return w.enc.close(append(out, rec...), cr, outcome{res: res, rest: rest}), true, nil
}

// nthField returns field i (from 0) of an unquoted record with more than
// i fields.
func nthField(rec []byte, i int, delim byte) []byte {
	for ; i > 0; i-- {
		rec = rec[bytes.IndexByte(rec, delim)+1:]
	}
	if j := bytes.IndexByte(rec, delim); j >= 0 {
		return rec[:j]
	}
	return rec
}

// jsonRow maps one JSON lines record.
// tsvLineBreakNote flags a row written to TSV whose fields held a tab or
// a line break: TSV cannot carry them, so the row's bytes are kept raw.
const tsvLineBreakNote = "a field holds a tab or line break, replaced by a space in TSV"

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
		at, n := -1, 0
		for i, k := range keys {
			if k == ru.key {
				if n == 0 {
					at = i
				}
				n++
			}
		}
		switch {
		case res != nil:
		case n == 0:
			res = &Result{Relation: Invalid, Note: fmt.Sprintf("the object has no key %q", ru.key)}
			problem = joinNote(problem, fmt.Sprintf("no key %q", ru.key))
		case n > 1:
			// Readers disagree on which one counts: none does.
			res = &Result{Relation: Invalid, Note: "the division key is given more than once"}
			problem = joinNote(problem, fmt.Sprintf("key %q appears %d times in the object", ru.key, n))
		default:
			var v []byte
			if len(raws[at]) > 0 && raws[at][0] == '"' {
				v = []byte(jsonText(raws[at]))
			} else {
				v = raws[at]
			}
			res, rest = w.lookup(v)
		}
	}
	get := func(c colRef) string {
		for i, k := range keys {
			if k == c.name {
				return jsonText(raws[i])
			}
		}
		return ""
	}
	if ru.agg != nil {
		if problem != "" {
			if err := w.problem(line, problem); err != nil {
				return out, err
			}
		}
		w.count(res)
		return out, w.aggregate(res, line, get)
	}
	var raw []byte
	if err != nil {
		raw = rec
	}
	var vals []string
	if ru.out != JSONL {
		// The first object's keys are the columns: other keys do not fit
		// and the row is kept as read in the raw column.
		vals = make([]string, len(ru.header))
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
				extra = append(extra, fmt.Sprintf("%q", truncate(k, 40)))
			}
		}
		if len(extra) > 0 {
			problem = joinNote(problem, "keys not among the first object's: "+strings.Join(extra, ", "))
			raw = rec
		}
		if ru.out == TSV {
			for _, v := range vals {
				if strings.ContainsAny(v, "\t\r\n") {
					problem = joinNote(problem, tsvLineBreakNote)
					raw = rec
					break
				}
			}
		}
	}
	if problem != "" {
		if err := w.problem(line, problem); err != nil {
			return out, err
		}
	}
	w.count(res)
	o := outcome{res: res, rest: rest, problem: problem, raw: raw}
	if ru.out == JSONL {
		if err != nil {
			out = w.enc.open(out)
		} else {
			// The object as read, its closing brace replaced by the
			// added fields.
			t := bytes.TrimRight(rec, " \t\r")
			out = append(out, t[:len(t)-1]...)
			if len(keys) > 0 {
				out = append(out, ',')
			}
		}
		return w.enc.close(out, cr, o), nil
	}
	out = w.enc.open(out)
	for i, v := range vals {
		out = w.enc.col(out, i, v)
	}
	start := len(out)
	out = w.enc.close(out, cr, o)
	if len(vals) == 0 && ru.out != Parquet {
		// No column of the input (its first object was not read): the
		// added fields open the row, without a delimiter before.
		out = append(out[:start], out[start+1:]...)
	}
	return out, nil
}

// appendAdded appends the added fields, precomputed for the results of
// the mapper's table.
func (w *worker) appendAdded(out []byte, res *Result, rest, problem string) []byte {
	ru := w.ru
	if problem == "" && rest == "" {
		switch {
		case res == w.hitRes:
			return append(out, w.hitSfx...)
		case res.rid > 0 && w.m.pool != nil:
			return append(out, w.m.pool.suffix(ru, res)...)
		case res.id > 0 && w.m.pool == nil:
			return append(out, w.suffix[res.id-1]...)
		}
	}
	return ru.render(out, res, rest, problem, nil)
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
		w.foldArena()
	}
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
	// vintage: the date the value was read at (a pooled result is
	// shared by the mappers of several dates: its mapper's date). The
	// values that are not exact are kept small until the ones the report
	// lists are known: a panel has tens of thousands.
	type valueRows struct {
		res     *Result
		vintage quhua.Date
		rows    int64
	}
	var values []valueRows
	add := func(res *Result, n int64, vintage quhua.Date) {
		rep.Relations[res.Relation] += n
		switch res.Certainty.Certainty {
		case quhua.Unconfirmed:
			rep.Unconfirmed += n
		case quhua.Provisional:
			rep.Provisional += n
		}
		if res.Relation != Exact || res.Certainty.Certainty == quhua.Unconfirmed {
			values = append(values, valueRows{res, vintage, n})
		}
	}
	// The rows of the pooled results that are not dated, summed over
	// the workers first (the dated ones are counted per mapper).
	nrid := 0
	for _, w := range ws {
		nrid = max(nrid, len(w.pooled))
	}
	for rid := 0; rid < nrid; rid++ {
		var res *Result
		var rows int64
		for _, w := range ws {
			if rid < len(w.pooled) && w.pooled[rid].rows > 0 {
				res = w.pooled[rid].res
				rows += w.pooled[rid].rows
			}
		}
		if rows > 0 {
			add(res, rows, 0)
		}
	}
	for m, counts := range byMapper {
		for i, n := range counts {
			if n > 0 {
				res := m.result(i)
				vintage := res.Vintage
				if m.pool != nil && vintage != 0 {
					vintage = m.from
				}
				add(res, n, vintage)
			}
		}
	}
	for _, oc := range other {
		add(oc.res, oc.rows, oc.res.Vintage)
	}
	// The order of sortValues.
	sort.Slice(values, func(i, j int) bool {
		if values[i].rows != values[j].rows {
			return values[i].rows > values[j].rows
		}
		return values[i].res.Value < values[j].res.Value
	})
	rep.NotExactValues += len(values)
	for _, x := range values[:min(len(values), maxValues)] {
		res := x.res
		v := ValueReport{Value: res.Value, Relation: res.Relation, Rows: x.rows, Targets: res.Codes, Names: res.Names, Note: res.Note}
		if res.Certainty.Certainty != quhua.Official {
			v.Certainty = res.Certainty.Certainty.String()
		}
		if ru.o.FromColumn != "" && x.vintage != 0 {
			v.From = x.vintage.String()
		}
		rep.NotExact = append(rep.NotExact, v)
	}
	sortProblems(rep.Problems)
}

func sortProblems(p []RowProblem) {
	for i := 1; i < len(p); i++ {
		for j := i; j > 0 && p[j].Line < p[j-1].Line; j-- {
			p[j], p[j-1] = p[j-1], p[j]
		}
	}
}

var _ = json.Valid
