package changeset

import (
	"strings"
	"testing"
)

// TestStrictDates: a change file's dates follow the one date grammar
// (YYYY, YYYY-MM or YYYY-MM-DD) and anything else is a violation that
// names the field and the problem.
func TestStrictDates(t *testing.T) {
	for bad, want := range map[string]string{
		"2019/06/05": `separate year, month and day with "-"`,
		"20190605":   "write 20190605 as 2019-06-05",
		"+2019":      "no sign",
		" 2019":      "spaces",
		"2019-6-5":   "two digits",
	} {
		cs := &ChangeSet{Title: "x", Date: bad, Documents: []Document{{Number: "国函〔2019〕1号", Title: "x", Date: bad}}}
		_, vs := compile(cs)
		for _, field := range []string{"date", "documents[0].date"} {
			found := false
			for _, v := range vs {
				if v.Field == field && strings.Contains(v.Message, want) {
					found = true
				}
			}
			if !found {
				t.Errorf("date %q in %s: violations %v, want %q", bad, field, vs, want)
			}
		}
	}
	if _, vs := compile(&ChangeSet{Title: "x", Date: "2019-06-05"}); strings.Contains(vs.Error(), "invalid date") {
		t.Errorf("2019-06-05: %v", vs)
	}
}
