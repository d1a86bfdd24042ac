package recode

import (
	"bufio"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"math"
	"sort"
	"strconv"
	"strings"

	"github.com/quhua/quhua"
)

// Weights apportion the rows of a split source among its targets when
// aggregating: Weights[source][target] is the target's share (the shares of
// a source add up to 1).
type Weights map[quhua.Code]map[quhua.Code]float64

// LoadWeights reads weights from CSV with the header source,target,weight
// (codes of the source date and of the target date). Shares of one source
// must add up to 1.
func LoadWeights(r io.Reader, name string) (Weights, error) {
	cr := csv.NewReader(bufio.NewReader(r))
	cr.FieldsPerRecord = 3
	head, err := cr.Read()
	if err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty weights file (want the header source,target,weight)", name)
		}
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if strings.TrimPrefix(head[0], "\ufeff") != "source" || head[1] != "target" || head[2] != "weight" {
		return nil, fmt.Errorf("%s:1: header is %q, want source,target,weight", name, strings.Join(head, ","))
	}
	w := Weights{}
	for {
		rec, err := cr.Read()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return nil, fmt.Errorf("%s: %w", name, err)
		}
		line, _ := cr.FieldPos(0)
		s, err := quhua.ParseCode(strings.TrimSpace(rec[0]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: source: %w", name, line, err)
		}
		t, err := quhua.ParseCode(strings.TrimSpace(rec[1]))
		if err != nil {
			return nil, fmt.Errorf("%s:%d: target: %w", name, line, err)
		}
		x, err := strconv.ParseFloat(strings.TrimSpace(rec[2]), 64)
		if err != nil || x < 0 || x > 1 || math.IsNaN(x) {
			return nil, fmt.Errorf("%s:%d: weight: %q is not a number between 0 and 1", name, line, rec[2])
		}
		if w[s] == nil {
			w[s] = map[quhua.Code]float64{}
		}
		w[s][t] += x
	}
	for s, ts := range w {
		sum := 0.0
		for _, x := range ts {
			sum += x
		}
		if math.Abs(sum-1) > 1e-6 {
			return nil, fmt.Errorf("%s: the weights of source %s add up to %g, not 1", name, s, sum)
		}
	}
	return w, nil
}

type colRef struct {
	name string
	idx  int // -1 for JSON keys
}

// aggregator sums numeric columns per (group-by values, target group).
type aggregator struct {
	valueCols, groupCols []colRef
	groups               map[string]*group
}

type group struct {
	gvals      []string
	code, name string
	relation   string
	rows       int64
	sums       []float64
}

func newAggregator() *aggregator { return &aggregator{groups: map[string]*group{}} }

func (a *aggregator) clone() *aggregator {
	return &aggregator{valueCols: a.valueCols, groupCols: a.groupCols, groups: map[string]*group{}}
}

func (a *aggregator) add(gvals []string, code, name, rel string, vals []float64, share float64) {
	key := strings.Join(gvals, "\x00") + "\x00" + code + "\x00" + rel
	g, ok := a.groups[key]
	if !ok {
		g = &group{gvals: gvals, code: code, name: name, relation: rel, sums: make([]float64, len(vals))}
		a.groups[key] = g
	}
	g.rows++
	for i, v := range vals {
		g.sums[i] += v * share
	}
}

func (a *aggregator) merge(b *aggregator) {
	for k, g := range b.groups {
		x, ok := a.groups[k]
		if !ok {
			a.groups[k] = g
			continue
		}
		x.rows += g.rows
		for i := range g.sums {
			x.sums[i] += g.sums[i]
		}
	}
}

// aggregate adds one row to the worker's aggregation. Merges add up; a
// split is apportioned by the weights, or kept as a group of its own that
// lists all candidates; unmapped rows are grouped by relation, so that the
// totals of the output equal those of the input.
func (w *worker) aggregate(res *Result, line int64, get func(colRef) string) error {
	a := w.agg
	vals := make([]float64, len(a.valueCols))
	for i, c := range a.valueCols {
		s := strings.TrimSpace(get(c))
		if s == "" {
			continue
		}
		x, err := strconv.ParseFloat(s, 64)
		if err != nil {
			if err := w.problem(line, fmt.Sprintf("column %s: %q is not a number (counted as 0)", c.name, truncate(s, 40))); err != nil {
				return err
			}
			continue
		}
		vals[i] = x
	}
	gvals := make([]string, len(a.groupCols))
	for i, c := range a.groupCols {
		gvals[i] = get(c)
	}
	switch {
	case len(res.Main) == 1:
		g := res.Main[0].Group
		a.add(gvals, g.Code.String(), g.Name, "division", vals, 1)
	case len(res.Main) > 1:
		if res.Source != nil && w.ru.o.Weights != nil {
			if ws, ok := w.ru.o.Weights[res.Source.Code]; ok {
				for _, c := range res.Main {
					a.add(gvals, c.Group.Code.String(), c.Group.Name, "division", vals, ws[c.Record.Code])
				}
				return nil
			}
		}
		// Roll the candidates up to the level: they may share a group.
		var codes, names []string
		for _, c := range res.Main {
			cs := c.Group.Code.String()
			if len(codes) == 0 || codes[len(codes)-1] != cs {
				codes = append(codes, cs)
				names = append(names, c.Group.Name)
			}
		}
		if len(codes) == 1 {
			a.add(gvals, codes[0], names[0], "division", vals, 1)
			return nil
		}
		a.add(gvals, strings.Join(codes, ";"), strings.Join(names, ";"), string(res.Relation), vals, 1)
	default:
		a.add(gvals, "", "", string(res.Relation), vals, 1)
	}
	return nil
}

// write writes the aggregated table in the output format and returns the
// number of groups.
func (a *aggregator) write(out io.Writer, ru *run) (int, error) {
	gs := make([]*group, 0, len(a.groups))
	for _, g := range a.groups {
		gs = append(gs, g)
	}
	sort.Slice(gs, func(i, j int) bool {
		for k := range gs[i].gvals {
			if gs[i].gvals[k] != gs[j].gvals[k] {
				return gs[i].gvals[k] < gs[j].gvals[k]
			}
		}
		if (gs[i].code == "") != (gs[j].code == "") {
			return gs[j].code == ""
		}
		if gs[i].code != gs[j].code {
			return gs[i].code < gs[j].code
		}
		return gs[i].relation < gs[j].relation
	})
	p := ru.o.Prefix
	var cols []string
	for _, c := range a.groupCols {
		cols = append(cols, c.name)
	}
	cols = append(cols, p+"code", p+"name", p+"relation", p+"rows")
	for _, c := range a.valueCols {
		cols = append(cols, c.name)
	}
	rows := make([][]string, 0, len(gs))
	for _, g := range gs {
		row := append([]string(nil), g.gvals...)
		row = append(row, g.code, g.name, g.relation, strconv.FormatInt(g.rows, 10))
		for _, s := range g.sums {
			row = append(row, strconv.FormatFloat(s, 'f', -1, 64))
		}
		rows = append(rows, row)
	}
	return len(rows), writeTable(out, ru.out, cols, rows, len(a.groupCols)+3, ru.eol)
}

// writeTable writes a small table of strings in a format, each line ended
// by eol; in JSON lines the columns from numeric on are numbers.
func writeTable(out io.Writer, f Format, cols []string, rows [][]string, numeric int, eol []byte) error {
	if f == Parquet {
		s, err := newParquetSink(out, cols)
		if err != nil {
			return err
		}
		if err := s.write(&chunkResult{rows: rows}); err != nil {
			return err
		}
		return s.close()
	}
	bw := bufio.NewWriter(out)
	var b []byte
	delim := byte(',')
	if f == TSV {
		delim = '\t'
	}
	line := func(vals []string) {
		b = b[:0]
		if f == JSONL {
			b = append(b, '{')
			for i, v := range vals {
				if i > 0 {
					b = append(b, ',')
				}
				b = appendJSONString(b, cols[i])
				b = append(b, ':')
				if i >= numeric {
					b = append(b, v...)
				} else {
					b = appendJSONString(b, v)
				}
			}
			b = append(b, '}')
		} else {
			for i, v := range vals {
				if i > 0 {
					b = append(b, delim)
				}
				b = appendField(b, v, f)
			}
		}
		b = append(b, eol...)
		bw.Write(b)
	}
	if f != JSONL {
		line(cols)
	}
	for _, r := range rows {
		line(r)
	}
	return bw.Flush()
}
