package recode

// Every row written goes through one path: the readers (CSV and TSV
// records, JSON lines objects, Parquet rows) hand the input's columns and
// the row's outcome to the output format's encoder, and the added fields
// (codes, names, relation, note, vintage, raw) are computed in one place,
// addedValues, whatever the output format. Parquet to Parquet keeps the
// input's typed values and only takes the added values from addedValues.

// outcome is what a row adds to its input columns: the mapping result,
// the part of a long statistical code after its first six digits (rest),
// the row's problem and, when the row is not written as read, the row as
// read for the raw column (else nil).
type outcome struct {
	res     *Result
	rest    string
	problem string
	raw     []byte
}

// encoder writes rows in one output format: open starts a row, col and
// colBytes append input column i of the header, close appends the added
// fields and ends the row. The text formats append to out; Parquet
// collects the row's values into cr.rows.
type encoder interface {
	open(out []byte) []byte
	col(out []byte, i int, v string) []byte
	colBytes(out []byte, i int, v []byte) []byte
	close(out []byte, cr *chunkResult, o outcome) []byte
}

// newEncoder returns the encoder of the run's output format for worker w
// (whose rendered added fields it uses); nil when nothing is written row
// by row (an aggregation).
func (w *worker) newEncoder() encoder {
	ru := w.ru
	if ru.agg != nil {
		return nil
	}
	switch ru.out {
	case CSV:
		return &textEncoder{w: w, delim: ','}
	case TSV:
		return &textEncoder{w: w, delim: '\t'}
	case JSONL:
		return &jsonEncoder{w: w}
	case Parquet:
		return &parquetEncoder{w: w}
	}
	return nil
}

// added appends the added fields of a row in the text output format:
// precomputed per table result where the row has neither problem nor raw
// bytes, else rendered.
func (w *worker) added(out []byte, o outcome) []byte {
	if o.raw != nil {
		return w.ru.render(out, o.res, o.rest, o.problem, o.raw)
	}
	return w.appendAdded(out, o.res, o.rest, o.problem)
}

// textEncoder writes CSV or TSV records.
type textEncoder struct {
	w     *worker
	delim byte
}

func (e *textEncoder) open(out []byte) []byte { return out }

func (e *textEncoder) col(out []byte, i int, v string) []byte {
	if i > 0 {
		out = append(out, e.delim)
	}
	return appendField(out, v, e.w.ru.out)
}

func (e *textEncoder) colBytes(out []byte, i int, v []byte) []byte {
	return e.col(out, i, string(v))
}

func (e *textEncoder) close(out []byte, _ *chunkResult, o outcome) []byte {
	return append(e.w.added(out, o), e.w.ru.eol...)
}

// jsonEncoder writes JSON lines objects.
type jsonEncoder struct{ w *worker }

func (e *jsonEncoder) open(out []byte) []byte { return append(out, '{') }

func (e *jsonEncoder) col(out []byte, i int, v string) []byte {
	out = appendJSONString(out, e.w.ru.header[i])
	out = append(out, ':')
	return append(appendJSONString(out, v), ',')
}

func (e *jsonEncoder) colBytes(out []byte, i int, v []byte) []byte {
	out = appendJSONString(out, e.w.ru.header[i])
	out = append(out, ':')
	return append(appendJSONString(out, v), ',')
}

func (e *jsonEncoder) close(out []byte, _ *chunkResult, o outcome) []byte {
	return append(append(e.w.added(out, o), '}'), e.w.ru.eol...)
}

// parquetEncoder collects rows of strings for the Parquet sink.
type parquetEncoder struct {
	w   *worker
	row []string
}

func (e *parquetEncoder) open(out []byte) []byte {
	e.row = make([]string, 0, len(e.w.ru.outCols))
	return out
}

func (e *parquetEncoder) col(out []byte, _ int, v string) []byte {
	e.row = append(e.row, v)
	return out
}

func (e *parquetEncoder) colBytes(out []byte, i int, v []byte) []byte {
	return e.col(out, i, string(v))
}

func (e *parquetEncoder) close(out []byte, cr *chunkResult, o outcome) []byte {
	cr.rows = append(cr.rows, append(e.row, e.w.ru.addedValues(o.res, o.rest, o.problem, o.raw)...))
	e.row = nil
	return out
}
