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
//
// A store found in dir whose base is cut at a date (a replay store, see
// SetBase) does not stand for the registry: it would hide every event
// after its base. LocalRegistry then returns nil, so that the commands
// answer from the embedded registry, and a note saying why; a store named
// with db is used as it is.
func LocalRegistry(ctx context.Context, db, dir string) (reg *quhua.Registry, note string, err error) {
	if db == "" {
		if _, err := os.Stat(filepath.Join(dir, sqlite.FileName)); err != nil {
			return nil, "", nil
		}
	}
	st, err := OpenStore(ctx, db, dir)
	if err != nil {
		return nil, "", err
	}
	defer st.Close()
	svc, err := New(ctx, st)
	if err != nil {
		return nil, "", err
	}
	if b := svc.CutBase(); b != "" && db == "" {
		return nil, fmt.Sprintf("the store in %s is cut at %s (it replays history) and would hide every event after it: answering from the embedded registry; set QUHUA_DB=%s to read it, or move it away",
			dir, b, filepath.Join(dir, sqlite.FileName)), nil
	}
	return svc.Registry(), "", nil
}
