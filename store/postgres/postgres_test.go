package postgres_test

import (
	"context"
	"database/sql"
	"fmt"
	"net/url"
	"os"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/postgres"
	"github.com/quhua/quhua/store/storetest"
)

// EnvURL names the variable with the test database's URL; .ci/postgres.sh
// starts a server and prints it.
const EnvURL = "QUHUA_TEST_POSTGRES"

var schemaSeq atomic.Int64

// newSchema creates an empty schema for one test and returns the URL that
// uses it, so that tests (and packages run in parallel) never share tables.
func newSchema(t *testing.T) string {
	base := os.Getenv(EnvURL)
	if base == "" {
		t.Skip(EnvURL + " is not set: PostgreSQL tests skipped (run: eval \"$(bash .ci/postgres.sh)\")")
	}
	db, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	name := fmt.Sprintf("t_%d_%d_%d", os.Getpid(), time.Now().UnixNano()%1e9, schemaSeq.Add(1))
	if _, err := db.Exec(`CREATE SCHEMA ` + name); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		db, err := sql.Open("pgx", base)
		if err == nil {
			db.Exec(`DROP SCHEMA ` + name + ` CASCADE`)
			db.Close()
		}
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", name)
	u.RawQuery = q.Encode()
	return u.String()
}

var factory = storetest.Factory{
	New: newSchema,
	Open: func(ctx context.Context, loc string) (store.Store, error) {
		return postgres.Open(ctx, loc)
	},
	DropAuditGuards: []string{`DROP TRIGGER audit_append_only ON audit`, `DROP TRIGGER audit_no_truncate ON audit`},
}

func TestConformance(t *testing.T) { storetest.Run(t, factory) }

func TestCrashChild(t *testing.T) { storetest.CrashChild(t, factory) }

func TestAuditAppendOnly(t *testing.T) {
	loc := newSchema(t)
	s, err := postgres.Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	if err := s.AppendAudit(context.Background(), store.Audit{Actor: "a", Action: "t"}); err != nil {
		t.Fatal(err)
	}
	_, err = s.DB().Exec(`UPDATE audit SET actor = 'x'`)
	if err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("update of the audit log: err = %v", err)
	}
}

func TestOpenUnreachable(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if _, err := postgres.Open(ctx, "postgres://nobody@127.0.0.1:1/none?sslmode=disable&connect_timeout=2"); err == nil {
		t.Error("Open of an unreachable server succeeded")
	}
}

// TestAuditNoTruncate: TRUNCATE skips row triggers; a statement trigger
// refuses it, and after the trigger is dropped VerifyAudit finds it.
func TestAuditNoTruncate(t *testing.T) {
	ctx := context.Background()
	s, err := postgres.Open(ctx, newSchema(t))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for range 3 {
		if err := s.AppendAudit(ctx, store.Audit{Actor: "wang", Action: "change.approve"}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := s.DB().ExecContext(ctx, `TRUNCATE audit`); err == nil || !strings.Contains(err.Error(), "append-only") {
		t.Errorf("TRUNCATE audit: err = %v, want a refusal", err)
	}
	if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK || rep.Entries != 3 {
		t.Fatalf("after a refused TRUNCATE: %+v, %v", rep, err)
	}
	if _, err := s.DB().ExecContext(ctx, `DROP TRIGGER audit_no_truncate ON audit`); err != nil {
		t.Fatal(err)
	}
	if _, err := s.DB().ExecContext(ctx, `TRUNCATE audit`); err != nil {
		t.Fatal(err)
	}
	if rep, err := s.VerifyAudit(ctx); err != nil || rep.OK {
		t.Errorf("after TRUNCATE: %+v, %v", rep, err)
	}
}

// TestReleaseNotices: a release applied through one connection pool is
// announced to a listener on another as it commits.
func TestReleaseNotices(t *testing.T) {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	loc := newSchema(t)
	a, err := postgres.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := postgres.Open(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	notices := b.ReleaseNotices(ctx)
	// The first notice says the listener is connected.
	select {
	case <-notices:
	case <-ctx.Done():
		t.Fatal("the listener never connected")
	}
	if _, err := a.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "wang"}); err != nil {
		t.Fatal(err)
	}
	for {
		select {
		case v := <-notices:
			if v == "2024+1" {
				return
			}
		case <-ctx.Done():
			t.Fatal("no notice of release 2024+1")
		}
	}
}
