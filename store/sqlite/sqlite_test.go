package sqlite_test

import (
	"context"
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
