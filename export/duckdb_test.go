package export

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// The CSV, Parquet and SQL exports load in DuckDB (@duckdb/node-api,
// installed by .ci/npm-packages.sh) with the same rows.
func TestDuckDB(t *testing.T) {
	mods := os.Getenv("QUHUA_DUCKDB_NODE_MODULES")
	if mods == "" {
		mods, _ = filepath.Abs("../.npm-test/node_modules")
	}
	node, err := exec.LookPath("node")
	if _, serr := os.Stat(filepath.Join(mods, "@duckdb/node-api")); err != nil || serr != nil {
		msg := fmt.Sprintf("DuckDB not available: needs node and @duckdb/node-api in %s (eval \"$(bash .ci/npm-packages.sh)\")", mods)
		if os.Getenv("CI") == "true" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	rows := rows2024(t, Query{})
	dir := t.TempDir()
	for _, f := range []Format{CSV, Parquet, SQL} {
		if err := os.WriteFile(filepath.Join(dir, "d."+string(f)), write(t, f, rows, Options{}), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	script := fmt.Sprintf(`const { createRequire } = require('module');
const req = createRequire(%q);
const { DuckDBInstance } = req('@duckdb/node-api');
const fs = require('fs');
(async () => {
  const db = await DuckDBInstance.create(':memory:');
  const c = await db.connect();
  const one = async q => (await (await c.run(q)).getRows())[0].map(String).join('|');
  const out = [];
  out.push(await one("SELECT count(*), count(DISTINCT code) FROM read_csv('%s', types = {'code': 'VARCHAR'})"));
  out.push(await one("SELECT count(*), min(pinyin) FILTER (WHERE code = '341500') FROM read_parquet('%s')"));
  await c.run(fs.readFileSync('%s', 'utf8'));
  out.push(await one("SELECT count(*), max(valid_from) FILTER (WHERE code = '220184') FROM divisions"));
  console.log(out.join('\n'));
})().catch(e => { console.error(e); process.exit(1); });
`, mods+"/", filepath.Join(dir, "d.csv"), filepath.Join(dir, "d.parquet"), filepath.Join(dir, "d.sql"))
	js := filepath.Join(dir, "run.cjs")
	os.WriteFile(js, []byte(script), 0o644)
	out, err := exec.Command(node, js).CombinedOutput()
	if err != nil {
		t.Fatalf("duckdb: %v\n%s", err, out)
	}
	n := len(rows)
	want := fmt.Sprintf("%d|%d\n%d|Lu'an Shi\n%d|2020-06-05", n, n, n, n)
	if got := strings.TrimSpace(string(out)); got != want {
		t.Errorf("DuckDB read:\n%s\nwant:\n%s", got, want)
	}
}
