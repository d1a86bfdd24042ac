// Package postgres is the store on PostgreSQL, for servers that share one
// store between replicas. It uses the same schema as store/sqlite, in
// PostgreSQL's dialect, through github.com/jackc/pgx/v5.
//
// Writers are serialised by an advisory lock, so that of two replicas
// applying conflicting changes exactly one wins and the other gets
// store.ErrConflict. Each release is announced with NOTIFY on the channel
// quhua_release when it commits; ReleaseNotices listens, so that every
// replica serves a new release at once.
//
// The database role: let one role own the tables and run the migrations
// (open the store once as that role), and let servers connect as a role
// that may SELECT and INSERT (and UPDATE the workflow's tables) but does
// not own them: only an owner can drop or disable the triggers that keep
// the audit log append-only (UPDATE, DELETE and TRUNCATE are refused), and
// the audit log's hash chain (store.VerifyAudit) finds what an owner
// changes. The README gives the GRANT statements.
package postgres

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io/fs"
	"time"

	"github.com/jackc/pgx/v5"
	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	"github.com/quhua/quhua/store"
)

//go:embed migrations/*.sql
var migrations embed.FS

// lock serialises writers (and migrations) across connections and
// processes, so that feed sequence numbers become visible in order.
const lock = `SELECT pg_advisory_xact_lock(2260)`

// channel is the LISTEN/NOTIFY channel on which each applied release's
// version is announced, when its transaction commits.
const channel = "quhua_release"

// Store is a store.Store in a PostgreSQL database. It is a store.Notifier:
// replicas learn of a release applied by another at once.
type Store struct {
	*store.SQL
	url string
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
	d := store.Dialect{Name: "postgres", Numbered: true, Lock: lock, Notify: `SELECT pg_notify('` + channel + `', ?)`}
	return &Store{SQL: store.NewSQL(db, d), url: url}, nil
}

// ReleaseNotices implements store.Notifier: a connection of its own
// LISTENs on the release channel, and is re-established (after a pause)
// when it fails.
func (s *Store) ReleaseNotices(ctx context.Context) <-chan string {
	out := make(chan string, 16)
	go func() {
		defer close(out)
		for ctx.Err() == nil {
			s.listen(ctx, out)
			select {
			case <-ctx.Done():
			case <-time.After(time.Second):
			}
		}
	}()
	return out
}

func (s *Store) listen(ctx context.Context, out chan<- string) {
	conn, err := pgx.Connect(ctx, s.url)
	if err != nil {
		return
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+channel); err != nil {
		return
	}
	// A release may have been applied while no connection listened.
	select {
	case out <- "":
	default:
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return
		}
		select {
		case out <- n.Payload:
		case <-ctx.Done():
			return
		}
	}
}
