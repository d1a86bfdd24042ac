// Package sqlite is the default store: one SQLite file, created with its
// directory on first use, in WAL mode with foreign keys on. It uses a pure
// Go SQLite (modernc.org/sqlite), so it needs no C toolchain.
package sqlite

import (
	"context"
	"database/sql"
	"embed"
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
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, fmt.Errorf("store: data directory: %w", err)
	}
	return Open(ctx, filepath.Join(dir, FileName))
}

// Open opens (creating if needed) the SQLite database file at path and
// applies the migrations it has not seen.
func Open(ctx context.Context, path string) (*Store, error) {
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
