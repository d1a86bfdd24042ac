package change

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

// onBothStores runs f on a service over a fresh SQLite store and, when
// PostgreSQL is configured, over a fresh PostgreSQL schema.
func onBothStores(t *testing.T, f func(t *testing.T, svc *Service, clock *time.Time)) {
	for name, loc := range backends(t) {
		t.Run(name, func(t *testing.T) {
			ctx := context.Background()
			st, err := open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			clock := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
			svc, err := New(ctx, st, WithClock(func() time.Time { return clock }))
			if err != nil {
				t.Fatal(err)
			}
			f(t, svc, &clock)
		})
	}
}

// TestApplyOnCutBaseRefused: a store whose base is the registry as of 2019
// (the README's old walk-through on the default store) must not make a
// release that hides 2020–2024: the apply is a conflict naming the base and
// the head, and the registry stays whole.
func TestApplyOnCutBaseRefused(t *testing.T) {
	ctx := context.Background()
	for name, loc := range backends(t) {
		t.Run(name, func(t *testing.T) {
			st, err := open(ctx, loc)
			if err != nil {
				t.Fatal(err)
			}
			defer st.Close()
			if err := SetBase(ctx, st, "2019"); err != nil {
				t.Fatal(err)
			}
			svc, err := New(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			c := must(svc.Draft(ctx, li, gongzhuling()))
			must(svc.Submit(ctx, li, c.ID))
			must(svc.Approve(ctx, wang, c.ID))
			_, err = svc.Apply(ctx, wang, c.ID)
			head := quhua.Default().Version()
			if ErrorKindOf(err) != Conflict || !strings.Contains(err.Error(), "drafted on 2019") || !strings.Contains(err.Error(), "head is "+head) {
				t.Fatalf("apply on a cut base: %v; want a conflict naming base 2019 and head %s", err, head)
			}
			if rs, _ := st.Releases(ctx); len(rs) != 0 {
				t.Errorf("a release was stored: %+v", rs)
			}
			// Another process opening the store still sees no release.
			again, err := New(ctx, st)
			if err != nil {
				t.Fatal(err)
			}
			if again.Version() != "2019" {
				t.Errorf("version %s", again.Version())
			}
			// Replaying on purpose is allowed.
			replay, err := New(ctx, st, WithReplay())
			if err != nil {
				t.Fatal(err)
			}
			if rel, err := replay.Apply(ctx, wang, c.ID); err != nil || rel.Version != "2019+1" {
				t.Errorf("replay: %+v, %v", rel, err)
			}
		})
	}
}

// TestUserNamesAreOneUser: "wang ", "WANG" and full-width "ｗａｎｇ" are
// wang: none of them approves wang's change; tokens store the canonical
// name; empty names and control characters are refused.
func TestUserNamesAreOneUser(t *testing.T) {
	onBothStores(t, func(t *testing.T, svc *Service, _ *time.Time) {
		ctx := context.Background()
		root := Principal{User: "root", Role: store.Admin}
		must(svc.CreateToken(ctx, Principal{}, "root", store.Admin))
		wangTok := must(svc.CreateToken(ctx, root, "wang", store.Editor))
		shout := must(svc.CreateToken(ctx, root, "WANG ", store.Approver))
		p, err := svc.Authenticate(ctx, shout)
		if err != nil || p.User != "wang" {
			t.Fatalf("token for %q authenticates as %+v, %v", "WANG ", p, err)
		}
		w, _ := svc.Authenticate(ctx, wangTok)
		c := must(svc.Draft(ctx, w, &changeset.ChangeSet{Title: "朝阳区更名", Date: "2025-07-01",
			Documents:  []changeset.Document{{Number: "测试〔2025〕1号"}},
			Operations: []changeset.Operation{{Type: changeset.OpRename, Code: "110105", Name: "朝阳新区"}}}))
		if c.Author != "wang" {
			t.Errorf("author %q", c.Author)
		}
		must(svc.Submit(ctx, Principal{User: " Wang", Role: store.Editor}, c.ID))
		for _, u := range []string{"wang ", "WANG", "ｗａｎｇ", "\tWang\n"} {
			_, err := svc.Approve(ctx, Principal{User: u, Role: store.Approver}, c.ID)
			if ErrorKindOf(err) != Forbidden {
				t.Errorf("%q approving wang's change: %v, want forbidden", u, err)
			}
		}
		if _, err := svc.Approve(ctx, p, c.ID); ErrorKindOf(err) != Forbidden {
			t.Errorf("the WANG token approving wang's change: %v", err)
		}
		for _, bad := range []string{"", "  ", "li\x00", "li\u200b", "a\nb"} {
			if _, err := svc.CreateToken(ctx, root, bad, store.Viewer); ErrorKindOf(err) != Invalid {
				t.Errorf("token for %q: %v, want invalid", bad, err)
			}
		}
		got, err := svc.Approve(ctx, Principal{User: " LI ", Role: store.Approver}, c.ID)
		if err != nil || got.Approver != "li" {
			t.Errorf("li approving: %+v, %v", got, err)
		}
	})
}

// TestTokenLifecycle: tokens expire, are revoked and listed; each step is
// audited and a refused token is audited too.
func TestTokenLifecycle(t *testing.T) {
	onBothStores(t, func(t *testing.T, svc *Service, clock *time.Time) {
		ctx := context.Background()
		must(svc.CreateToken(ctx, Principal{}, "root", store.Admin))
		root := Principal{User: "root", Role: store.Admin}
		if _, _, err := svc.IssueToken(ctx, root, TokenSpec{User: "li", Role: store.Editor, Expires: clock.Add(-time.Minute)}); ErrorKindOf(err) != Invalid {
			t.Errorf("expiry in the past: %v", err)
		}
		tok, secret, err := svc.IssueToken(ctx, root, TokenSpec{User: "li", Role: store.Editor, Expires: clock.Add(time.Hour)})
		if err != nil || tok.State != "active" || tok.User != "li" {
			t.Fatalf("IssueToken = %+v, %v", tok, err)
		}
		if _, _, err := svc.IssueToken(ctx, Principal{User: "li", Role: store.Editor}, TokenSpec{User: "x", Role: store.Admin}); ErrorKindOf(err) != Forbidden {
			t.Errorf("an editor issuing a token: %v", err)
		}
		if _, err := svc.Authenticate(ctx, secret); err != nil {
			t.Errorf("fresh token: %v", err)
		}
		*clock = clock.Add(time.Hour)
		if _, err := svc.Authenticate(ctx, secret); ErrorKindOf(err) != Unauthorized || !strings.Contains(err.Error(), "expired") {
			t.Errorf("expired token: %v", err)
		}
		other, secret2, _ := svc.IssueToken(ctx, root, TokenSpec{User: "wang", Role: store.Approver})
		if _, err := svc.RevokeToken(ctx, Principal{User: "wang", Role: store.Approver}, other.ID); ErrorKindOf(err) != Forbidden {
			t.Errorf("an approver revoking: %v", err)
		}
		rev, err := svc.RevokeToken(ctx, root, other.ID)
		if err != nil || rev.State != "revoked" || !rev.Revoked.Equal(*clock) {
			t.Fatalf("RevokeToken = %+v, %v", rev, err)
		}
		if _, err := svc.RevokeToken(ctx, root, other.ID); ErrorKindOf(err) != Conflict {
			t.Errorf("revoking twice: %v", err)
		}
		if _, err := svc.RevokeToken(ctx, root, 999); ErrorKindOf(err) != NotFound {
			t.Errorf("revoking no token: %v", err)
		}
		if _, err := svc.Authenticate(ctx, secret2); ErrorKindOf(err) != Unauthorized || !strings.Contains(err.Error(), "revoked") {
			t.Errorf("revoked token: %v", err)
		}
		list, err := svc.Tokens(ctx, root)
		if err != nil || len(list) != 3 {
			t.Fatalf("Tokens = %+v, %v", list, err)
		}
		states := []string{list[0].State, list[1].State, list[2].State}
		if strings.Join(states, " ") != "active expired revoked" {
			t.Errorf("states %v", states)
		}
		if _, err := svc.Tokens(ctx, Principal{User: "li", Role: store.Editor}); ErrorKindOf(err) != Forbidden {
			t.Errorf("an editor listing tokens: %v", err)
		}
		log := must(svc.AuditLog(ctx, root, 0, 100))
		var actions []string
		for _, a := range log {
			actions = append(actions, a.Action+":"+a.Detail)
		}
		all := strings.Join(actions, "\n")
		for _, want := range []string{"token.create:user li, editor, expires", "token.revoke:", "token.list:3 tokens", "refused.auth:expired token", "refused.auth:revoked token", "refused.token.revoke"} {
			if !strings.Contains(all, want) {
				t.Errorf("audit log lacks %q:\n%s", want, all)
			}
		}
		rep, err := svc.VerifyAudit(ctx, root)
		if err != nil || !rep.OK {
			t.Errorf("VerifyAudit = %+v, %v", rep, err)
		}
		if _, err := svc.VerifyAudit(ctx, Principal{User: "li", Role: store.Approver}); ErrorKindOf(err) != Forbidden {
			t.Errorf("an approver verifying the audit log: %v", err)
		}
	})
}
