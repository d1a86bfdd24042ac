package changeset

import (
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func FuzzParse(f *testing.F) {
	f.Add([]byte(gongzhuling().JSON()))
	f.Add([]byte(`{"title":"x","date":"2020","documents":[{"title":"t"}],"operations":[{"type":"merge","from":["110101"],"code":"110102"}]}`))
	f.Add([]byte(`{"operations":[{"type":"reorganize","links":[{"from":"1","to":"2"}]}]}`))
	f.Add([]byte(`[]`))
	reg := quhua.Default()
	f.Fuzz(func(t *testing.T, b []byte) {
		cs, err := Parse(b)
		if err != nil {
			return
		}
		rep := Validate(reg, cs)
		if rep.Valid && len(rep.Violations) > 0 {
			t.Fatal("valid with violations")
		}
	})
}

func TestParseErrors(t *testing.T) {
	for in, want := range map[string]string{
		"{\n\"title\": \"x\",\n\"operatons\": []\n}": `line 3: json: unknown field "operatons"`,
		"{\n\"title\": 5\n}":                         "line 2",
		"{\"title\": \"x\"}\n{}":                     "unexpected data after the JSON object",
		"{\n\"title\": \"x\",,\n}":                   "line 2: invalid character ','",
	} {
		_, err := Parse([]byte(in))
		if err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("Parse(%q) = %v, want %q", in, err, want)
		}
	}
}
