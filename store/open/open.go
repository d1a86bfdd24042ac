// Package open opens the store a location names: a PostgreSQL database
// (postgres:// URL) or an SQLite file. It is the one place that links both
// SQL drivers, so that the packages that only use a store.Store (change,
// server) do not.
package open

import (
	"context"
	"fmt"
	"strings"

	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/postgres"
	"github.com/quhua/quhua/store/sqlite"
)

// Store opens the store db names: a postgres:// URL, or the path of an
// SQLite file; empty means quhua.db in dir. SQLite files and their
// directories are created on first use.
func Store(ctx context.Context, db, dir string) (store.Store, error) {
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
