package recode

import "bytes"

// An unbalanced quote: a field that opens a quote and never closes it on
// its line (2,220122,"broken) makes the CSV reader take the lines after
// it as the rest of that field, up to the next quote of the file, and the
// whole span becomes one invalid row. When such a span is malformed (it
// does not have the header's fields, or text follows its closing quote),
// the quote is taken as unbalanced instead: its own line is the malformed
// row, "unterminated quote starting at line N", and the lines after it are
// read again as rows of their own, counted and kept as every row is. A
// quoted field that spans lines and makes a well-formed row is read as it
// always was.

// splitUnbalanced reports whether rec, a record that spans lines and
// starts at line line, is better read as an unbalanced quote on its first
// line; if so it returns that line (without its line ending), the data to
// read on from (the lines after it, then rest), and the note of the row.
func (w *worker) splitUnbalanced(rec, rest []byte, line int64) (first, more []byte, note string, ok bool) {
	i := bytes.IndexByte(rec, '\n')
	if i < 0 || i == len(rec)-1 {
		return nil, nil, "", false
	}
	fields, problem := w.fp.parse(rec)
	if problem == "" && len(fields) == len(w.ru.header) {
		return nil, nil, "", false
	}
	first = bytes.TrimSuffix(rec[:i], []byte{'\r'})
	// rec and rest are consecutive in the chunk: what follows the first
	// line is the rest of rec, then rest.
	more = rec[i+1 : len(rec)+len(rest) : len(rec)+len(rest)]
	return first, more, "unterminated quote starting at line " + itoa(line), true
}

func itoa(n int64) string {
	var b [20]byte
	i := len(b)
	if n == 0 {
		return "0"
	}
	for n > 0 {
		i--
		b[i] = byte('0' + n%10)
		n /= 10
	}
	return string(b[i:])
}
