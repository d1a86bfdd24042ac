// Package postgres is the store on PostgreSQL, for servers that share one
// store between replicas. It uses the same schema as store/sqlite, in
// PostgreSQL's dialect, through github.com/jackc/pgx/v5.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/quhua/quhua/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// lock serialises writers (and migrations) across connections and
// processes, so that feed sequence numbers become visible in order.
const lock = `SELECT pg_advisory_xact_lock(2260)`

// Store is a store.Store in a PostgreSQL database.
type Store struct {
	*store.SQL
}

// Open connects to the database at url (postgres://user@host:port/db?…)
// and applies the migrations it has not seen.
func Open(ctx context.Context, url string) (*Store, error) {
	db, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("store: %w", err)
	}
	if err := db.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: connect to PostgreSQL: %w", err)
	}
	sub, err := fs.Sub(migrations, "migrations")
	if err != nil {
		db.Close()
		return nil, err
	}
	if err := store.Migrate(ctx, db, sub, lock, true); err != nil {
		db.Close()
		return nil, fmt.Errorf("store: %w", err)
	}
	return &Store{SQL: store.NewSQL(db, store.Dialect{Name: "postgres", Numbered: true, Lock: lock})}, nil
}
