package sqlite_test

import (
	"context"
	"database/sql"
	"os"
	"path/filepath"
	"testing"

	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/sqlite"
	"github.com/quhua/quhua/store/storetest"
)

var factory = storetest.Factory{
	New: func(t *testing.T) string { return filepath.Join(t.TempDir(), "data", sqlite.FileName) },
	Open: func(ctx context.Context, loc string) (store.Store, error) {
		return sqlite.OpenDir(ctx, filepath.Dir(loc))
	},
	DropAuditGuards: []string{`DROP TRIGGER audit_no_update`, `DROP TRIGGER audit_no_delete`},
}

func TestConformance(t *testing.T) { storetest.Run(t, factory) }

func TestCrashChild(t *testing.T) { storetest.CrashChild(t, factory) }

func TestCreatesFileInWAL(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "new", "dir")
	s, err := sqlite.OpenDir(context.Background(), dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
		t.Fatal(err)
	}
	var mode string
	var fk int
	db := s.DB()
	if err := db.QueryRow(`PRAGMA journal_mode`).Scan(&mode); err != nil || mode != "wal" {
		t.Errorf("journal_mode = %q, %v", mode, err)
	}
	if err := db.QueryRow(`PRAGMA foreign_keys`).Scan(&fk); err != nil || fk != 1 {
		t.Errorf("foreign_keys = %d, %v", fk, err)
	}
	if _, err := db.Exec(`UPDATE audit SET actor = 'x'`); err == nil {
		// No rows yet: insert one and try again.
		s.AppendAudit(context.Background(), store.Audit{Actor: "a", Action: "t"})
		if _, err := db.Exec(`UPDATE audit SET actor = 'x'`); err == nil {
			t.Error("audit log accepted an update")
		}
	}
}

func TestOpenBadPath(t *testing.T) {
	f := filepath.Join(t.TempDir(), "file")
	os.WriteFile(f, []byte("x"), 0o644)
	if _, err := sqlite.OpenDir(context.Background(), filepath.Join(f, "sub")); err == nil {
		t.Error("opening a store under a file succeeded")
	}
	bad := filepath.Join(t.TempDir(), "bad.db")
	os.WriteFile(bad, []byte("this is not a database, just some text that is long enough to look like a header........"), 0o644)
	if _, err := sqlite.Open(context.Background(), bad); err == nil {
		t.Error("opening a non-database file succeeded")
	}
}

// TestFileModes: the store holds token hashes, webhook secrets and the
// audit log, so its file (and SQLite's -wal and -shm files) is 0600 and a
// folder it creates is 0700, whatever the umask lets through.
func TestFileModes(t *testing.T) {
	ctx := context.Background()
	top := filepath.Join(t.TempDir(), "new")
	dir := filepath.Join(top, "dir")
	s, err := sqlite.OpenDir(ctx, dir)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.AppendAudit(ctx, store.Audit{Actor: "a", Action: "t"}); err != nil {
		t.Fatal(err)
	}
	for _, d := range []string{top, dir} {
		if fi, err := os.Stat(d); err != nil || fi.Mode().Perm() != 0o700 {
			t.Errorf("folder %s: mode %v, %v; want 0700", d, fi.Mode().Perm(), err)
		}
	}
	for _, f := range []string{sqlite.FileName, sqlite.FileName + "-wal", sqlite.FileName + "-shm"} {
		if fi, err := os.Stat(filepath.Join(dir, f)); err != nil || fi.Mode().Perm() != 0o600 {
			t.Errorf("%s: mode %v, %v; want 0600", f, fi.Mode().Perm(), err)
		}
	}
	// A file named by its path, in a folder that does not exist yet.
	file := filepath.Join(t.TempDir(), "sub", "scratch.db")
	s2, err := sqlite.Open(ctx, file)
	if err != nil {
		t.Fatal(err)
	}
	s2.Close()
	if fi, err := os.Stat(file); err != nil || fi.Mode().Perm() != 0o600 {
		t.Errorf("%s: mode %v, %v; want 0600", file, fi.Mode().Perm(), err)
	}
	if fi, err := os.Stat(filepath.Dir(file)); err != nil || fi.Mode().Perm() != 0o700 {
		t.Errorf("folder of %s: mode %v, %v; want 0700", file, fi.Mode().Perm(), err)
	}
}

// TestAuditChainAfterUpgrade: entries written before the store chained
// them are counted as legacy; the chain starts after them and verifies.
func TestAuditChainAfterUpgrade(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "old.db")
	init, err := os.ReadFile("migrations/001_init.sql")
	if err != nil {
		t.Fatal(err)
	}
	db, err := sql.Open("sqlite", "file:"+path)
	if err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL)`, string(init),
		`INSERT INTO schema_migrations VALUES (1, '001_init.sql')`,
		`INSERT INTO audit (at, actor, action, object, from_state, to_state, detail) VALUES (1, 'li', 'change.new', 'change/1', '', 'draft', '')`,
		`INSERT INTO audit (at, actor, action, object, from_state, to_state, detail) VALUES (2, 'wang', 'change.approve', 'change/1', 'submitted', 'approved', '')`} {
		if _, err := db.Exec(q); err != nil {
			t.Fatal(err)
		}
	}
	db.Close()
	s, err := sqlite.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.AppendAudit(ctx, store.Audit{Actor: "wang", Action: "change.apply"}); err != nil {
		t.Fatal(err)
	}
	rep, err := s.VerifyAudit(ctx)
	if err != nil || !rep.OK || rep.Entries != 3 || rep.Legacy != 2 || rep.HeadSeq != 3 {
		t.Fatalf("after the upgrade: %+v, %v", rep, err)
	}
	// Blanking the hash of a chained entry does not make it legacy.
	s.DB().Exec(`DROP TRIGGER audit_no_update`)
	s.DB().Exec(`UPDATE audit SET hash = '', prev_hash = '' WHERE seq = 3`)
	if rep, _ := s.VerifyAudit(ctx); rep.OK {
		t.Errorf("a blanked entry passed: %+v", rep)
	}
}
