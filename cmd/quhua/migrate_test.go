package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestMigrateCommand runs quhua migrate on a real SQLite file: a dry run,
// --apply with --json, a second run, undo, and a missing table.
func TestMigrateCommand(t *testing.T) {
	path := filepath.Join(t.TempDir(), "staff.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE staff (id INTEGER PRIMARY KEY, county TEXT, town TEXT);
INSERT INTO staff (county, town) VALUES ('220381', ''), ('220381', ''), ('330104', '330104010'), ('330104', ''), ('110101', '')`); err != nil {
		t.Fatal(err)
	}
	values := func() string {
		var vs []string
		rows, err := db.Query(`SELECT county FROM staff ORDER BY id`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var v string
			rows.Scan(&v)
			vs = append(vs, v)
		}
		return strings.Join(vs, " ")
	}
	quhua := func(want int, args ...string) string {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != want {
			t.Fatalf("quhua %s: status %d, want %d\n%s%s", strings.Join(args, " "), code, want, out.String(), errb.String())
		}
		return out.String() + errb.String()
	}
	// (Flag values persist between runs in one process: each run sets
	// the ones it relies on.)
	base := []string{"migrate", "--db", path, "--table", "staff", "--column", "county", "--from", "2019", "--to", "2024"}
	out := quhua(0, base...)
	if !strings.Contains(out, "dry run") || !strings.Contains(out, "220381 recoded         2 rows: change → 220184") {
		t.Errorf("dry run:\n%s", out)
	}
	if v := values(); v != "220381 220381 330104 330104 110101" {
		t.Fatalf("the dry run changed the table: %s", v)
	}
	out = quhua(0, append(base, "--apply", "--by-township", "town", "--json")...)
	var rep struct {
		ID         int64 `json:"id"`
		Changed    int64 `json:"changed"`
		ByTownship int64 `json:"by_township"`
		Review     int64 `json:"review"`
	}
	if err := json.Unmarshal([]byte(out[:strings.LastIndex(out, "}")+1]), &rep); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if rep.ID != 1 || rep.Changed != 3 || rep.ByTownship != 1 || rep.Review != 1 {
		t.Errorf("apply: %+v", rep)
	}
	if v := values(); v != "220184 220184 330114 330104 110101" {
		t.Errorf("after --apply: %s", v)
	}
	if out := quhua(0, append(base, "--apply", "--by-township", "town", "--json=false")...); !strings.Contains(out, "already applied") {
		t.Errorf("second run:\n%s", out)
	}
	if out := quhua(0, "migrate", "--db", path, "undo", "1", "--json=false"); !strings.Contains(out, "3 rows of staff restored") {
		t.Errorf("undo:\n%s", out)
	}
	if v := values(); v != "220381 220381 330104 330104 110101" {
		t.Errorf("after undo: %s", v)
	}
	if out := quhua(2, "migrate", "--db", path, "--table", "nope", "--column", "county", "--from", "2019"); !strings.Contains(out, "no table nope") {
		t.Errorf("missing table:\n%s", out)
	}
}

// TestMigrateRelease applies exactly the changes of one release made by
// quhua change apply: a scratch store replays 220381 → 220184 (2020) on
// the registry of 2019, and migrate --release carries a table through it,
// leaving codes the release did not change (330104, split in 2021) alone.
func TestMigrateRelease(t *testing.T) {
	// The store flags are shared by the commands and persist between runs
	// in one process: start from none, and put back what was there.
	saved := sf
	sf = storeFlags{}
	t.Cleanup(func() { sf = saved })
	t.Setenv("QUHUA_TOKEN", "")
	tmp := t.TempDir()
	storePath := filepath.Join(tmp, "changes.db")
	file := filepath.Join(tmp, "g.json")
	os.WriteFile(file, []byte(`{"title":"变更公主岭市代管关系","date":"2020-06-05",
		"documents":[{"number":"国函〔2020〕84号"}],
		"operations":[{"type":"admin-parent","code":"220381","new_code":"220184","parent":"220100"}]}`), 0o644)
	quhua := func(want int, args ...string) string {
		var out, errb bytes.Buffer
		if code := run(args, &out, &errb); code != want {
			t.Fatalf("quhua %s: status %d, want %d\n%s%s", strings.Join(args, " "), code, want, out.String(), errb.String())
		}
		return out.String() + errb.String()
	}
	quhua(0, "change", "new", file, "--user", "li", "--db", storePath, "--base", "2019", "--json=false")
	quhua(0, "change", "submit", "1", "--user", "li", "--db", storePath, "--base", "")
	quhua(0, "change", "approve", "1", "--user", "wang", "--db", storePath)
	quhua(0, "change", "apply", "1", "--user", "wang", "--db", storePath)

	path := filepath.Join(tmp, "staff.db")
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if _, err := db.Exec(`CREATE TABLE staff (id INTEGER PRIMARY KEY, county TEXT);
INSERT INTO staff (county) VALUES ('220381'), ('330104'), ('110101'), ('220381')`); err != nil {
		t.Fatal(err)
	}
	out := quhua(0, "migrate", "--db", path, "--table", "staff", "--column", "county", "--release", "2019+1", "--store", storePath, "--apply", "--json=false", "--by-township", "", "--from", "", "--to", "")
	if !strings.Contains(out, "changed 2 rows") {
		t.Errorf("migrate --release:\n%s", out)
	}
	var vs []string
	rows, _ := db.Query(`SELECT county FROM staff ORDER BY id`)
	for rows.Next() {
		var v string
		rows.Scan(&v)
		vs = append(vs, v)
	}
	rows.Close()
	if got := strings.Join(vs, " "); got != "220184 330104 110101 220184" {
		t.Errorf("after --release: %s", got)
	}
	var rel string
	db.QueryRow(`SELECT release_name FROM quhua_migration_runs`).Scan(&rel)
	if rel != "2019+1" {
		t.Errorf("the run records release %q", rel)
	}
	if out := quhua(1, "migrate", "--db", path, "--table", "staff", "--column", "county", "--release", "2019+7", "--store", storePath); !strings.Contains(out, `no release "2019+7"`) {
		t.Errorf("a missing release:\n%s", out)
	}
}
