package recode

import (
	"strings"
	"testing"
)

// TestUnbalancedQuote: one unbalanced quote no longer swallows the rest of
// the file into one invalid row. Its line is reported as "unterminated
// quote starting at line N" and kept in the raw column; every row after
// it is counted, mapped and written as usual, in CSV and TSV, with LF and
// CRLF line endings, and to the end of the file when no quote follows.
// A quoted field that spans lines in a well-formed row is read as before.
func TestUnbalancedQuote(t *testing.T) {
	for _, tt := range []struct {
		name, in string
		rows     int64
		line     int64
		want     []string // lines of the output that must be there
	}{
		{"closed later", "id,code,note\n1,220381,ok\n2,220122,\"broken\n3,320106,fine\n4,360727,fine\n5,110108,\"quoted, fine\"\n", 5, 3,
			[]string{"3,320106,fine,320106,", "4,360727,fine,360783,龙南市,recoded", "5,110108,\"quoted, fine\",110108,", "unterminated quote starting at line 3"}},
		{"never closed", "id,code,note\n1,220381,\"broken\n2,320106,fine\n3,360727,fine\n", 3, 2,
			[]string{"2,320106,fine,320106,", "3,360727,fine,360783,", `"1,220381,""broken"`}},
		{"crlf", "id,code,note\r\n1,220381,\"broken\r\n2,320106,fine\r\n3,360727,\"x\"\r\n", 3, 2,
			[]string{"2,320106,fine,320106,", "3,360727,\"x\",360783,"}},
	} {
		t.Run(tt.name, func(t *testing.T) {
			out, rep, err := run2019(t, tt.in, nil)
			if err != nil {
				t.Fatal(err)
			}
			if rep.RowsRead != tt.rows || rep.RowsWritten != tt.rows || rep.Malformed != 1 {
				t.Errorf("read %d, written %d, malformed %d; want %d, %d, 1\n%s", rep.RowsRead, rep.RowsWritten, rep.Malformed, tt.rows, tt.rows, out)
			}
			if len(rep.Problems) != 1 || rep.Problems[0].Line != tt.line || !strings.Contains(rep.Problems[0].Message, "unterminated quote starting at line") {
				t.Errorf("problems %+v, want one at line %d", rep.Problems, tt.line)
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("the output lacks %q:\n%s", w, out)
				}
			}
		})
	}
	// A well-formed row with a line break in a quoted field stays one row.
	out, rep, err := run2019(t, "id,code,note\n1,220381,\"two\nlines\"\n2,320106,fine\n", nil)
	if err != nil {
		t.Fatal(err)
	}
	if rep.RowsRead != 2 || rep.Malformed != 0 || !strings.Contains(out, "\"two\nlines\"") {
		t.Errorf("a quoted line break: read %d, malformed %d:\n%s", rep.RowsRead, rep.Malformed, out)
	}
}
