package quhua_test

import (
	"bufio"
	"crypto/sha256"
	"encoding/csv"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// upstreamDir is the upstream data set, kept in the repository.
const upstreamDir = "data/areacodes"

func needUpstream(t testing.TB) {
	t.Helper()
	if _, err := os.Stat(filepath.Join(upstreamDir, "data")); err != nil {
		t.Fatalf("the upstream data set is part of the repository, but %s cannot be read: %v", upstreamDir, err)
	}
}

func readList(t testing.TB, year int) []string {
	t.Helper()
	f, err := os.Open(filepath.Join(upstreamDir, "data", fmt.Sprintf("%d.txt", year)))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	s := bufio.NewScanner(f)
	for s.Scan() {
		if l := strings.TrimSpace(strings.TrimPrefix(s.Text(), "\ufeff")); l != "" {
			out = append(out, l)
		}
	}
	if err := s.Err(); err != nil {
		t.Fatal(err)
	}
	slices.Sort(out)
	return out
}

func viewList(v quhua.View) []string {
	var out []string
	for _, d := range v.All() {
		out = append(out, d.Code.String()+" "+d.Name)
	}
	slices.Sort(out)
	return out
}

func diffLists(want, got []string) string {
	var b strings.Builder
	for _, w := range want {
		if !slices.Contains(got, w) {
			fmt.Fprintf(&b, "  missing %s\n", w)
		}
	}
	for _, g := range got {
		if !slices.Contains(want, g) {
			fmt.Fprintf(&b, "  extra   %s\n", g)
		}
	}
	return b.String()
}

// TestYearlyLists: the registry as of the end of every year is exactly that
// year's upstream list.
func TestYearlyLists(t *testing.T) {
	needUpstream(t)
	reg := quhua.Default()
	for y := reg.FirstYear(); y <= reg.LastYear(); y++ {
		t.Run(strconv.Itoa(y), func(t *testing.T) {
			want := readList(t, y)
			got := viewList(reg.At(quhua.EndOfYear(y)))
			if !slices.Equal(want, got) {
				t.Errorf("registry at %d differs from data/%d.txt:\n%s", y, y, diffLists(want, got))
			}
		})
	}
}

// TestReplay applies the events of each year, one by one, to that year's
// list and checks that the result is exactly the next year's list: the
// property that ties events and records together, 1981→2025.
func TestReplay(t *testing.T) {
	needUpstream(t)
	reg := quhua.Default()
	for y := reg.FirstYear(); y < reg.LastYear(); y++ {
		t.Run(fmt.Sprintf("%d-%d", y, y+1), func(t *testing.T) {
			state := map[string]bool{}
			for _, l := range readList(t, y) {
				state[l] = true
			}
			for _, e := range reg.EventsOfYear(y + 1) {
				for _, r := range e.Retired {
					k := r.Code.String() + " " + r.Name
					if !state[k] {
						t.Fatalf("event %s retires %s, which is not in force", e.Ref, k)
					}
					delete(state, k)
				}
				for _, r := range e.Created {
					k := r.Code.String() + " " + r.Name
					if state[k] {
						t.Fatalf("event %s creates %s, which is already in force", e.Ref, k)
					}
					state[k] = true
				}
			}
			var got []string
			for k := range state {
				got = append(got, k)
			}
			slices.Sort(got)
			want := readList(t, y+1)
			if !slices.Equal(want, got) {
				t.Errorf("events of %d applied to data/%d.txt differ from data/%d.txt:\n%s", y+1, y, y+1, diffLists(want, got))
			}
		})
	}
}

// TestResultCSV: every record of the upstream summary exists with its code,
// name, level and years, and every successor link it lists is in the
// lineage.
func TestResultCSV(t *testing.T) {
	needUpstream(t)
	reg := quhua.Default()
	levels := map[string]quhua.Level{"省级": quhua.Province, "地级": quhua.Prefecture, "县级": quhua.County}
	matched := map[*quhua.Record]bool{}
	for _, row := range readResultCSV(t) {
		t.Run(fmt.Sprintf("%s_%s_%d", row.code, row.name, row.first), func(t *testing.T) {
			c, err := quhua.ParseCode(row.code)
			if err != nil {
				t.Fatalf("result.csv:%d: %v", row.line, err)
			}
			var rec *quhua.Record
			for _, r := range reg.CodeRecords(c) {
				if r.Name == row.name && r.FirstYear() == row.first {
					rec = r
				}
			}
			if rec == nil {
				t.Fatalf("result.csv:%d: no record %s %s from %d", row.line, row.code, row.name, row.first)
			}
			matched[rec] = true
			if rec.Level() != levels[row.level] {
				t.Errorf("result.csv:%d: level %s, registry says %s", row.line, row.level, rec.Level())
			}
			if rec.EndYear() != row.last {
				t.Errorf("result.csv:%d: last year %d, registry ends %d", row.line, row.last, rec.EndYear())
			}
			for _, s := range row.succ {
				scode, year := s, 0
				if i := strings.Index(s, "["); i >= 0 {
					scode = s[:i]
					year, _ = strconv.Atoi(strings.TrimSuffix(s[i+1:], "]"))
				}
				found := false
				for _, l := range rec.Successors() {
					if l.To.Code.String() == scode && (year == 0 && l.SourceEnds() || year != 0 && l.Event.Year == year) {
						found = true
					}
				}
				if !found {
					t.Errorf("result.csv:%d: link %s → %s missing from the lineage", row.line, row.code, s)
				}
			}
		})
	}
	upstream := 0
	for _, r := range reg.Records() {
		if r.Created == nil || r.Created.Origin() == quhua.OriginUpstream {
			upstream++
		}
	}
	if len(matched) != upstream {
		t.Errorf("result.csv has %d records, the registry %d from upstream", len(matched), upstream)
	}
}

// csvRecord is one row of result.csv.
type csvRecord struct {
	code, name  string
	level       string // 省级, 地级 or 县级
	status      string // 在用, 弃用 or 变更
	first, last int    // last 0: in use
	succ        []string
	line        int
}

func readResultCSV(t *testing.T) []*csvRecord {
	t.Helper()
	f, err := os.Open(filepath.Join(upstreamDir, "result.csv"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []*csvRecord
	for i, r := range rows[1:] {
		fy, err1 := strconv.Atoi(r[6])
		ly, err2 := strconv.Atoi(r[7])
		if err1 != nil || err2 != nil && r[7] != "" {
			t.Fatalf("result.csv:%d: bad years %q %q", i+2, r[6], r[7])
		}
		c := &csvRecord{code: r[0], name: r[3], level: r[4], status: r[5], first: fy, last: ly, line: i + 2}
		for _, s := range strings.Split(r[8], ";") {
			if s != "" {
				c.succ = append(c.succ, s)
			}
		}
		out = append(out, c)
	}
	return out
}

// TestTranslateChains: every retired record of result.csv, translated from
// its first day to the end of the last list, leads exactly to the codes in
// use that its 新代码 chain leads to (a 变更 record with no new code goes on
// under its code). Links are followed in time: a record reached in year Y
// passes on only its links of year Y or later. Targets
// that quhua reaches only through links it infers (prefectures' links
// derived from their children, the 1983 districts implied by the
// corrections file) are not in the upstream chain and are left out of the
// comparison; they are tested by TestInferredTargets.
func TestTranslateChains(t *testing.T) {
	needUpstream(t)
	reg := quhua.Default()
	recs := readResultCSV(t)
	byCode := map[string][]*csvRecord{}
	for _, r := range recs {
		byCode[r.code] = append(byCode[r.code], r)
	}
	at := func(code string, y int) *csvRecord {
		for _, c := range byCode[code] {
			if c.first <= y && (c.last == 0 || y < c.last) {
				return c
			}
		}
		return nil
	}
	end := quhua.EndOfYear(reg.LastYear())
	n := 0
	for _, r := range recs {
		if r.last == 0 {
			continue
		}
		n++
		seen := map[*csvRecord]bool{}
		var want []string
		var walk func(c *csvRecord, since int)
		walk = func(c *csvRecord, since int) {
			if c == nil {
				t.Errorf("result.csv:%d: a successor of %s %s is not in force when linked", r.line, r.code, r.name)
				return
			}
			if seen[c] {
				return
			}
			seen[c] = true
			if c.last == 0 {
				want = append(want, c.code)
			}
			if c.status == "变更" && !slices.ContainsFunc(c.succ, func(s string) bool { return !strings.Contains(s, "[") }) {
				// 变更: the code went on under another name or parent.
				if next := at(c.code, c.last); next != nil {
					walk(next, c.last)
				}
			}
			for _, s := range c.succ {
				if i := strings.Index(s, "["); i >= 0 {
					y, _ := strconv.Atoi(strings.TrimSuffix(s[i+1:], "]"))
					if y >= since {
						walk(at(s[:i], y), y)
					}
				} else {
					walk(at(s, c.last), c.last)
				}
			}
		}
		walk(r, r.first)
		slices.Sort(want)
		want = slices.Compact(want)

		c, _ := quhua.ParseCode(r.code)
		var rec *quhua.Record
		for _, x := range reg.CodeRecords(c) {
			if x.Name == r.name && x.FirstYear() == r.first {
				rec = x
			}
		}
		if rec == nil {
			t.Errorf("result.csv:%d: no record %s %s", r.line, r.code, r.name)
			continue
		}
		tr := reg.TranslateRecord(rec, rec.From, end)
		var got []string
		for _, x := range tr.Targets {
			if !x.Inferred {
				got = append(got, x.Record.Code.String())
			}
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if !slices.Equal(want, got) {
			t.Errorf("result.csv:%d: %s %s (%d–%d) translated to %d gives %v, its chain leads to %v", r.line, r.code, r.name, r.first, r.last, reg.LastYear(), got, want)
		}
	}
	if n < 3000 {
		t.Fatalf("only %d retired records checked", n)
	}
}

// TestInferredTargets: what quhua infers beyond the upstream chains is
// sound: a retired prefecture whose code goes on under a new name reaches
// it through a derived link, and the 1983 districts reach back to their
// city.
func TestInferredTargets(t *testing.T) {
	reg := quhua.Default()
	tr, err := reg.Translate(420600, quhua.MustParseDate("2009"), quhua.MustParseDate("2024"))
	if err != nil {
		t.Fatal(err)
	}
	m := tr.Main()
	if len(m) != 1 || m[0].Record.Code != 420600 || m[0].Record.Name != "襄阳市" || m[0].Status(tr.Source) != quhua.Renamed {
		t.Errorf("襄樊市 2009 → 2024: main targets %+v, want 420600 襄阳市 renamed", m)
	}
	back, err := reg.Translate(130102, quhua.MustParseDate("1983"), quhua.MustParseDate("1982"))
	if err != nil {
		t.Fatal(err)
	}
	var codes []string
	for _, x := range back.Targets {
		codes = append(codes, x.Record.Code.String())
		if !x.Inferred {
			t.Errorf("130102 长安区 1983 → 1982: target %s should be marked inferred", x.Record)
		}
	}
	if !slices.Equal(codes, []string{"130100"}) {
		t.Errorf("130102 长安区 1983 → 1982 gives %v, want [130100] (carved out of 石家庄市)", codes)
	}
}

// TestDataChecksums checks that the upstream files are the ones their
// SHA256SUMS names, and that no file is missing from it.
func TestDataChecksums(t *testing.T) {
	sums, err := os.ReadFile(filepath.Join(upstreamDir, "SHA256SUMS"))
	if err != nil {
		t.Fatal(err)
	}
	listed := map[string]bool{}
	for i, line := range strings.Split(strings.TrimSpace(string(sums)), "\n") {
		sum, name, ok := strings.Cut(line, "  ")
		if !ok {
			t.Fatalf("SHA256SUMS:%d: want \"HASH  FILE\", got %q", i+1, line)
		}
		listed[name] = true
		b, err := os.ReadFile(filepath.Join(upstreamDir, filepath.FromSlash(name)))
		if err != nil {
			t.Errorf("SHA256SUMS:%d: %v", i+1, err)
			continue
		}
		if got := fmt.Sprintf("%x", sha256.Sum256(b)); got != sum {
			t.Errorf("SHA256SUMS:%d: %s has SHA-256 %s, the file lists %s", i+1, name, got, sum)
		}
	}
	filepath.WalkDir(upstreamDir, func(p string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(upstreamDir, p)
		if rel = filepath.ToSlash(rel); rel != "SHA256SUMS" && !listed[rel] {
			t.Errorf("%s is not listed in SHA256SUMS", rel)
		}
		return nil
	})
}
