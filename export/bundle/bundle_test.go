package bundle

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strings"
	"sync"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/township"
)

var (
	once   sync.Once
	reg    *quhua.Registry
	dir    string
	relErr error
)

// bundle writes the bundle of the registry with the township level once.
func bundle(t *testing.T) (*quhua.Registry, string) {
	once.Do(func() {
		reg, relErr = township.Load()
		if relErr != nil {
			return
		}
		dir, relErr = os.MkdirTemp("", "quhua-bundle")
		if relErr != nil {
			return
		}
		_, relErr = Write(context.Background(), reg, dir)
	})
	if relErr != nil {
		t.Fatal(relErr)
	}
	return reg, dir
}

func TestMain(m *testing.M) {
	code := m.Run()
	if dir != "" {
		os.RemoveAll(dir)
	}
	os.Exit(code)
}

// query is one question of the test, with the library's answer.
type query struct {
	Kind string `json:"kind"` // lookup or translate
	Code string `json:"code"`
	Date string `json:"date"`
	// Want: lookup: "code|name|kind|level" or ""; translate: the target
	// codes joined by ";".
	Want string `json:"want"`
}

// queries draws 1,000 lookups and 1,000 translations and answers them
// with the library the CLI answers with (View.Lookup, as quhua lookup
// CODE --at DATE; Registry.Translate, as quhua translate CODE --from
// DATE --to the latest).
func queries(reg *quhua.Registry) []query {
	r := rand.New(rand.NewPCG(23, 2260))
	var recs []*quhua.Record
	for _, x := range reg.Records() {
		if x.Level() != quhua.Township {
			recs = append(recs, x)
		}
	}
	first, last := reg.FirstDate(), reg.Latest()
	span := int(last - first)
	var out []query
	for i := 0; i < 1000; i++ {
		x := recs[r.IntN(len(recs))]
		var d quhua.Date
		if i%2 == 0 {
			d = first + quhua.Date(r.IntN(span)) // any day: often not in force
		} else {
			lo, hi := max(x.From, first), last
			if x.To != 0 {
				hi = x.To
			}
			d = lo + quhua.Date(r.IntN(max(1, int(hi-lo))))
		}
		q := query{Kind: "lookup", Code: x.Code.String(), Date: d.String()}
		if v, ok := reg.At(d).Lookup(x.Code); ok {
			q.Want = strings.Join([]string{v.Code.String(), v.Name, v.Kind.Key(), v.Level().Key()}, "|")
		}
		out = append(out, q)
	}
	for i := 0; i < 1000; i++ {
		y := reg.FirstYear() + r.IntN(reg.LastYear()-reg.FirstYear())
		ds := reg.At(quhua.EndOfYear(y)).All()
		var d quhua.Division
		for {
			d = ds[r.IntN(len(ds))]
			if d.Level() != quhua.Township {
				break
			}
		}
		t, err := reg.Translate(d.Code, quhua.EndOfYear(y), last)
		if err != nil {
			panic(err)
		}
		var codes []string
		for _, x := range t.Main() {
			codes = append(codes, x.Record.Code.String())
		}
		sort.Strings(codes)
		out = append(out, query{Kind: "translate", Code: d.Code.String(), Date: quhua.EndOfYear(y).String(), Want: strings.Join(codes, ";")})
	}
	return out
}

const pythonScript = `import json, sqlite3, sys
db = sqlite3.connect(sys.argv[1])
LOOKUP = sys.argv[2]
TRANSLATE = sys.argv[3]
out = []
for q in json.load(open(sys.argv[4])):
    if q["kind"] == "lookup":
        rows = db.execute(LOOKUP, (q["code"], q["date"], q["date"])).fetchall()
        out.append("|".join(rows[0][:4]) if len(rows) == 1 else ("" if not rows else "several: %d" % len(rows)))
    else:
        rows = db.execute(TRANSLATE, (q["date"], q["code"])).fetchall()
        out.append(";".join(r[1] for r in rows if r[1]))
json.dump(out, sys.stdout, ensure_ascii=False)
`

func check(t *testing.T, qs []query, got []string) {
	t.Helper()
	if len(got) != len(qs) {
		t.Fatalf("%d answers for %d questions", len(got), len(qs))
	}
	bad := 0
	for i, q := range qs {
		if got[i] != q.Want {
			bad++
			if bad <= 10 {
				t.Errorf("%s %s %s: %q, the library %q", q.Kind, q.Code, q.Date, got[i], q.Want)
			}
		}
	}
	if bad > 0 {
		t.Errorf("%d of %d answers differ", bad, len(qs))
	}
}

// TestPythonSQLite: Python's standard sqlite3 answers 1,000 lookups and
// 1,000 translations from quhua.sqlite as the library does.
func TestPythonSQLite(t *testing.T) {
	py, err := exec.LookPath("python3")
	if err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatal("python3 is needed under CI")
		}
		t.Skip("python3 not found")
	}
	reg, dir := bundle(t)
	qs := queries(reg)
	tmp := t.TempDir()
	qf := filepath.Join(tmp, "q.json")
	b, _ := json.Marshal(qs)
	os.WriteFile(qf, b, 0o644)
	sf := filepath.Join(tmp, "q.py")
	os.WriteFile(sf, []byte(pythonScript), 0o644)
	out, err := exec.Command(py, sf, filepath.Join(dir, "quhua.sqlite"), Lookup, Translate, qf).Output()
	if err != nil {
		t.Fatalf("python: %v %s", err, out)
	}
	var got []string
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	check(t, qs, got)
}

// TestDuckDB: DuckDB reads the Parquet files and answers the same, with
// the same SQL on tables loaded from them.
func TestDuckDB(t *testing.T) {
	mods := os.Getenv("QUHUA_DUCKDB_NODE_MODULES")
	if mods == "" {
		mods, _ = filepath.Abs("../../.npm-test/node_modules")
	}
	node, err := exec.LookPath("node")
	if _, serr := os.Stat(filepath.Join(mods, "@duckdb/node-api")); err != nil || serr != nil {
		msg := fmt.Sprintf("DuckDB not available: needs node and @duckdb/node-api in %s (eval \"$(bash .ci/npm-packages.sh)\")", mods)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	reg, dir := bundle(t)
	qs := queries(reg)
	tmp := t.TempDir()
	qf := filepath.Join(tmp, "q.json")
	b, _ := json.Marshal(qs)
	os.WriteFile(qf, b, 0o644)
	dollar := func(q string) string { // DuckDB's positional parameters
		n := 0
		var s strings.Builder
		for _, c := range q {
			if c == '?' {
				n++
				fmt.Fprintf(&s, "$%d", n)
				continue
			}
			s.WriteRune(c)
		}
		return s.String()
	}
	script := fmt.Sprintf(`const { createRequire } = require('module');
const req = createRequire(%q);
const { DuckDBInstance } = req('@duckdb/node-api');
const fs = require('fs');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run("CREATE TABLE divisions AS FROM read_parquet('%s')");
  await c.run("CREATE TABLE crosswalk AS FROM read_parquet('%s')");
  const lookup = await c.prepare(%q);
  const translate = await c.prepare(%q);
  const out = [];
  for (const q of JSON.parse(fs.readFileSync(%q, 'utf8'))) {
    if (q.kind === 'lookup') {
      lookup.bindVarchar(1, q.code); lookup.bindVarchar(2, q.date); lookup.bindVarchar(3, q.date);
      const rows = await (await lookup.run()).getRows();
      out.push(rows.length === 1 ? rows[0].slice(0, 4).join('|') : (rows.length ? 'several: ' + rows.length : ''));
    } else {
      translate.bindVarchar(1, q.date); translate.bindVarchar(2, q.code);
      const rows = await (await translate.run()).getRows();
      out.push(rows.map(r => r[1]).filter(x => x).join(';'));
    }
  }
  console.log(JSON.stringify(out));
})().catch(e => { console.error(e); process.exit(1); });
`, mods+"/", filepath.Join(dir, "divisions.parquet"), filepath.Join(dir, "crosswalk.parquet"), dollar(Lookup), dollar(Translate), qf)
	js := filepath.Join(tmp, "run.cjs")
	os.WriteFile(js, []byte(script), 0o644)
	out, err := exec.Command(node, js).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb: %v\n%s", err, out)
	}
	var got []string
	if err := json.Unmarshal(bytes.TrimSpace(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	check(t, qs, got)

	// The recode join of "Beyond one machine", on the crosswalk Parquet.
	script2 := fmt.Sprintf(`const { createRequire } = require('module');
const req = createRequire(%q);
const { DuckDBInstance } = req('@duckdb/node-api');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  await c.run("CREATE VIEW crosswalk AS FROM read_parquet('%s')");
  await c.run("CREATE TABLE data AS SELECT * FROM (VALUES ('220381', 1), ('330104', 2), ('110101', 3)) t(code, n)");
  const rows = await (await c.run(%q + " ORDER BY d.n, cw.to_code")).getRows();
  console.log(rows.map(r => r.map(String).join(',')).join('\n'));
})().catch(e => { console.error(e); process.exit(1); });
`, mods+"/", filepath.Join(dir, "crosswalk.parquet"), Recode)
	os.WriteFile(js, []byte(script2), 0o644)
	out, err = exec.Command(node, js).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb recode: %v\n%s", err, out)
	}
	want := "220381,1,recoded,220184,公主岭市\n330104,2,partial,330102,上城区\n330104,2,partial,330114,钱塘区\n110101,3,exact,110101,东城区"
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("the recode join in DuckDB:\n%s\nwant:\n%s", got, want)
	}
}

// TestReproducible: writing the bundle again gives the same bytes, and
// SHA256SUMS lists every file.
func TestReproducible(t *testing.T) {
	reg, dir := bundle(t)
	again := t.TempDir()
	rel, err := Write(context.Background(), reg, again)
	if err != nil {
		t.Fatal(err)
	}
	names, _ := os.ReadDir(dir)
	if len(names) != 2*len(tables)+4 {
		t.Errorf("%d files in the bundle, want %d", len(names), 2*len(tables)+4)
	}
	for _, e := range names {
		a, _ := os.ReadFile(filepath.Join(dir, e.Name()))
		b, err := os.ReadFile(filepath.Join(again, e.Name()))
		if err != nil || !bytes.Equal(a, b) {
			t.Errorf("%s differs between two writes (%v)", e.Name(), err)
		}
	}
	sums, _ := os.ReadFile(filepath.Join(dir, "SHA256SUMS"))
	if n := strings.Count(string(sums), "\n"); n != len(names)-1 {
		t.Errorf("SHA256SUMS lists %d files, want %d", n, len(names)-1)
	}
	cmd := exec.Command("sha256sum", "-c", "--quiet", "SHA256SUMS")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Errorf("sha256sum -c: %v\n%s", err, out)
	}
	if rel.Counts["divisions"] == 0 || rel.Counts["townships"] == 0 || rel.Counts["crosswalk"] == 0 || rel.Release == "" {
		t.Errorf("release.json: %+v", rel)
	}
}
