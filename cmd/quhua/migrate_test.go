package main

import (
	"bytes"
	"database/sql"
	"encoding/json"
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
