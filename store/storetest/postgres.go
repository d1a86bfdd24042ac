package storetest

import (
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"sync/atomic"
	"testing"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // the "pgx" database/sql driver
)

// EnvPostgres names the variable with the URL of the test database:
// .ci/postgres.sh starts a server and exports it.
const EnvPostgres = "QUHUA_TEST_POSTGRES"

var schemaSeq atomic.Int64

// PostgresSchema creates a throw-away schema in the test database and
// returns the URL that uses it (its search_path), so that tests, and
// packages tested in parallel, never share tables; the schema is dropped
// when the test ends. Without EnvPostgres the test is skipped, or, under
// CI=true, fails: CI must never skip the PostgreSQL tests silently.
func PostgresSchema(t testing.TB) string {
	t.Helper()
	loc, ok := MaybePostgresSchema(t)
	if !ok {
		t.Skip(EnvPostgres + " is not set: PostgreSQL tests skipped (run: source .ci/postgres.sh)")
	}
	return loc
}

// MaybePostgresSchema is PostgresSchema for tests that run on SQLite as
// well: without EnvPostgres it logs that PostgreSQL is left out and
// returns false (under CI=true it fails the test instead).
func MaybePostgresSchema(t testing.TB) (string, bool) {
	t.Helper()
	base := os.Getenv(EnvPostgres)
	if base == "" {
		if os.Getenv("CI") != "" {
			t.Fatal(EnvPostgres + " is not set: under CI the PostgreSQL tests must run (.ci/run starts PostgreSQL)")
		}
		t.Log(EnvPostgres + " is not set: PostgreSQL left out (run: source .ci/postgres.sh)")
		return "", false
	}
	u, err := url.Parse(base)
	if err != nil {
		t.Fatalf("%s: %v", EnvPostgres, err)
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatalf("creating the test schema: %v", err)
	}
	t.Cleanup(func() {
		if db, err := sql.Open("pgx", base); err == nil {
			db.Exec(`DROP SCHEMA ` + name + ` CASCADE`)
			db.Close()
		}
	})
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String(), true
}
