// Package storetest is the conformance suite every store.Store passes. The
// sqlite and postgres packages run it from their tests:
//
//	func TestConformance(t *testing.T) { storetest.Run(t, factory) }
//	func TestCrashChild(t *testing.T)  { storetest.CrashChild(t, factory) }
package storetest

import (
	"bufio"
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/quhua/quhua/store"
)

// Factory makes stores for the suite.
type Factory struct {
	// New prepares an empty store and returns what Open needs to open it
	// (a file path, a database URL).
	New func(t *testing.T) string
	// Open opens the store at loc; it may be called several times, also
	// from a child process.
	Open func(ctx context.Context, loc string) (store.Store, error)
	// DropAuditGuards are the statements that remove the triggers keeping
	// the audit log append-only: the tamper tests run them to act as a
	// writer who owns the tables.
	DropAuditGuards []string
}

func (f Factory) open(t *testing.T, loc string) store.Store {
	t.Helper()
	s, err := f.Open(context.Background(), loc)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

// Run runs the conformance suite.
func Run(t *testing.T, f Factory) {
	t.Run("Tokens", func(t *testing.T) { testTokens(t, f) })
	t.Run("TokenLifecycle", func(t *testing.T) { testTokenLifecycle(t, f) })
	t.Run("Changes", func(t *testing.T) { testChanges(t, f) })
	t.Run("Apply", func(t *testing.T) { testApply(t, f) })
	t.Run("Deliveries", func(t *testing.T) { testDeliveries(t, f) })
	t.Run("Reopen", func(t *testing.T) { testReopen(t, f) })
	t.Run("Meta", func(t *testing.T) { testMeta(t, f) })
	t.Run("Crash", func(t *testing.T) { testCrash(t, f) })
	t.Run("AuditChain", func(t *testing.T) { testAuditChain(t, f) })
	t.Run("ClaimDelivery", func(t *testing.T) { testClaimDelivery(t, f) })
	t.Run("AuditTamper", func(t *testing.T) { testAuditTamper(t, f) })
}

func testMeta(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f.open(t, f.New(t))
	defer s.Close()
	if v, err := s.Meta(ctx, "base"); v != "" || err != nil {
		t.Errorf("unset Meta = %q, %v", v, err)
	}
	if err := s.SetMeta(ctx, "base", "2019"); err != nil {
		t.Fatal(err)
	}
	if err := s.SetMeta(ctx, "base", "2019"); err != nil {
		t.Errorf("setting the same value again: %v", err)
	}
	if err := s.SetMeta(ctx, "base", "2020"); !errors.Is(err, store.ErrConflict) {
		t.Errorf("changing a set value: err = %v, want ErrConflict", err)
	}
	if v, _ := s.Meta(ctx, "base"); v != "2019" {
		t.Errorf("Meta = %q", v)
	}
}

func testTokens(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f.open(t, f.New(t))
	defer s.Close()
	tok := &store.Token{User: "li", Role: store.Editor, Hash: "abc"}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	if tok.ID == 0 {
		t.Error("token has no ID")
	}
	got, err := s.TokenByHash(ctx, "abc")
	if err != nil || got.User != "li" || got.Role != store.Editor {
		t.Errorf("TokenByHash = %+v, %v", got, err)
	}
	if _, err := s.TokenByHash(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown hash: err = %v, want ErrNotFound", err)
	}
	if err := s.CreateToken(ctx, &store.Token{User: "x", Role: "root", Hash: "h2"}); err == nil {
		t.Error("token with role root accepted")
	}
	if err := s.CreateToken(ctx, &store.Token{User: "y", Role: store.Viewer, Hash: "abc"}); err == nil {
		t.Error("duplicate hash accepted")
	}
	all, err := s.Tokens(ctx)
	if err != nil || len(all) != 1 {
		t.Errorf("Tokens = %v, %v", all, err)
	}
}

func newChange(t *testing.T, s store.Store, author, state string) *store.Change {
	t.Helper()
	c := &store.Change{Title: "变更公主岭市代管关系", Author: author, State: state, Base: "2024", Body: []byte(`{"title":"x"}`)}
	if err := s.CreateChange(context.Background(), c, store.Audit{Actor: author, Action: "change.new", To: state}); err != nil {
		t.Fatal(err)
	}
	return c
}

func testChanges(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f.open(t, f.New(t))
	defer s.Close()
	c := newChange(t, s, "li", store.Draft)
	if c.ID == 0 || c.Revision != 1 {
		t.Fatalf("created %+v", c)
	}
	got, err := s.Change(ctx, c.ID)
	if err != nil || got.Title != c.Title || string(got.Body) != string(c.Body) || got.State != store.Draft {
		t.Fatalf("Change = %+v, %v", got, err)
	}
	// Two writers read revision 1; the second update must fail.
	a, b := *got, *got
	a.State = store.Submitted
	if err := s.UpdateChange(ctx, &a, store.Audit{Actor: "li", Action: "change.submit", From: store.Draft, To: store.Submitted},
		&store.FeedEvent{Type: "change.submitted", Change: c.ID, Body: []byte(`{}`)}); err != nil {
		t.Fatal(err)
	}
	if a.Revision != 2 {
		t.Errorf("revision after update = %d, want 2", a.Revision)
	}
	b.State = store.Withdrawn
	if err := s.UpdateChange(ctx, &b, store.Audit{Actor: "li", Action: "change.withdraw"}, nil); !errors.Is(err, store.ErrConflict) {
		t.Errorf("stale update: err = %v, want ErrConflict", err)
	}
	if b.Revision != 1 || b.State != store.Withdrawn {
		t.Errorf("failed update altered the caller's copy: %+v", b)
	}
	if _, err := s.Change(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("missing change: err = %v", err)
	}
	newChange(t, s, "wang", store.Draft)
	for state, want := range map[string]int{"": 2, store.Draft: 1, store.Submitted: 1, store.Applied: 0} {
		cs, err := s.Changes(ctx, state)
		if err != nil || len(cs) != want {
			t.Errorf("Changes(%q) = %d, %v; want %d", state, len(cs), err, want)
		}
	}
	log, err := s.AuditLog(ctx, 0, 0)
	if err != nil {
		t.Fatal(err)
	}
	var actions []string
	for _, e := range log {
		actions = append(actions, e.Actor+":"+e.Action+":"+e.Object+":"+e.From+">"+e.To)
	}
	want := fmt.Sprintf("li:change.new:change/%d:>draft li:change.submit:change/%d:draft>submitted wang:change.new:change/%d:>draft", c.ID, c.ID, c.ID+1)
	if strings.Join(actions, " ") != want {
		t.Errorf("audit log:\n got %s\nwant %s", strings.Join(actions, " "), want)
	}
	if log2, _ := s.AuditLog(ctx, log[0].Seq, 10); len(log2) != 2 {
		t.Errorf("AuditLog since first = %d entries, want 2", len(log2))
	}
	feed, err := s.Feed(ctx, 0, 10)
	if err != nil || len(feed) != 1 || feed[0].Type != "change.submitted" || feed[0].Change != c.ID {
		t.Errorf("Feed = %+v, %v", feed, err)
	}
}

func approved(t *testing.T, s store.Store, author string) store.Change {
	t.Helper()
	c := newChange(t, s, author, store.Draft)
	c.State, c.Approver = store.Approved, "zhao"
	if err := s.UpdateChange(context.Background(), c, store.Audit{Actor: "zhao", Action: "change.approve", From: store.Draft, To: store.Approved}, nil); err != nil {
		t.Fatal(err)
	}
	return *c
}

func testApply(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f.open(t, f.New(t))
	defer s.Close()
	hook := &store.Webhook{URL: "http://127.0.0.1:1/hook", Secret: "s", Actor: "admin"}
	if err := s.CreateWebhook(ctx, hook); err != nil {
		t.Fatal(err)
	}
	c1 := approved(t, s, "li")
	// The head must be the parent.
	if _, err := s.Apply(ctx, store.ApplyRequest{Parent: "2024+0", Version: "2024+1", Actor: "zhao", Changes: []store.Change{c1}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("apply on a wrong parent: err = %v, want ErrConflict", err)
	}
	// A stale revision fails and leaves nothing behind.
	stale := c1
	stale.Revision--
	if _, err := s.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "zhao", Changes: []store.Change{stale}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("apply of a stale change: err = %v, want ErrConflict", err)
	}
	if rs, _ := s.Releases(ctx); len(rs) != 0 {
		t.Fatalf("failed apply left %d releases", len(rs))
	}
	rel, err := s.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "zhao", Changes: []store.Change{c1},
		Feed: []store.FeedEvent{{Type: "release.applied", Release: "2024+1", Body: []byte(`{"version":"2024+1"}`)}}})
	if err != nil {
		t.Fatal(err)
	}
	if rel.Seq == 0 || len(rel.Changes) != 1 {
		t.Errorf("release = %+v", rel)
	}
	got, _ := s.Change(ctx, c1.ID)
	if got.State != store.Applied || got.Release != "2024+1" {
		t.Errorf("after apply: change is %s in %q", got.State, got.Release)
	}
	// Applying the same change again conflicts.
	if _, err := s.Apply(ctx, store.ApplyRequest{Parent: "2024+1", Version: "2024+2", Actor: "zhao", Changes: []store.Change{c1}}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("second apply: err = %v, want ErrConflict", err)
	}
	c2 := approved(t, s, "wang")
	if _, err := s.Apply(ctx, store.ApplyRequest{Parent: "2024+1", Version: "2024+2", Actor: "zhao", Changes: []store.Change{c2}}); err != nil {
		t.Fatal(err)
	}
	rs, err := s.Releases(ctx)
	if err != nil || len(rs) != 2 || rs[0].Version != "2024+1" || rs[1].Parent != "2024+1" || rs[1].Changes[0].ChangeID != c2.ID || string(rs[1].Changes[0].Body) != string(c2.Body) {
		t.Errorf("Releases = %+v, %v", rs, err)
	}
	due, err := s.DueDeliveries(ctx, time.Now().Add(time.Second), 10)
	if err != nil || len(due) != 1 || due[0].Event.Type != "release.applied" || due[0].Webhook.URL != hook.URL {
		t.Errorf("DueDeliveries = %+v, %v", due, err)
	}
}

func testDeliveries(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f.open(t, f.New(t))
	defer s.Close()
	w1 := &store.Webhook{URL: "http://127.0.0.1:1/a", Secret: "a"}
	w2 := &store.Webhook{URL: "http://127.0.0.1:1/b", Secret: "b"}
	for _, w := range []*store.Webhook{w1, w2} {
		if err := s.CreateWebhook(ctx, w); err != nil {
			t.Fatal(err)
		}
	}
	for i := range 3 {
		if err := s.PublishFeed(ctx, &store.FeedEvent{Type: "test", Body: []byte(fmt.Sprint(i))}); err != nil {
			t.Fatal(err)
		}
	}
	now := time.Now().Add(time.Second)
	due, err := s.DueDeliveries(ctx, now, 10)
	if err != nil || len(due) != 2 || string(due[0].Event.Body) != "0" || string(due[1].Event.Body) != "0" {
		t.Fatalf("DueDeliveries = %+v, %v", due, err)
	}
	// w1's first delivery fails: it is retried later, and w1 gets nothing
	// newer meanwhile; w2 moves on.
	if err := s.RecordAttempt(ctx, due[0].ID, false, now.Add(time.Hour), "503"); err != nil {
		t.Fatal(err)
	}
	if err := s.RecordAttempt(ctx, due[1].ID, true, now, ""); err != nil {
		t.Fatal(err)
	}
	due, _ = s.DueDeliveries(ctx, now, 10)
	if len(due) != 1 || due[0].Webhook.ID != w2.ID || string(due[0].Event.Body) != "1" {
		t.Errorf("after one failure: DueDeliveries = %+v", due)
	}
	due, _ = s.DueDeliveries(ctx, now.Add(2*time.Hour), 10)
	if len(due) != 2 || due[0].Webhook.ID != w1.ID || string(due[0].Event.Body) != "0" || due[0].Attempts != 1 || due[0].LastError != "503" {
		t.Errorf("after the retry time: DueDeliveries = %+v", due)
	}
	if err := s.RecordAttempt(ctx, 12345, true, now, ""); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RecordAttempt(missing) = %v", err)
	}
	if err := s.DeleteWebhook(ctx, w1.ID); err != nil {
		t.Fatal(err)
	}
	if err := s.DeleteWebhook(ctx, w1.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("second delete: %v", err)
	}
	ws, _ := s.Webhooks(ctx)
	if len(ws) != 1 || ws[0].ID != w2.ID {
		t.Errorf("Webhooks = %+v", ws)
	}
}

func testReopen(t *testing.T, f Factory) {
	ctx := context.Background()
	loc := f.New(t)
	s := f.open(t, loc)
	c := approved(t, s, "li")
	if _, err := s.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "zhao", Changes: []store.Change{c}}); err != nil {
		t.Fatal(err)
	}
	s.Close()
	s = f.open(t, loc) // migrations must not run twice
	defer s.Close()
	rs, err := s.Releases(ctx)
	if err != nil || len(rs) != 1 {
		t.Errorf("after reopening: %d releases, %v", len(rs), err)
	}
}

const (
	envLoc   = "QUHUA_STORETEST_CRASH_LOC"
	envPoint = "QUHUA_STORETEST_CRASH_POINT"
	marker   = "QUHUA-CRASH-POINT-REACHED"
)

// CrashChild is the child half of the crash test: run from a test named
// TestCrashChild, it does nothing unless the parent started it. It applies
// the approved change and, at the named hook point, tells the parent and
// waits to be killed.
func CrashChild(t *testing.T, f Factory) {
	loc, point := os.Getenv(envLoc), os.Getenv(envPoint)
	if loc == "" {
		t.Skip("only run as a child of the crash test")
	}
	ctx := context.Background()
	s := f.open(t, loc)
	cs, err := s.Changes(ctx, store.Approved)
	if err != nil || len(cs) != 1 {
		t.Fatalf("child: approved changes = %v, %v", cs, err)
	}
	_, err = s.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "zhao", Changes: cs,
		Feed: []store.FeedEvent{{Type: "release.applied", Release: "2024+1", Body: []byte(`{}`)}},
		Hook: func(p string) {
			if p == point {
				fmt.Println(marker)
				os.Stdout.Sync()
				time.Sleep(time.Minute)
			}
		}})
	t.Fatalf("child: apply returned (%v) instead of being killed", err)
}

// KillChildAt re-runs this test binary with only the test named run and
// the extra environment env, waits until the child prints marker on
// standard output (the hook point it stops at), and kills it with SIGKILL.
// It fails the test if the child ends first or takes longer than a minute.
func KillChildAt(t testing.TB, run, marker string, env ...string) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^"+run+"$", "-test.count=1")
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	cmd.Stderr = os.Stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	reached := make(chan bool, 1)
	go func() {
		sc := bufio.NewScanner(out)
		ok := false
		for sc.Scan() {
			if strings.Contains(sc.Text(), marker) {
				ok = true
				break
			}
		}
		reached <- ok
	}()
	select {
	case ok := <-reached:
		if !ok {
			cmd.Wait()
			t.Fatalf("%v: child ended without reaching the hook point", env)
		}
	case <-time.After(60 * time.Second):
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatalf("%v: child did not reach the hook point in time", env)
	}
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	cmd.Wait()
}

// testCrash kills a child process with SIGKILL in the middle of an apply,
// at each hook point, and checks that the store is as before; then it
// applies for real and checks that the store is as after.
func testCrash(t *testing.T, f Factory) {
	if testing.Short() {
		t.Skip("crash test starts child processes; skipped in -short mode")
	}
	ctx := context.Background()
	loc := f.New(t)
	s := f.open(t, loc)
	c := approved(t, s, "li")
	s.Close()
	for _, point := range []string{"release-inserted", "change-applied", "before-commit"} {
		KillChildAt(t, "TestCrashChild", marker, envLoc+"="+loc, envPoint+"="+point)

		s := f.open(t, loc)
		rs, err := s.Releases(ctx)
		if err != nil {
			t.Fatal(err)
		}
		got, err := s.Change(ctx, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		feed, _ := s.Feed(ctx, 0, 10)
		if len(rs) != 0 || got.State != store.Approved || got.Revision != c.Revision || len(feed) != 0 {
			t.Errorf("killed at %s: store is between states: %d releases, change %s rev %d, %d feed events", point, len(rs), got.State, got.Revision, len(feed))
		}
		s.Close()
	}
	s = f.open(t, loc)
	if _, err := s.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "zhao", Changes: []store.Change{c}}); err != nil {
		t.Fatalf("apply after the crashes: %v", err)
	}
	s.Close()
	s = f.open(t, loc)
	rs, _ := s.Releases(ctx)
	got, _ := s.Change(ctx, c.ID)
	if len(rs) != 1 || got.State != store.Applied {
		t.Errorf("after a completed apply: %d releases, change %s", len(rs), got.State)
	}
	s.Close()
}

// db returns the database under a store of this repository.
func db(t *testing.T, s store.Store) *sql.DB {
	t.Helper()
	d, ok := s.(interface{ DB() *sql.DB })
	if !ok {
		t.Fatalf("%T has no DB method", s)
	}
	return d.DB()
}

// testAuditChain: entries appended by every path, also concurrently, form
// one chain that verifies.
func testAuditChain(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f.open(t, f.New(t))
	defer s.Close()
	if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK || rep.Entries != 0 {
		t.Fatalf("empty log: %+v, %v", rep, err)
	}
	c := approved(t, s, "li")
	if _, err := s.Apply(ctx, store.ApplyRequest{Version: "2024+1", Actor: "wang", Changes: []store.Change{c}}); err != nil {
		t.Fatal(err)
	}
	var wg sync.WaitGroup
	for i := range 8 {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range 5 {
				if err := s.AppendAudit(ctx, store.Audit{Actor: fmt.Sprintf("w%d", i), Action: "test.append", Detail: fmt.Sprint(j)}); err != nil {
					t.Error(err)
				}
			}
		}()
	}
	wg.Wait()
	rep, err := s.VerifyAudit(ctx)
	if err != nil || !rep.OK {
		t.Fatalf("VerifyAudit = %+v, %v", rep, err)
	}
	log, err := s.AuditLog(ctx, 0, 1000)
	if err != nil {
		t.Fatal(err)
	}
	if int64(len(log)) != rep.Entries || rep.Entries < 40 {
		t.Errorf("%d entries listed, %d verified", len(log), rep.Entries)
	}
	prev := ""
	for i, a := range log {
		if a.Seq != int64(i+1) || a.PrevHash != prev || a.Hash != store.AuditHash(a, prev) {
			t.Fatalf("entry %d: seq %d, prev %q, hash %q: not chained", i, a.Seq, a.PrevHash, a.Hash)
		}
		prev = a.Hash
	}
	if last := log[len(log)-1]; rep.HeadSeq != last.Seq || rep.HeadHash != last.Hash {
		t.Errorf("head %d:%s, last entry %d:%s", rep.HeadSeq, rep.HeadHash, last.Seq, last.Hash)
	}
	if ok, err := store.AuditContains(ctx, s, rep.HeadSeq, rep.HeadHash); !ok || err != nil {
		t.Errorf("AuditContains(head) = %v, %v", ok, err)
	}
	if ok, _ := store.AuditContains(ctx, s, rep.HeadSeq, strings.Repeat("0", 64)); ok {
		t.Error("AuditContains accepted another hash")
	}
}

// testAuditTamper: a writer who drops the append-only triggers rewrites,
// deletes or inserts entries; VerifyAudit finds each.
func testAuditTamper(t *testing.T, f Factory) {
	ctx := context.Background()
	setup := func(t *testing.T) (store.Store, *sql.DB) {
		s := f.open(t, f.New(t))
		t.Cleanup(func() { s.Close() })
		newChange(t, s, "li", store.Submitted)
		for i := range 4 {
			if err := s.AppendAudit(ctx, store.Audit{Actor: "wang", Action: "change.approve", Object: "change/1", From: store.Submitted, To: store.Approved, Detail: fmt.Sprint(i)}); err != nil {
				t.Fatal(err)
			}
		}
		if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK {
			t.Fatalf("before tampering: %+v, %v", rep, err)
		}
		return s, db(t, s)
	}
	// With the triggers in place, the database refuses.
	s, d := setup(t)
	if _, err := d.ExecContext(ctx, `UPDATE audit SET actor = 'zhao' WHERE seq = 2`); err == nil {
		t.Error("UPDATE of the audit log was accepted")
	}
	if _, err := d.ExecContext(ctx, `DELETE FROM audit WHERE seq = 2`); err == nil {
		t.Error("DELETE from the audit log was accepted")
	}
	if rep, err := s.VerifyAudit(ctx); err != nil || !rep.OK {
		t.Errorf("after refused tampering: %+v, %v", rep, err)
	}
	cases := []struct {
		name, want string
		sql        []string
	}{
		{"rewrite", "entry 3 was rewritten", []string{`UPDATE audit SET actor = 'zhao' WHERE seq = 3`}},
		{"rewrite with hash", "not chained", []string{
			// The forger rehashes the entry but not the ones after it.
			`UPDATE audit SET actor = 'zhao', hash = 'x' WHERE seq = 3`}},
		{"delete", "entries 3 to 3 are missing", []string{`DELETE FROM audit WHERE seq = 3`}},
		{"delete newest", "newest entries were deleted", []string{`DELETE FROM audit WHERE seq = (SELECT MAX(seq) FROM audit)`}},
		{"delete all", "deleted", []string{`DELETE FROM audit`}},
		{"delete all and head", "audit log is empty", []string{`DELETE FROM audit`, `DELETE FROM meta WHERE key = 'audit.head'`}},
		{"insert", "head record names entry", []string{
			`INSERT INTO audit (seq, at, actor, action, object, from_state, to_state, detail, prev_hash, hash)
			 SELECT MAX(seq) + 1, 0, 'zhao', 'change.approve', 'change/1', 'submitted', 'approved', '', '', 'x' FROM audit`}},
		{"renumber", "missing", []string{`UPDATE audit SET seq = seq + 10 WHERE seq = 5`}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			s, d := setup(t)
			for _, q := range f.DropAuditGuards {
				if _, err := d.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			for _, q := range c.sql {
				if _, err := d.ExecContext(ctx, q); err != nil {
					t.Fatalf("%s: %v", q, err)
				}
			}
			rep, err := s.VerifyAudit(ctx)
			if err != nil {
				t.Fatal(err)
			}
			if rep.OK || !strings.Contains(strings.Join(rep.Problems, "\n"), c.want) {
				t.Errorf("tampering not found: ok %v, problems %q, want %q", rep.OK, rep.Problems, c.want)
			}
		})
	}
}

// testTokenLifecycle: user names are stored normalised; tokens keep their
// expiry; revocation is recorded once, with its audit entry.
func testTokenLifecycle(t *testing.T, f Factory) {
	ctx := context.Background()
	s := f.open(t, f.New(t))
	defer s.Close()
	exp := time.Date(2030, 1, 2, 3, 4, 5, 0, time.UTC)
	tok := &store.Token{User: " ＷＡＮＧ ", Role: store.Approver, Hash: "h1", Expires: exp}
	if err := s.CreateToken(ctx, tok); err != nil {
		t.Fatal(err)
	}
	got, err := s.TokenByHash(ctx, "h1")
	if err != nil || got.User != "wang" || !got.Expires.Equal(exp) || !got.Revoked.IsZero() {
		t.Fatalf("TokenByHash = %+v, %v", got, err)
	}
	if !got.Usable(exp.Add(-time.Second)) || got.Usable(exp) {
		t.Error("Usable ignores the expiry")
	}
	for _, bad := range []string{"", "   ", "wa\x00ng", "wang\u200b", "li\nwang"} {
		if err := s.CreateToken(ctx, &store.Token{User: bad, Role: store.Viewer, Hash: "bad" + bad}); err == nil {
			t.Errorf("user name %q accepted", bad)
		}
	}
	at := time.Date(2026, 5, 6, 7, 8, 9, 0, time.UTC)
	if err := s.RevokeToken(ctx, tok.ID, store.Audit{At: at, Actor: "admin", Action: "token.revoke"}); err != nil {
		t.Fatal(err)
	}
	if err := s.RevokeToken(ctx, tok.ID, store.Audit{Actor: "admin", Action: "token.revoke"}); !errors.Is(err, store.ErrConflict) {
		t.Errorf("revoking twice: %v, want ErrConflict", err)
	}
	if err := s.RevokeToken(ctx, 999, store.Audit{Actor: "admin", Action: "token.revoke"}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("revoking no token: %v, want ErrNotFound", err)
	}
	got, _ = s.TokenByHash(ctx, "h1")
	if !got.Revoked.Equal(at) || got.Usable(at.Add(-time.Hour)) {
		t.Errorf("after revocation: %+v", got)
	}
	all, err := s.Tokens(ctx)
	if err != nil || len(all) != 1 || !all[0].Revoked.Equal(at) {
		t.Errorf("Tokens = %+v, %v", all, err)
	}
	log, _ := s.AuditLog(ctx, 0, 10)
	if len(log) != 1 || log[0].Action != "token.revoke" || log[0].Object != fmt.Sprintf("token/%d", tok.ID) {
		t.Errorf("audit log = %+v", log)
	}
}

// testClaimDelivery: of two processes that see the same due delivery, only
// one claims it; the claim moves it out of the due ones until it lapses.
func testClaimDelivery(t *testing.T, f Factory) {
	ctx := context.Background()
	loc := f.New(t)
	a, b := f.open(t, loc), f.open(t, loc)
	defer a.Close()
	defer b.Close()
	if err := a.CreateWebhook(ctx, &store.Webhook{URL: "http://127.0.0.1:1/a", Secret: "a"}); err != nil {
		t.Fatal(err)
	}
	if err := a.PublishFeed(ctx, &store.FeedEvent{Type: "test", Body: []byte("{}")}); err != nil {
		t.Fatal(err)
	}
	now := time.Now().Add(time.Second)
	da, _ := a.DueDeliveries(ctx, now, 10)
	db, _ := b.DueDeliveries(ctx, now, 10)
	if len(da) != 1 || len(db) != 1 || da[0].ID != db[0].ID {
		t.Fatalf("due: %+v, %+v", da, db)
	}
	var wins sync.WaitGroup
	results := make([]bool, 2)
	for i, s := range []store.Store{a, b} {
		wins.Add(1)
		go func() {
			defer wins.Done()
			ok, err := s.ClaimDelivery(ctx, da[0].ID, da[0].NextAt, now.Add(time.Minute))
			if err != nil {
				t.Error(err)
			}
			results[i] = ok
		}()
	}
	wins.Wait()
	if results[0] == results[1] {
		t.Fatalf("claims = %v, want exactly one", results)
	}
	if due, _ := a.DueDeliveries(ctx, now, 10); len(due) != 0 {
		t.Errorf("a claimed delivery is still due: %+v", due)
	}
	// The claim lapses: the delivery is due again after it.
	due, _ := b.DueDeliveries(ctx, now.Add(2*time.Minute), 10)
	if len(due) != 1 {
		t.Fatalf("after the claim lapsed: %+v", due)
	}
	if ok, _ := b.ClaimDelivery(ctx, due[0].ID, da[0].NextAt, now.Add(time.Hour)); ok {
		t.Error("a claim with a stale NextAt succeeded")
	}
}
