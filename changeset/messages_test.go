package changeset

import (
	"errors"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// TestMessageIDsInCode: every message ID a violation is built with (a
// literal third argument of NewViolation or of the add helpers, here and
// in package change) has a template, and every template is used.
func TestMessageIDsInCode(t *testing.T) {
	used := map[string]bool{}
	fset := token.NewFileSet()
	for _, dir := range []string{".", "../change"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil {
			t.Fatal(err)
		}
		for _, name := range files {
			if strings.HasSuffix(name, "_test.go") || filepath.Base(name) == "messages.go" {
				continue
			}
			f, err := parser.ParseFile(fset, name, nil, 0)
			if err != nil {
				t.Fatal(err)
			}
			ast.Inspect(f, func(n ast.Node) bool {
				if lit, ok := n.(*ast.BasicLit); ok && lit.Kind == token.STRING {
					if s, err := strconv.Unquote(lit.Value); err == nil {
						if _, ok := templates[s]; ok {
							used[s] = true
						}
					}
				}
				call, ok := n.(*ast.CallExpr)
				if !ok || len(call.Args) < 3 {
					return true
				}
				var fn string
				switch f := call.Fun.(type) {
				case *ast.Ident:
					fn = f.Name
				case *ast.SelectorExpr:
					fn = f.Sel.Name
				}
				if fn != "NewViolation" && fn != "add" {
					return true
				}
				if lit, ok := call.Args[2].(*ast.BasicLit); ok && lit.Kind == token.STRING {
					id, _ := strconv.Unquote(lit.Value)
					if _, ok := templates[id]; !ok {
						t.Errorf("%s: message ID %q has no template", fset.Position(lit.Pos()), id)
					}
				}
				return true
			})
		}
	}
	// The ids built from a parse error (jsonError, codeProblem,
	// dateProblem) are literals of messages.go and changeset.go.
	for id := range templates {
		if !used[id] && !strings.HasPrefix(id, "code-") && !strings.HasPrefix(id, "date-") {
			t.Errorf("template %q is never used", id)
		}
	}
}

// TestTemplates: every template's parameters are plain names, and
// rendering fills them all in.
func TestTemplates(t *testing.T) {
	for id := range templates {
		var kv []string
		for _, p := range TemplateParams(id) {
			kv = append(kv, p, "x")
		}
		v := NewViolation(RuleShape, "", id, kv...)
		if strings.ContainsAny(v.Message, "{}") && !strings.Contains(v.Message, "{ … }") {
			t.Errorf("%s renders as %q", id, v.Message)
		}
		if v.ID != id {
			t.Errorf("%s: ID %q", id, v.ID)
		}
	}
	// A parameter that holds a key holds it wherever it is named.
	for p := range paramWords {
		for id := range templates {
			if slices.Contains(TemplateParams(id), p) && id != "parse-type" {
				t.Errorf("%s names {%s}, which holds a key of paramWords", id, p)
			}
		}
	}
	if v := NewViolation(RuleShape, "", "no-such-id", "code", "220184"); v.Message != "no-such-id code=220184" {
		t.Errorf("an unknown ID renders as %q", v.Message)
	}
	if v := NewViolation(RuleShape, "", "code-range", "code", "220184"); !strings.Contains(v.Message, "{kind}") {
		t.Errorf("a missing parameter is not shown: %q", v.Message)
	}
}

// TestParseProblems: a malformed code or date is explained by its own
// message ID, whose English is the library's error word for word.
func TestParseProblems(t *testing.T) {
	dates := map[string]string{
		"1900": "date-year-range", "1900-01-01": "date-year-range", "2019/06/05": "date-separator", "2019年": "date-separator",
		"20190605": "date-eight-digits", "+2019": "date-sign", "-2019": "date-sign", " 2019": "date-spaces", "2019 -06": "date-spaces",
		"2019-6-5": "date-two-digits", "2019-06-05-01": "date-parts", "2019--05": "date-empty-part", "2019-0x": "date-not-number",
		"219-06": "date-year-digits", "2019-13": "date-month-range", "2019-00-01": "date-month-range", "2019-02-30": "date-day-range",
		"2020-02-30": "date-day-range", "2019-04-31": "date-day-range", "2019-01-00": "date-day-range", "19": "date-year-digits",
	}
	for s, want := range dates {
		_, _, err := quhua.ParseDate(s)
		if err == nil {
			t.Fatalf("%q parses", s)
		}
		v := dateViolation(RuleDate, "date", s, err)
		if v.ID != want || v.Message != err.Error() {
			t.Errorf("date %q: %s %q, want %s %q", s, v.ID, v.Message, want, err)
		}
	}
	codes := map[string]string{"2201": "code-length", "22018a": "code-digits", "２２０１": "code-length", "22018４": "code-length",
		"000000001": "code-township-zero", "2201 84": "code-length", "22-184": "code-digits"}
	for s, want := range codes {
		_, err := quhua.ParseCode(s)
		if err == nil {
			t.Fatalf("%q parses", s)
		}
		v := parseProblem(RuleCode, "code", err, func() (string, []string) { return codeProblem(s) }, "code-invalid", s)
		if v.ID != want || v.Message != err.Error() {
			t.Errorf("code %q: %s %q, want %s %q", s, v.ID, v.Message, want, err)
		}
	}
}

// TestParseErrorIDs: a change set that is not JSON of the format is a
// *ParseError whose violation names the line and the problem.
func TestParseErrorIDs(t *testing.T) {
	for in, want := range map[string]Violation{
		"{\n\"title\": \"x\",\n\"operatons\": []\n}": {ID: "parse-unknown-field", Params: map[string]string{"line": "3", "name": "operatons"}},
		"{\n\"title\": 5\n}":                         {ID: "parse-type", Field: "title", Params: map[string]string{"line": "2", "field": "title", "want": "string", "got": "number"}},
		"{\"year\": \"2020\"}":                       {ID: "parse-type", Field: "year", Params: map[string]string{"line": "1", "field": "year", "want": "integer", "got": "string"}},
		"{\"year\": 2020.5}":                         {ID: "parse-type", Field: "year", Params: map[string]string{"line": "1", "field": "year", "want": "integer", "got": "number"}},
		"{\"title\": \"x\"}\n{}":                     {ID: "parse-trailing"},
		"{\n\"title\": \"x\",,\n}":                   {ID: "parse-syntax", Params: map[string]string{"line": "2", "detail": "invalid character ',' looking for beginning of object key string"}},
		"{\"title\": \"x\"":                          {ID: "parse-incomplete", Params: map[string]string{"line": "1"}},
		"":                                           {ID: "parse-empty"},
	} {
		_, err := Parse([]byte(in))
		var pe *ParseError
		if !errors.As(err, &pe) {
			t.Errorf("Parse(%q) = %v, want a *ParseError", in, err)
			continue
		}
		v := pe.Violation
		if v.ID != want.ID || v.Field != want.Field || v.Rule != RuleShape || !mapsEqual(v.Params, want.Params) {
			t.Errorf("Parse(%q): %+v, want %+v", in, v, want)
		}
		if want := "change set: " + render(v.ID, v.Params); err.Error() != want {
			t.Errorf("Parse(%q) = %q, want %q", in, err, want)
		}
	}
}

func mapsEqual(a, b map[string]string) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if w, ok := b[k]; !ok || w != v {
			return false
		}
	}
	return true
}

// TestViolationIDs: the violations of broken change sets carry the ID and
// parameters their message is rendered from.
func TestViolationIDs(t *testing.T) {
	reg, err := quhua.Build(Truncate(quhua.Default().Data(), quhua.EndOfYear(2019)))
	if err != nil {
		t.Fatal(err)
	}
	doc := []Document{{Number: "测试〔2020〕1号"}}
	for _, tt := range []struct {
		cs     ChangeSet
		id     string
		params map[string]string
	}{
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: OpEstablish, Code: "220184", Name: "新县"}}},
			"code-range", map[string]string{"kind": "县", "parent_kind": "地级市", "parent_name": "长春市", "prefix": "2201", "low": "21", "high": "80", "code": "220184"}},
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220300"}}},
			"parent-admin-other", map[string]string{"code": "220184", "name": "公主岭市", "actual": "220100", "actual_name": "长春市", "parent": "220300", "parent_name": "四平市"}},
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: OpAdminParent, Code: "220381", NewCode: "220184", Parent: "220102"}}},
			"parent-level", map[string]string{"parent": "220102", "parent_name": "南关区", "parent_level": "县级", "level": "县级", "name": "公主岭市"}},
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: OpAdminParent, Code: "220381", NewCode: "220184", Parent: "229900"}}},
			"parent-not-force", map[string]string{"parent": "229900", "date": "2020-06-05"}},
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: OpEstablish, Code: "220189", Name: "新区"}}},
			"code-range", map[string]string{"kind": "市辖区", "parent_kind": "地级市", "parent_name": "长春市", "prefix": "2201", "low": "01", "high": "20", "code": "220189"}},
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: "move", Code: "220184"}}},
			"op-type-unknown", map[string]string{"type": "move"}},
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: OpRename, Code: "2201a4", Name: "新县"}}},
			"code-digits", map[string]string{"value": "2201a4"}},
		{ChangeSet{Title: "x", Date: "2020-02-30", Documents: doc, Operations: []Operation{{Type: OpRename, Code: "220184", Name: "新县"}}},
			"date-day-range", map[string]string{"value": "2020-02-30", "day": "30", "last": "29", "month": "2020-02"}},
		{ChangeSet{Title: "x", Date: "2020-06-05", Documents: doc, Operations: []Operation{{Type: OpAbolish, Code: "220100"}}},
			"orphan", nil},
	} {
		rep := Validate(reg, &tt.cs)
		i := slices.IndexFunc(rep.Violations, func(v Violation) bool { return v.ID == tt.id })
		if i < 0 {
			t.Errorf("%s: violations %v", tt.id, rep.Violations)
			continue
		}
		v := rep.Violations[i]
		if tt.params != nil && !mapsEqual(v.Params, tt.params) {
			t.Errorf("%s: params %v, want %v", tt.id, v.Params, tt.params)
		}
		if v.Message != render(v.ID, v.Params) || strings.ContainsAny(v.Message, "{}") {
			t.Errorf("%s: message %q", tt.id, v.Message)
		}
	}
}
