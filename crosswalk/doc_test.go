package crosswalk

import (
	"bytes"
	"context"
	"database/sql"
	"encoding/csv"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/recode"
	_ "modernc.org/sqlite"
)

// docQueries returns the SQL blocks of docs/crosswalk.md marked
// "-- test: NAME".
func docQueries(t *testing.T) map[string]string {
	t.Helper()
	b, err := os.ReadFile("../docs/crosswalk.md")
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	re := regexp.MustCompile("(?s)```sql\n-- test: (\\w+)\n(.*?)```")
	for _, m := range re.FindAllStringSubmatch(string(b), -1) {
		out[m[1]] = m[2]
	}
	for _, k := range []string{"join", "aggregate", "splits", "duckdb"} {
		if out[k] == "" {
			t.Fatalf("docs/crosswalk.md has no query marked -- test: %s", k)
		}
	}
	return out
}

// fixture is a panel of every division of 2019 plus codes that are not
// divisions, recoded to 2024 by recode and by the documented SQL.
type fixture struct {
	from, to quhua.Date
	csv      string
	rows     []Row
	recoded  [][]string // recode's output, header first
}

func newFixture(t *testing.T, extra bool, fromYear int) *fixture {
	t.Helper()
	reg := quhua.Default()
	f := &fixture{from: quhua.EndOfYear(fromYear), to: quhua.EndOfYear(2024)}
	var b strings.Builder
	b.WriteString("id,code,value\n")
	id := 0
	for _, d := range reg.At(f.from).All() {
		id++
		fmt.Fprintf(&b, "%d,%s,%d\n", id, d.Code, id)
	}
	if extra {
		for _, c := range []string{"220101", "999999"} {
			id++
			fmt.Fprintf(&b, "%d,%s,%d\n", id, c, id)
		}
	}
	f.csv = b.String()
	f.rows = Build(reg, f.from, f.to)
	var out bytes.Buffer
	if _, err := recode.Run(context.Background(), strings.NewReader(f.csv), &out, recode.Options{Column: "code", From: f.from, To: f.to}); err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(&out).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	f.recoded = recs
	return f
}

func (f *fixture) sqlite(t *testing.T) *sql.DB {
	t.Helper()
	db, err := sql.Open("sqlite", ":memory:")
	if err != nil {
		t.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	t.Cleanup(func() { db.Close() })
	exec := func(q string, args ...any) {
		if _, err := db.Exec(q, args...); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(`CREATE TABLE data (id INTEGER, code TEXT, value INTEGER)`)
	exec(`CREATE TABLE crosswalk (from_date TEXT, to_date TEXT, from_code TEXT, from_name TEXT, status TEXT,
		to_code TEXT, to_name TEXT, relation TEXT, partial BOOLEAN, candidates INTEGER)`)
	tx, _ := db.Begin()
	recs, _ := csv.NewReader(strings.NewReader(f.csv)).ReadAll()
	for _, r := range recs[1:] {
		tx.Exec(`INSERT INTO data VALUES (?, ?, ?)`, r[0], r[1], r[2])
	}
	null := func(s string) any {
		if s == "" {
			return nil
		}
		return s
	}
	for _, r := range f.rows {
		if _, err := tx.Exec(`INSERT INTO crosswalk VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`, r.FromDate, r.ToDate, r.FromCode, r.FromName,
			r.Status, null(r.ToCode), null(r.ToName), null(r.Relation), r.Partial, r.Candidates); err != nil {
			t.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		t.Fatal(err)
	}
	return db
}

func query(t *testing.T, db *sql.DB, q string) [][]string {
	t.Helper()
	rows, err := db.Query(q)
	if err != nil {
		t.Fatalf("%v\n%s", err, q)
	}
	defer rows.Close()
	cols, _ := rows.Columns()
	var out [][]string
	for rows.Next() {
		vals := make([]sql.NullString, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := rows.Scan(ptrs...); err != nil {
			t.Fatal(err)
		}
		r := make([]string, len(cols))
		for i, v := range vals {
			r[i] = v.String
		}
		out = append(out, r)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

// TestDocJoin runs the documented join in SQLite and checks it gives, for
// every data row, recode's candidates and status: from 2019, and from 1982
// (with abolished units among the sources).
func TestDocJoin(t *testing.T) {
	for _, y := range []int{2019, 1982} {
		t.Run(fmt.Sprint(y), func(t *testing.T) { testDocJoin(t, y) })
	}
}

func testDocJoin(t *testing.T, year int) {
	qs := docQueries(t)
	f := newFixture(t, true, year)
	got := query(t, f.sqlite(t), qs["join"])
	// id → candidates, status
	byID := map[string][]string{}
	status := map[string]string{}
	for _, r := range got {
		// d.id, d.code, d.value, to_code, to_name, status, candidates
		if r[3] != "" {
			byID[r[0]] = append(byID[r[0]], r[3])
		}
		status[r[0]] = r[5]
	}
	if len(status) != len(f.recoded)-1 {
		t.Fatalf("the join kept %d data rows of %d", len(status), len(f.recoded)-1)
	}
	for _, r := range f.recoded[1:] {
		id, rel := r[0], r[5]
		var want []string
		if r[3] != "" {
			want = strings.Split(r[3], ";")
		}
		switch rel {
		case "placeholder", "statistical", "unknown":
			if status[id] != "unknown" || len(byID[id]) != 0 {
				t.Errorf("row %s (%s, %s): SQL %v %s, want no target", id, r[1], rel, byID[id], status[id])
			}
			continue
		}
		if !slices.Equal(byID[id], want) || status[id] != rel {
			t.Errorf("row %s (%s): SQL %v %s, recode %v %s", id, r[1], byID[id], status[id], want, rel)
		}
	}
}

// TestDocAggregate checks the documented roll-up against recode
// --aggregate, and the documented list of splits.
func TestDocAggregate(t *testing.T) {
	qs := docQueries(t)
	f := newFixture(t, false, 2019)
	db := f.sqlite(t)
	var out bytes.Buffer
	if _, err := recode.Run(context.Background(), strings.NewReader(f.csv), &out, recode.Options{
		Column: "code", From: f.from, To: f.to, Aggregate: []string{"value"}}); err != nil {
		t.Fatal(err)
	}
	agg, _ := csv.NewReader(&out).ReadAll()
	want := map[string]string{}
	nsplit := 0
	for _, r := range agg[1:] {
		// quhua_code, quhua_name, quhua_relation, quhua_rows, value
		if r[2] == "division" {
			want[r[0]] = r[3] + " " + r[4]
		} else {
			nsplit += atoi(r[3])
		}
	}
	got := map[string]string{}
	for _, r := range query(t, db, qs["aggregate"]) {
		got[r[0]] = r[2] + " " + r[3]
	}
	if len(got) != len(want) {
		t.Errorf("SQL has %d groups, recode %d", len(got), len(want))
	}
	for k, v := range want {
		if got[k] != v {
			t.Errorf("%s: SQL %q, recode %q (rows value)", k, got[k], v)
		}
	}
	splits := query(t, db, qs["splits"])
	if len(splits) != nsplit {
		t.Errorf("SQL lists %d split rows, recode %d", len(splits), nsplit)
	}
}

func atoi(s string) int {
	var n int
	fmt.Sscan(s, &n)
	return n
}

// TestDocDuckDB runs the DuckDB query of the docs through DuckDB's Node.js
// package, when installed, and compares it with recode row by row.
func TestDocDuckDB(t *testing.T) {
	mods := os.Getenv("QUHUA_DUCKDB_NODE_MODULES")
	if mods == "" {
		for _, d := range []string{"../.npm-test/node_modules", "../bench/recode/out/node_modules"} {
			if _, err := os.Stat(filepath.Join(d, "@duckdb/node-api")); err == nil {
				mods, _ = filepath.Abs(d)
				break
			}
		}
	}
	node, err := exec.LookPath("node")
	if _, serr := os.Stat(filepath.Join(mods, "@duckdb/node-api")); mods == "" || err != nil || serr != nil {
		msg := fmt.Sprintf("DuckDB not available: needs node and @duckdb/node-api in %q (eval \"$(bash .ci/npm-packages.sh)\" installs it and sets QUHUA_DUCKDB_NODE_MODULES)", mods)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg) // CI installs DuckDB: the documented SQL must run there
		}
		t.Skip(msg)
	}
	qs := docQueries(t)
	f := newFixture(t, true, 1982)
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "data.csv"), []byte(f.csv), 0o644)
	cwf, _ := os.Create(filepath.Join(dir, "cw.csv"))
	w, _ := NewWriter(cwf, "csv")
	w.Write(f.rows)
	w.Close()
	cwf.Close()
	script := fmt.Sprintf(`const { createRequire } = require('module');
const req = createRequire(%q);
const { DuckDBInstance } = req('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run("CREATE VIEW crosswalk AS SELECT * FROM read_csv('%s', types = {'from_code': 'VARCHAR', 'to_code': 'VARCHAR'})");
  await c.run("CREATE VIEW data AS SELECT * FROM read_csv('%s', types = {'code': 'VARCHAR'})");
  const q = require('fs').readFileSync(%q, 'utf8');
  await c.run("COPY (" + q + ") TO '" + %q + "' (HEADER)");
})().catch(e => { console.error(e); process.exit(1); });
`, mods+"/", filepath.Join(dir, "cw.csv"), filepath.Join(dir, "data.csv"), filepath.Join(dir, "q.sql"), filepath.Join(dir, "out.csv"))
	os.WriteFile(filepath.Join(dir, "q.sql"), []byte(qs["duckdb"]), 0o644)
	os.WriteFile(filepath.Join(dir, "run.cjs"), []byte(script), 0o644)
	if out, err := exec.Command(node, filepath.Join(dir, "run.cjs")).CombinedOutput(); err != nil {
		t.Fatalf("duckdb: %v\n%s", err, out)
	}
	b, _ := os.ReadFile(filepath.Join(dir, "out.csv"))
	got, err := csv.NewReader(bytes.NewReader(b)).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(f.recoded) {
		t.Fatalf("DuckDB wrote %d rows, recode %d", len(got)-1, len(f.recoded)-1)
	}
	for i, r := range f.recoded[1:] {
		g := got[i+1] // id, code, value, to_code, to_name, status
		rel := r[5]
		switch rel {
		case "placeholder", "statistical", "unknown":
			if g[5] != "unknown" || g[3] != "" {
				t.Errorf("row %s: DuckDB %v, want unknown", r[0], g)
			}
			continue
		}
		if g[0] != r[0] || g[3] != r[3] || g[4] != r[4] || g[5] != rel {
			t.Errorf("row %s: DuckDB %v, recode %v", r[0], g, r[:6])
		}
	}
}
