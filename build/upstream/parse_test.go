package upstream

import (
	"errors"
	"os"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

func TestParseChangeLine(t *testing.T) {
	tests := []struct {
		in      string
		want    string // re-formatted line, "" if an error is expected
		wantErr string
	}{
		{in: "-220381 公主岭市>_", want: "-220381 公主岭市>_"},
		{in: "+220184 公主岭市<_", want: "+220184 公主岭市<_"},
		{in: "=120106 红桥区>北辰区", want: "=120106 红桥区>北辰区"},
		{in: "+432901 永州市<..!,零陵县", want: "+432901 永州市<..!,零陵县"},
		{in: "-371202 莱城区>钢城区?,.", want: "-371202 莱城区>钢城区?,."},
		{in: "+130400 邯郸市", want: "+130400 邯郸市"},
		{in: "*130400 邯郸市", wantErr: "must start with '-', '+' or '='"},
		{in: "-13040 邯郸市>_", wantErr: "6 digits"},
		{in: "-13040a 邯郸市>_", wantErr: "only digits"},
		{in: "-130400", wantErr: "want"},
		{in: "-130400 >_", wantErr: "empty name"},
		{in: "-130400 邯郸市<_", wantErr: "a '-' line lists later records after '>'"},
		{in: "+130400 邯郸市>_", wantErr: "a '+' line lists earlier records after '<'"},
		{in: "=130400 邯郸市", wantErr: "an '=' line needs"},
		{in: "-130400 邯郸市>", wantErr: "empty selector"},
		{in: "-130400 邯郸市>a,,b", wantErr: "empty selector"},
		{in: "-130400 邯郸市>a b", wantErr: "malformed selector"},
		{in: "", wantErr: "empty change line"},
	}
	for _, tt := range tests {
		got, err := ParseChangeLine(tt.in)
		switch {
		case tt.wantErr != "":
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) {
				t.Errorf("ParseChangeLine(%q) error = %v, want it to contain %q", tt.in, err, tt.wantErr)
			}
		case err != nil:
			t.Errorf("ParseChangeLine(%q): %v", tt.in, err)
		case got.String() != tt.want:
			t.Errorf("ParseChangeLine(%q) = %q, want %q", tt.in, got.String(), tt.want)
		}
	}
	c, _ := ParseChangeLine("+432901 永州市<..!,零陵县")
	if !c.Selectors[0].Unconfirmed || c.Selectors[0].Text != ".." || c.Selectors[1].Unconfirmed {
		t.Errorf("selector flags: %+v", c.Selectors)
	}
}

func TestParseChineseDate(t *testing.T) {
	tests := []struct {
		in   string
		want string
		prec quhua.Precision
		err  bool
	}{
		{"2020年6月5日", "2020-06-05", quhua.Day, false},
		{"2020年12月31日", "2020-12-31", quhua.Day, false},
		{"一九八二年一月二十三日", "1982-01-23", quhua.Day, false},
		{"一九八三年十月八日", "1983-10-08", quhua.Day, false},
		{"二〇〇〇年六月十四日", "2000-06-14", quhua.Day, false},
		{"一九九四年十二月十七日", "1994-12-17", quhua.Day, false},
		{"一九九〇年十二月三十一日", "1990-12-31", quhua.Day, false},
		{"二〇〇〇年六月", "2000-06-30", quhua.Month, false},
		{"1983年", "1983-12-31", quhua.Year, false},
		{"二〇〇一年二月二十六", "", 0, true},
		{"2020年2月30日", "", 0, true},
		{"2020年13月1日", "", 0, true},
		{"一九八二年一月三十二日", "", 0, true},
		{"一九八二年十十月一日", "", 0, true},
		{"八二年一月一日", "", 0, true},
		{"2020/6/5", "", 0, true},
		{"", "", 0, true},
	}
	for _, tt := range tests {
		d, p, err := ParseChineseDate(tt.in)
		if tt.err {
			if err == nil {
				t.Errorf("ParseChineseDate(%q) = %s, want an error", tt.in, d)
			}
			continue
		}
		if err != nil || d.String() != tt.want || p != tt.prec {
			t.Errorf("ParseChineseDate(%q) = %s %s %v, want %s %s", tt.in, d, p, err, tt.want, tt.prec)
		}
	}
}

func TestDiffScanner(t *testing.T) {
	in := `## 国务院关于同意吉林省变更县级公主岭市代管关系的批复（节选）
# 文号：国函〔2020〕84号
# 日期：2020年6月5日
# 来源：《国务院公报》
#
# 将四平市代管的县级公主岭市改由长春市代管。
+220184 公主岭市<_
-220381 公主岭市>_
## 第一个
# 日期：1983年5月5日
#
# 正文。
## 第二个
# 文号：（83）国函字90号
=120106 红桥区>北辰区

# 一条说明。

+130102 长安区
`
	s := NewDiffScanner(strings.NewReader(in), "x.diff")
	var blocks []Block
	for s.Next() {
		blocks = append(blocks, s.Block())
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	if len(blocks) != 4 {
		t.Fatalf("got %d blocks, want 4", len(blocks))
	}
	d := blocks[0].Desc.Docs[0]
	if d.Number != "国函〔2020〕84号" || d.Date.String() != "2020-06-05" || d.Source != "《国务院公报》" || len(blocks[0].Lines) != 2 || d.Body[0] != "将四平市代管的县级公主岭市改由长春市代管。" {
		t.Errorf("block 0: %+v %+v", d, blocks[0].Lines)
	}
	if docs := blocks[1].Desc.Docs; len(docs) != 2 || docs[1].Number != "（83）国函字90号" || docs[0].Date.String() != "1983-05-05" {
		t.Errorf("block 1 docs: %+v", docs)
	}
	if blocks[2].Desc == nil || len(blocks[2].Lines) != 0 {
		t.Errorf("block 2 should be a description without lines: %+v", blocks[2])
	}
	if blocks[3].Desc != nil || len(blocks[3].Lines) != 1 || blocks[3].Lines[0].Line != 19 {
		t.Errorf("block 3 should be lines without description at line 19: %+v", blocks[3])
	}
}

func TestScannerErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
		list           bool
	}{
		{"bad change line", "## t\n+220184 公主岭市<_\n*1\n", "x:3: change line must start", false},
		{"bad comment", "## t\n#x\n", "x:2: comment line must start", false},
		{"twice", "## t\n# 文号：a\n# 文号：b\n", "x:3: 文号: given twice", false},
		{"empty title", "## \n", "x:1: title: empty title", false},
		{"invalid utf8", "## t\n# \xff\n", "x:2: invalid UTF-8", false},
		{"list no space", "110000北京市\n", "x:1: want \"CODE NAME\"", true},
		{"list bad code", "110000 北京市\n11000x 天津市\n", "x:2: invalid code", true},
		{"list empty name", "110000 \n", "x:1: empty name", true},
		{"list long line", "110000 " + strings.Repeat("北", maxLine) + "\n", "x:1: line longer than", true},
	}
	for _, tt := range tests {
		var err error
		if tt.list {
			s := NewListScanner(strings.NewReader(tt.in), "x")
			for s.Next() {
			}
			err = s.Err()
		} else {
			s := NewDiffScanner(strings.NewReader(tt.in), "x")
			for s.Next() {
			}
			err = s.Err()
		}
		if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
			t.Errorf("%s: error = %v, want prefix %q", tt.name, err, tt.want)
		}
	}
}

func FuzzParseChangeLine(f *testing.F) {
	for _, s := range []string{"-220381 公主岭市>_", "+432901 永州市<..!,零陵县", "=120106 红桥区>北辰区", "+130400 邯郸市", "-1 >?!", "=000000 x<a?!?"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ParseChangeLine(s)
		if err != nil {
			return
		}
		// What parses formats back to something that parses the same.
		c2, err := ParseChangeLine(c.String())
		if err != nil || c2.String() != c.String() {
			t.Fatalf("%q → %q → %q, %v", s, c.String(), c2.String(), err)
		}
	})
}

func FuzzParseChineseDate(f *testing.F) {
	for _, s := range []string{"2020年6月5日", "一九八二年一月二十三日", "二〇〇〇年六月", "1983年", "二〇〇一年二月二十六", "十年十月十日"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, _, err := ParseChineseDate(s)
		if err == nil && !d.Valid() {
			t.Fatalf("%q gave invalid date %d", s, d)
		}
	})
}

func FuzzDiffScanner(f *testing.F) {
	f.Add("## t\n# 文号：a\n# 日期：2020年6月5日\n#\n# body\n+220184 公主岭市<_\n-220381 公主岭市>_\n\n# note\n\n+130102 长安区\n")
	f.Add("+1\n#\n##\n")
	f.Fuzz(func(t *testing.T, s string) {
		sc := NewDiffScanner(strings.NewReader(s), "fuzz")
		n := 0
		for sc.Next() {
			b := sc.Block()
			if b.Desc == nil && len(b.Lines) == 0 {
				t.Fatal("empty block")
			}
			n++
			if n > len(s)+1 {
				t.Fatal("more blocks than bytes")
			}
		}
	})
}

func FuzzListScanner(f *testing.F) {
	f.Add("110000 北京市\n110101 东城区\n")
	f.Add("\ufeff110000 北京市\r\n\n")
	f.Fuzz(func(t *testing.T, s string) {
		sc := NewListScanner(strings.NewReader(s), "fuzz")
		for sc.Next() {
			if sc.Entry().Name == "" {
				t.Fatal("empty name accepted")
			}
		}
	})
}

// FuzzParseCorrections: the corrections parser takes any text without
// panicking; every problem it reports is an *Error naming the file and a
// line of it, and every entry it accepts has a known rule. The seeds are
// the project's corrections file, whole and entry by entry.
func FuzzParseCorrections(f *testing.F) {
	b, err := os.ReadFile("../../data/corrections.txt")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	for _, block := range strings.Split(string(b), "\n\n") {
		f.Add([]byte(block))
	}
	f.Add([]byte("attach 1990.txt 12\n"))
	f.Add([]byte("# source\ndate 1990.txt x 1990-13\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		lines := len(strings.Split(string(b), "\n"))
		c, err := ParseCorrections(b, "corrections.txt")
		if err != nil {
			if c != nil {
				t.Fatal("corrections with an error")
			}
			var es Errors
			if !errors.As(err, &es) || len(es) == 0 {
				t.Fatalf("error %v is not a list of problems", err)
			}
			for _, e := range es {
				var pe *Error
				if !errors.As(e, &pe) || pe.File != "corrections.txt" || pe.Line < 1 || pe.Line > lines {
					t.Fatalf("problem %v does not name a line of the file (%d lines)", e, lines)
				}
			}
			return
		}
		for _, e := range c.entries {
			if e.rule != "attach" && e.rule != "implicit-parent" && e.rule != "date" && e.rule != "effective" {
				t.Fatalf("entry with rule %q accepted", e.rule)
			}
		}
	})
}
