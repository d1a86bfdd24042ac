package idcard

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// testNumbers are valid generated numbers: several regions, dates and
// sexes, one with the check character X, and old 15-digit numbers.
func testNumbers(t testing.TB, reg *quhua.Registry) []string {
	t.Helper()
	var out []string
	for _, g := range []struct {
		code  quhua.Code
		birth string
		sex   byte
	}{
		{220102, "1990-03-07", 'M'}, {110105, "1949-12-31", 'F'}, {440305, "2001-11-30", 'F'},
		{650102, "1985-06-15", 'M'}, {220184, "2021-01-02", 'F'},
	} {
		ns, err := Generate(reg, g.code, quhua.MustParseDate(g.birth), g.sex, 0, 12)
		if err != nil {
			t.Fatal(err)
		}
		out = append(out, ns[0])
		for _, n := range ns {
			if n[17] == 'X' {
				out = append(out, n)
				break
			}
		}
	}
	out = append(out, "220381920304042", "110105491231002")
	return out
}

// TestFormats: every form of every number parses to the number, and
// Redact hides it, alone, in text, JSON-encoded and URL-encoded.
func TestFormats(t *testing.T) {
	reg := quhua.Default()
	for _, n := range testNumbers(t, reg) {
		want := n
		if len(n) == 15 {
			u, _ := Upgrade(n)
			want = u
		}
		for _, f := range Formats(n) {
			info, err := Parse(f, reg)
			if err != nil || info.Number != want {
				t.Errorf("Parse(%q): %v, %v", Redact(f), info, err)
			}
			j, _ := json.Marshal(f)
			q := fmt.Sprintf("invalid code %q", f)
			jq, _ := json.Marshal(q)
			for _, text := range []string{f, q, string(jq), "q=" + f + "&at=2019", "号码：" + f + "。", string(j),
				url.QueryEscape(f), url.PathEscape(f), "/v1/divisions/" + url.PathEscape(f) + "/history"} {
				got := Redact(text)
				if part, ok := Shows(got, n); ok {
					t.Errorf("Redact(%q) = %q shows %s", Redact(text), got, Mask(part))
				}
				if strings.Count(got, "*") == 0 {
					t.Errorf("Redact(%q) masks nothing", got)
				}
			}
			// A mistyped check character: the error hides the number too.
			bad := f[:len(f)-1] + string("1"[0]^(f[len(f)-1]&1))
			if _, err := Parse(bad, reg); err != nil {
				if part, ok := Shows(err.Error(), n); ok {
					t.Errorf("Parse(%q): %v shows %s", Redact(bad), err, Mask(part))
				}
			}
		}
	}
}

// TestRedactLeavesDates: groups that are not a number stay.
func TestRedactLeavesDates(t *testing.T) {
	for _, s := range []string{
		"2019-06-05 2020-01-01", "2026-12-08 00:35:00.123456", "+86 138 0013 8000",
		"from 2019-06-05 to 2020-06-05", "1983-01-01–2001-01-22", "codes 220381, 220184, 220100",
		"220381 220184 220100", "v1.2.3.4.5.6.7.8",
	} {
		if got := Redact(s); got != s {
			t.Errorf("Redact(%q) = %q", s, got)
		}
	}
}
