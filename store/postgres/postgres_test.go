package postgres_test

import (
	"context"
	"database/sql"
	"net/url"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/postgres"
	"github.com/quhua/quhua/store/storetest"
)

var factory = storetest.Factory{
	New: func(t *testing.T) string { return storetest.PostgresSchema(t) },
	Open: func(ctx context.Context, loc string) (store.Store, error) {
		return postgres.Open(ctx, loc)
	},
	DropAuditGuards: []string{`DROP TRIGGER audit_append_only ON audit`, `DROP TRIGGER audit_no_truncate ON audit`},
}

func TestConformance(t *testing.T) { storetest.Run(t, factory) }

func TestCrashChild(t *testing.T) { storetest.CrashChild(t, factory) }

func TestAuditAppendOnly(t *testing.T) {
	loc := storetest.PostgresSchema(t)
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
	s, err := postgres.Open(ctx, storetest.PostgresSchema(t))
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
	loc := storetest.PostgresSchema(t)
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

// TestServerRole sets up the roles the README documents: one owns the
// tables and runs the migrations, the server's may read and append but
// not own them. The store works as the server's role, and that role can
// neither rewrite nor empty the audit log, nor drop its triggers.
func TestServerRole(t *testing.T) {
	ctx := context.Background()
	loc := storetest.PostgresSchema(t)
	u, _ := url.Parse(loc)
	schema := u.Query().Get("search_path")
	owner, server := schema+"_owner", schema+"_server"
	su, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
	if err != nil {
		t.Fatal(err)
	}
	defer su.Close()
	exec := func(db *sql.DB, q string) {
		t.Helper()
		if _, err := db.ExecContext(ctx, q); err != nil {
			t.Fatalf("%s: %v", q, err)
		}
	}
	exec(su, `CREATE ROLE `+owner+` LOGIN`)
	exec(su, `CREATE ROLE `+server+` LOGIN`)
	t.Cleanup(func() {
		su, err := sql.Open("pgx", os.Getenv(storetest.EnvPostgres))
		if err == nil {
			su.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
			su.Exec(`DROP ROLE ` + server)
			su.Exec(`DROP ROLE ` + owner)
			su.Close()
		}
	})
	exec(su, `ALTER SCHEMA `+schema+` OWNER TO `+owner)
	as := func(role string) string {
		v := *u
		v.User = url.User(role)
		return v.String()
	}
	// The owner migrates.
	o, err := postgres.Open(ctx, as(owner))
	if err != nil {
		t.Fatal(err)
	}
	defer o.Close()
	// The README's grants, in this schema.
	for _, q := range []string{
		`GRANT USAGE ON SCHEMA ` + schema + ` TO ` + server,
		`GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA ` + schema + ` TO ` + server,
		`REVOKE UPDATE, DELETE, TRUNCATE ON audit FROM ` + server,
		`GRANT DELETE ON webhooks, deliveries TO ` + server,
	} {
		exec(o.DB(), q)
	}
	s, err := postgres.Open(ctx, as(server))
	if err != nil {
		t.Fatalf("the server's role opens the store: %v", err)
	}
	defer s.Close()
	tok := &store.Token{User: "root", Role: store.Admin, Hash: "h"}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	c := &store.Change{Title: "t", Author: "li", State: store.Approved, Base: "2024", Body: []byte("{}")}
	if err := s.CreateChange(ctx, c, store.Audit{Actor: "li", Action: "change.new"}); err != nil {
		t.Fatal(err)
	}
	w := &store.Webhook{URL: "http://127.0.0.1:1/", Secret: "s"}
	if err := s.CreateWebhook(ctx, w); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "wang", Changes: []store.Change{*c}, Feed: []store.FeedEvent{{Type: "release.applied"}}}); err != nil {
		t.Fatal(err)
	}
	due, err := s.DueDeliveries(ctx, time.Now().Add(time.Second), 10)
	if err != nil || len(due) != 1 {
		t.Fatalf("due: %v, %v", due, err)
	}
	if ok, err := s.ClaimDelivery(ctx, due[0].ID, due[0].NextAt, time.Now().Add(time.Minute)); !ok || err != nil {
		t.Fatalf("claim: %v, %v", ok, err)
	}
	if err := s.RecordAttempt(ctx, due[0].ID, true, time.Now(), ""); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, tok.ID, store.Audit{Actor: "root", Action: "token.revoke"}); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, w.ID); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{`UPDATE audit SET actor = 'x'`, `DELETE FROM audit`, `TRUNCATE audit`,
		`DROP TRIGGER audit_append_only ON audit`, `ALTER TABLE audit DISABLE TRIGGER ALL`, `DROP TABLE audit`} {
		if _, err := s.DB().ExecContext(ctx, q); err == nil {
			t.Errorf("the server's role may %s", q)
		}
	}
	if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK || rep.Entries < 3 {
		t.Errorf("VerifyAudit = %+v, %v", rep, err)
	}
}
