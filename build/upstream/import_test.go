package upstream

import (
	"bytes"
	"strings"
	"testing"
	"testing/fstest"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/snapshot"
)

// fixture builds a small data set: two yearly lists and the diff between.
func fixture(list1, list2, diff string) fstest.MapFS {
	return fstest.MapFS{
		"data/2019.txt":       {Data: []byte(list1)},
		"data/2020.txt":       {Data: []byte(list2)},
		"diff/2019-2020.diff": {Data: []byte(diff)},
		"UPSTREAM_COMMIT":     {Data: []byte("test\n")},
	}
}

const jilin2019 = `220000 吉林省
220100 长春市
220104 朝阳区
220300 四平市
220381 公主岭市
`

const jilin2020 = `220000 吉林省
220100 长春市
220104 朝阳区
220184 公主岭市
220300 四平市
`

const gongzhuling = `## 国务院关于同意吉林省变更县级公主岭市代管关系的批复（节选）
# 文号：国函〔2020〕84号
# 日期：2020年6月5日
#
# 将四平市代管的县级公主岭市改由长春市代管。
+220184 公主岭市<_
-220381 公主岭市>_
`

func TestImportFixture(t *testing.T) {
	d, err := Import(fixture(jilin2019, jilin2020, gongzhuling), Options{})
	if err != nil {
		t.Fatal(err)
	}
	reg, err := quhua.Build(d)
	if err != nil {
		t.Fatal(err)
	}
	tr, err := reg.Translate(220381, quhua.MustParseDate("2019"), quhua.MustParseDate("2020"))
	if err != nil {
		t.Fatal(err)
	}
	if len(tr.Targets) != 1 || tr.Targets[0].Record.Code != 220184 || tr.Status() != quhua.Recoded {
		t.Fatalf("translation: %+v", tr.Targets)
	}
	e := tr.Targets[0].Events[0]
	if e.Date.String() != "2020-06-05" || e.Documents[0].Number != "国函〔2020〕84号" || e.Ref != "diff/2019-2020.diff:1" {
		t.Errorf("event: %+v", e)
	}
	if _, ok := reg.At(quhua.MustParseDate("2020-06-04")).Record(220381); !ok {
		t.Error("220381 should be in force the day before the decision")
	}
}

// TestImportErrors: each malformed data set is rejected with an error that
// names the file and line.
func TestImportErrors(t *testing.T) {
	tests := []struct {
		name        string
		fs          fstest.MapFS
		corrections string
		want        string
	}{
		{"selector resolves to nothing", fixture(jilin2019, jilin2020, strings.Replace(gongzhuling, "<_", "<怀德县", 1)),
			"", `diff/2019-2020.diff:6: selector 怀德县: no record named "怀德县" in data/2019.txt`},
		{"selector resolves to several", fixture(jilin2019+"220200 吉林市\n220201 公主岭市\n", jilin2020+"220200 吉林市\n220201 公主岭市\n", gongzhuling),
			"", `diff/2019-2020.diff:6: selector _: "公主岭市" names 2 records in data/2019.txt`},
		{"line without description", fixture(jilin2019, jilin2020, "+220184 公主岭市<_\n-220381 公主岭市>_\n"),
			"", `diff/2019-2020.diff:1: change line "+220184 公主岭市<_" has no description before it`},
		{"removed record not in list", fixture(jilin2019, jilin2020, gongzhuling+"## x\n-220382 双辽市>_\n"),
			"", "diff/2019-2020.diff:9: 220382 双辽市 is not in data/2019.txt"},
		{"list and diff disagree", fixture(jilin2019, jilin2020+"220382 双辽市\n", gongzhuling),
			"", "220382 双辽市 of data/2020.txt is neither in data/2019.txt nor added"},
		{"county line without list", fixture(jilin2019, jilin2020, strings.Replace(gongzhuling, "<_", "", 1)),
			"", `diff/2019-2020.diff:6: county-level "+220184 公主岭市" has no '<' or '>' list`},
		{"bad date", fixture(jilin2019, jilin2020, strings.Replace(gongzhuling, "2020年6月5日", "2020年6月", 1)+"## y\n# 日期：二〇二〇年二月三十日\n=220104 朝阳区>公主岭市\n"),
			"", `diff/2019-2020.diff:8: 日期: "二〇二〇年二月三十日": no such day`},
		{"code twice in a list", fixture(jilin2019+"220104 朝阳区\n", jilin2020, gongzhuling),
			"", "data/2019.txt:6: code: 220104 listed twice (first at line 3)"},
		{"unused correction", fixture(jilin2019, jilin2020, gongzhuling),
			"# source\ndate diff/2019-2020.diff 1 2020-06-05\n", `corrections.txt:2: date diff/2019-2020.diff 1: upstream gives the valid date "2020年6月5日"; remove this entry`},
		{"correction matching nothing", fixture(jilin2019, jilin2020, gongzhuling),
			"# source\nattach diff/2019-2020.diff 99\n", "corrections.txt:2: attach diff/2019-2020.diff 99: the upstream data no longer needs this entry"},
		{"correction without source", fixture(jilin2019, jilin2020, gongzhuling),
			"date diff/2019-2020.diff 1 2020-06-05\n", "corrections.txt:1: entry has no comment above it"},
		{"unknown correction", fixture(jilin2019, jilin2020, gongzhuling),
			"# x\nfix diff/2019-2020.diff 1\n", `corrections.txt:2: rule: unknown rule "fix"`},
		{"effective date outside the list's year", fixture(jilin2019, jilin2020, gongzhuling),
			"# x\neffective diff/2019-2020.diff 1 2021-07-01\n", `corrections.txt:2: date: effective diff/2019-2020.diff 1: 2021-07-01 is not in 2020`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Import(tt.fs, Options{Corrections: []byte(tt.corrections), CorrectionsFile: "corrections.txt"})
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error:\n%v\nwant it to contain:\n%s", err, tt.want)
			}
		})
	}
}

// TestImportDeterministic: two imports give identical bytes.
func TestImportDeterministic(t *testing.T) {
	fs := fixture(jilin2019, jilin2020, gongzhuling)
	a, err := Import(fs, Options{})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Import(fs, Options{})
	if !bytes.Equal(snapshot.Encode(a), snapshot.Encode(b)) {
		t.Fatal("import is not deterministic")
	}
}
