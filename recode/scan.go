package recode

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// chunk is a run of complete records of a text input.
type chunk struct {
	seq  int
	data []byte
	line int64 // line number of the first record (1-based)
	last bool  // the input ends with this chunk
}

// splitter cuts a text stream into chunks of complete records without
// parsing fields: in CSV, a newline inside a quoted field does not end a
// record.
type splitter struct {
	r         io.Reader
	quoting   bool
	delim     byte
	chunkSize int
	maxRecord int
	buf       []byte
	eof       bool
	line      int64
	seq       int
	read      int64
}

// RecordTooLongError reports a record longer than the limit.
type RecordTooLongError struct {
	Name  string // the input's file name, if known
	Line  int64
	Limit int
}

func (e *RecordTooLongError) Error() string {
	where := fmt.Sprintf("line %d", e.Line)
	if e.Name != "" {
		where = fmt.Sprintf("%s:%d", e.Name, e.Line)
	}
	return fmt.Sprintf("%s: record longer than %d bytes (an unterminated quoted field, or a line that is not a table row); raise the limit with --max-record if it is real", where, e.Limit)
}

// bufPool recycles buffers between the reader, the workers and the
// writer: one pool for input chunks, one for output, so that a run's
// memory is a fixed set of buffers rather than a stream of garbage. A
// channel rather than a sync.Pool: the buffers survive garbage
// collections, which then rarely run.
type bufPool struct{ free chan []byte }

func (bp *bufPool) get(n int) []byte {
	for {
		select {
		case b := <-bp.free:
			if cap(b) >= n {
				return b[:0]
			}

			// Too small for this run's chunks: let it go.
		default:
			return make([]byte, 0, n)
		}
	}
}

func (bp *bufPool) put(b []byte) {
	if cap(b) == 0 || cap(b) > 16<<20 {
		return
	}
	select {
	case bp.free <- b[:0]:
	default:
	}
}

var (
	inPool  = bufPool{free: make(chan []byte, 16)}
	outPool = bufPool{free: make(chan []byte, 16)}
)

// fill reads into buf until it holds target bytes (at most its capacity)
// or the input ends.
func (s *splitter) fill(buf []byte, target int) ([]byte, error) {
	for !s.eof && len(buf) < target {
		n, err := s.r.Read(buf[len(buf):cap(buf)])
		buf = buf[:len(buf)+n]
		s.read += int64(n)
		if errors.Is(err, io.EOF) {
			s.eof = true
		} else if err != nil {
			return buf, err
		}
	}
	return buf, nil
}

// next returns the next chunk, or io.EOF. The chunk's data is read
// directly into a fresh buffer; only the partial record at its end is
// copied, to start the next one.
func (s *splitter) next() (*chunk, error) {
	if s.eof && len(s.buf) == 0 {
		return nil, io.EOF
	}
	buf := inPool.get(max(s.chunkSize+s.chunkSize/4, len(s.buf)+s.chunkSize))
	buf = append(buf, s.buf...)
	target := s.chunkSize
	if len(s.buf) >= s.chunkSize {
		target = len(s.buf) + s.chunkSize
	}
	for {
		var err error
		if buf, err = s.fill(buf, target); err != nil {
			return nil, err
		}
		cut := len(buf)
		if !s.eof {
			cut = s.lastCut(buf)
		}
		if cut > 0 {
			c := &chunk{seq: s.seq, data: buf[:cut], line: s.line + 1}
			s.line += int64(bytes.Count(c.data, nl))
			s.buf = append(s.buf[:0], buf[cut:]...)
			c.last = s.eof && len(s.buf) == 0
			s.seq++
			return c, nil
		}
		if s.eof {
			return nil, io.EOF
		}
		if len(buf) > s.maxRecord {
			return nil, &RecordTooLongError{Line: s.line + 1, Limit: s.maxRecord}
		}
		// No complete record yet: a long one. Grow and read on.
		nb := make([]byte, len(buf), max(min(2*cap(buf), s.maxRecord+2), len(buf)+1))
		copy(nb, buf)
		buf = nb
		if buf, err = s.fill(buf, cap(buf)); err != nil {
			return nil, err
		}
	}
}

var (
	nl   = []byte{'\n'}
	crlf = []byte{'\r', '\n'}
)

// lastCut returns the end of the last complete record in s.buf (0 if none).
func (s *splitter) lastCut(b []byte) int {
	if !s.quoting || bytes.IndexByte(b, '"') < 0 {
		return bytes.LastIndexByte(b, '\n') + 1
	}
	cut := 0
	for cut < len(b) {
		n := recordEnd(b[cut:], s.delim)
		if n < 0 {
			break
		}
		cut += n
	}
	return cut
}

// recordEnd returns the length of the first record of b including its
// newline, or -1 if b holds no complete record. Quotes open a quoted field
// only at the start of a field, as in RFC 4180; a stray quote elsewhere is
// taken literally (and flagged when the fields are parsed).
func recordEnd(b []byte, delim byte) int {
	i := bytes.IndexByte(b, '\n')
	if i < 0 {
		return -1
	}
	if bytes.IndexByte(b[:i], '"') < 0 {
		return i + 1
	}
	inQuote, fieldStart := false, true
	for j := 0; j < len(b); j++ {
		c := b[j]
		if inQuote {
			if c == '"' {
				if j+1 == len(b) {
					return -1
				}
				if b[j+1] == '"' {
					j++
					continue
				}
				inQuote = false
			}
			continue
		}
		switch c {
		case '"':
			if fieldStart {
				inQuote = true
			}
			fieldStart = false
		case delim:
			fieldStart = true
		case '\n':
			return j + 1
		case '\r':
		default:
			fieldStart = false
		}
	}
	return -1
}

// nextRecord splits the first record off data (for the worker, which has
// only complete records): the record without its line ending, the rest,
// and the number of newlines the record spans.
func nextRecord(data []byte, quoting bool, delim byte) (rec, eol, rest []byte, lines int) {
	n := -1
	if quoting {
		n = recordEnd(data, delim)
	} else if i := bytes.IndexByte(data, '\n'); i >= 0 {
		n = i + 1
	}
	if n < 0 {
		// The last record of the input (an unterminated quoted field may
		// still end in a newline).
		lines = bytes.Count(data, nl)
		switch {
		case bytes.HasSuffix(data, []byte("\r\n")):
			return data[:len(data)-2], data[len(data)-2:], nil, lines
		case bytes.HasSuffix(data, nl):
			return data[:len(data)-1], data[len(data)-1:], nil, lines
		}
		return data, nil, nil, lines
	}
	rec, rest = data[:n], data[n:]
	lines = 1
	if quoting && bytes.IndexByte(rec[:n-1], '\n') >= 0 {
		lines = bytes.Count(rec, nl)
	}
	eolLen := 1
	if n >= 2 && rec[n-2] == '\r' {
		eolLen = 2
	}
	return rec[:n-eolLen], rec[n-eolLen:], rest, lines
}

// fieldParser splits records into fields.
type fieldParser struct {
	delim   byte
	quoting bool
	fields  [][]byte
	scratch []byte
}

// parse splits rec into fields. Quoted fields are unescaped. The problem
// is "" for a well-formed record.
func (p *fieldParser) parse(rec []byte) ([][]byte, string) {
	p.fields = p.fields[:0]
	if !p.quoting || bytes.IndexByte(rec, '"') < 0 {
		for {
			i := bytes.IndexByte(rec, p.delim)
			if i < 0 {
				p.fields = append(p.fields, rec)
				return p.fields, ""
			}
			p.fields = append(p.fields, rec[:i])
			rec = rec[i+1:]
		}
	}
	// Unescaped fields are never longer than the record: with enough
	// capacity, appends never move the fields already returned.
	if cap(p.scratch) < len(rec) {
		p.scratch = make([]byte, 0, len(rec))
	}
	p.scratch = p.scratch[:0]
	problem := ""
	col := 0
	for {
		col++
		if len(rec) == 0 || rec[0] != '"' {
			i := bytes.IndexByte(rec, p.delim)
			f := rec
			if i >= 0 {
				f = rec[:i]
			}
			if problem == "" && bytes.IndexByte(f, '"') >= 0 {
				problem = fmt.Sprintf("bare quote in unquoted field %d", col)
			}
			p.fields = append(p.fields, f)
			if i < 0 {
				return p.fields, problem
			}
			rec = rec[i+1:]
			continue
		}
		// Quoted field.
		start := len(p.scratch)
		j := 1
		closed := false
		for j < len(rec) {
			c := rec[j]
			if c == '"' {
				if j+1 < len(rec) && rec[j+1] == '"' {
					p.scratch = append(p.scratch, '"')
					j += 2
					continue
				}
				closed = true
				j++
				break
			}
			p.scratch = append(p.scratch, c)
			j++
		}
		if !closed {
			if problem == "" {
				problem = fmt.Sprintf("unterminated quoted field %d", col)
			}
			p.fields = append(p.fields, p.scratch[start:])
			return p.fields, problem
		}
		// After the closing quote: a delimiter, or the end.
		rest := rec[j:]
		i := bytes.IndexByte(rest, p.delim)
		tail := rest
		if i >= 0 {
			tail = rest[:i]
		}
		if len(tail) > 0 && !(len(tail) == 1 && tail[0] == '\r') {
			if problem == "" {
				problem = fmt.Sprintf("text after the closing quote of field %d", col)
			}
			p.scratch = append(p.scratch, tail...)
		}
		p.fields = append(p.fields, p.scratch[start:len(p.scratch):len(p.scratch)])
		if i < 0 {
			return p.fields, problem
		}
		rec = rest[i+1:]
	}
}
