package recode

import (
	"encoding/csv"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

const upstream = "../data/areacodes"

// resultRow is one row of the upstream result.csv.
type resultRow struct {
	code        string
	name        string
	retired     bool
	status      string
	first, last int // last: the first year no longer in force (0 in use)
	next        []string
}

func readResultCSV(t *testing.T) []resultRow {
	t.Helper()
	f, err := os.Open(upstream + "/result.csv")
	if err != nil {
		t.Fatalf("the upstream data set is part of the repository, but cannot be read: %v", err)
	}
	defer f.Close()
	recs, err := csv.NewReader(f).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	var out []resultRow
	for i, r := range recs[1:] {
		row := resultRow{code: strings.TrimPrefix(r[0], "\ufeff"), name: r[3], retired: r[5] != "在用", status: r[5]}
		if row.first, err = strconv.Atoi(r[6]); err != nil {
			t.Fatalf("result.csv:%d: first year %q", i+2, r[6])
		}
		if r[7] != "" {
			if row.last, err = strconv.Atoi(r[7]); err != nil {
				t.Fatalf("result.csv:%d: last year %q", i+2, r[7])
			}
		}
		if r[8] != "" {
			row.next = strings.Split(r[8], ";")
		}
		out = append(out, row)
	}
	return out
}

// TestRetiredCodesFollowResultCSV checks, for every retired code (弃用, or
// 变更: the code went on with another parent or name) of the
// upstream result.csv, that translating it from its last year to the newest list
// gives exactly the codes its chain of new codes (新代码, without the
// [YEAR] links, which are transfers of part of an area) leads to. Targets
// the registry reaches only through links it infers (prefectures' links
// derived from their children) are not in result.csv and are left out.
func TestRetiredCodesFollowResultCSV(t *testing.T) {
	rows := readResultCSV(t)
	reg := quhua.Default()
	to := quhua.EndOfYear(quhua.Default().LastYear())
	// The row of a code in force in a year.
	find := func(code string, year int) *resultRow {
		for i := range rows {
			r := &rows[i]
			if r.code == code && r.first <= year && (r.last == 0 || year < r.last) {
				return r
			}
		}
		return nil
	}
	// unstated: the chain passes through a retired prefecture or province
	// with no new codes, whose successors result.csv leaves to its
	// children's rows.
	unstated := false
	var leaves func(r *resultRow, depth int) []string
	leaves = func(r *resultRow, depth int) []string {
		if !r.retired {
			return []string{r.code}
		}
		if depth > 30 {
			t.Fatalf("chain of %s %s does not end", r.code, r.name)
		}
		var next []string
		for _, n := range r.next {
			if !strings.Contains(n, "[") {
				next = append(next, n)
			}
		}
		if len(next) == 0 {
			switch {
			case r.status == "变更" && find(r.code, r.last) != nil:
				next = []string{r.code} // the code went on
			case !strings.HasSuffix(r.code, "00"):
				return nil // abolished
			default:
				unstated = true
				return nil
			}
		}
		var out []string
		for _, n := range next {
			nr := find(n, r.last)
			if nr == nil {
				t.Errorf("result.csv: %s %s: new code %s not found in %d", r.code, r.name, n, r.last)
				continue
			}
			out = append(out, leaves(nr, depth+1)...)
		}
		slices.Sort(out)
		return slices.Compact(out)
	}
	n, skipped := 0, 0
	for i := range rows {
		r := &rows[i]
		if !r.retired {
			continue
		}
		unstated = false
		want := leaves(r, 0)
		if unstated {
			skipped++
			continue
		}
		n++
		c, err := quhua.ParseCode(r.code)
		if err != nil {
			t.Fatal(err)
		}
		from := quhua.EndOfYear(r.last - 1)
		tr, err := reg.Translate(c, from, to)
		if err != nil {
			t.Errorf("%s %s (%d–%d): %v", r.code, r.name, r.first, r.last, err)
			continue
		}
		var got []string
		for _, x := range tr.Main() {
			if !x.Inferred {
				got = append(got, x.Record.Code.String())
			}
		}
		slices.Sort(got)
		if !slices.Equal(got, want) {
			t.Errorf("%s %s (%d–%d) → %d: registry %v, result.csv chain %v", r.code, r.name, r.first, r.last, to.Year(), got, want)
		}
	}
	t.Logf("%d retired codes checked; %d whose chain passes through a prefecture or province with no new codes in result.csv", n, skipped)
	if n < 1000 {
		t.Fatalf("only %d retired codes in result.csv", n)
	}
}
