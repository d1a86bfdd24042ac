// Package sqlite is the default store: one SQLite file, created with its
// directory on first use, in WAL mode with foreign keys on. The file (and
// the -wal and -shm files SQLite keeps beside it) is readable by its owner
// only (0600), and a directory Open creates is 0700: the store holds token
// hashes, webhook secrets and the audit log. It uses a pure
// Go SQLite (modernc.org/sqlite), so it needs no C toolchain.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
	"errors"
	"fmt"
	"io/fs"
	"net/url"
	"os"
	"path/filepath"

	"github.com/quhua/quhua/store"
	_ "modernc.org/sqlite" // registers the "sqlite" driver
)

//go:embed migrations/*.sql
var migrations embed.FS

// FileName is the database file Open creates in a data directory.
const FileName = "quhua.db"

// Store is a store.Store in one SQLite file.
type Store struct {
	*store.SQL
	path string
}

// Path returns the database file.
func (s *Store) Path() string { return s.path }

// OpenDir opens (creating if needed) the store in dir/quhua.db.
func OpenDir(ctx context.Context, dir string) (*Store, error) {
	if err := os.MkdirAll(dir, 0o700); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	return Open(ctx, filepath.Join(dir, FileName))
}

// create makes the database file, readable by its owner only, if it does
// not exist; SQLite gives its -wal and -shm files the same mode. The
// folder is created 0700 if it is missing.
func create(path string) error {
	if err := os.MkdirAll(filepath.Dir(path), 0o700); err != nil {
		return fmt.Errorf("store: data directory: %w", err)
	}
	f, err := os.OpenFile(path, os.O_RDWR|os.O_CREATE|os.O_EXCL, 0o600)
	if errors.Is(err, fs.ErrExist) {
		return nil
	}
	if err != nil {
		return fmt.Errorf("store: %w", err)
	}
	return f.Close()
}

// Open opens (creating if needed) the SQLite database file at path and
// applies the migrations it has not seen.
func Open(ctx context.Context, path string) (*Store, error) {
	if err := create(path); err != nil {
		return nil, err
	}
	q := url.Values{}
	q.Add("_pragma", "busy_timeout(10000)")
	q.Add("_pragma", "journal_mode(WAL)")
	q.Add("_pragma", "foreign_keys(1)")
	q.Add("_pragma", "synchronous(FULL)")
	// Writers take the lock when they begin, so that a transaction that
	// reads then writes never fails half-way on a busy database.
	q.Set("_txlock", "immediate")
	dsn := "file:" + (&url.URL{Path: path}).EscapedPath() + "?" + q.Encode()
	db, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("store: open %s: %w", path, err)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := store.Migrate(ctx, db, sub, "", false); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %s: %w", path, err)
	}
	return &Store{SQL: store.NewSQL(db, store.Dialect{Name: "sqlite"}), path: path}, nil
}
