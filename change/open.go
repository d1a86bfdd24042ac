package change

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/postgres"
	"github.com/quhua/quhua/store/sqlite"
)

// OpenStore opens the store db names: a postgres:// URL, or the path of an
// SQLite file; empty means quhua.db in dir. SQLite files and their
// directories are created on first use.
func OpenStore(ctx context.Context, db, dir string) (store.Store, error) {
	switch {
	case strings.HasPrefix(db, "postgres://"), strings.HasPrefix(db, "postgresql://"):
		return postgres.Open(ctx, db)
	case db != "":
		return sqlite.Open(ctx, db)
	case dir == "":
		return nil, fmt.Errorf("store: no database and no data directory given")
	}
	return sqlite.OpenDir(ctx, dir)
}

// LocalRegistry returns the current release of the local store in dir (or
// of db, if not empty), for commands that answer from the registry: nil,
// and no error, when dir holds no store yet, so that they fall back to the
// embedded registry. It never creates a store.
func LocalRegistry(ctx context.Context, db, dir string) (*quhua.Registry, error) {
	if db == "" {
		if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
			return nil, nil
		}
	}
	st, err := OpenStore(ctx, db, dir)
	if err != nil {
		return nil, err
	}
	defer st.Close()
	svc, err := New(ctx, st)
	if err != nil {
		return nil, err
	}
	return svc.Registry(), nil
}
