package server

import (
	"context"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

// TestLookAlikeUsers: through the API, a token for a name that looks like
// an existing user's is refused (Cyrillic and Greek letters, a zero-width
// joiner), a full-width or capitalised spelling is the same user, and the
// two-person rule compares identities: a token that names the author in
// look-alike letters of one script (as a store written before names were
// checked may hold) cannot approve the author's change.
func TestLookAlikeUsers(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "2019")
	admin := must(svc.CreateToken(ctx, change.Principal{}, "root", store.Admin))
	srv := httptest.NewServer(NewChangeHandler(svc))
	defer srv.Close()
	root := Client{URL: srv.URL, Token: admin}
	wang2, _ := issued(root.IssueToken(ctx, change.TokenSpec{User: "wang2", Role: store.Approver}))
	if wang2.User != "wang2" {
		t.Fatalf("token for %q", wang2.User)
	}
	for _, tt := range []struct{ name, want string }{
		{"w\u0430ng2", "mixes the Latin script"},      // Cyrillic а
		{"w\u03bfng2", "mixes the Latin script"},      // Greek ο
		{"wa\u200dng2", "invisible character U+200D"}, // zero-width joiner
		{"mary", ""}, {"rnary", "looks like the existing user \"mary\""}, {"wangl", ""}, {"wang1", "looks like the existing user \"wangl\""},
		{"\u0440\u0430\u0440\u0430\u0443", ""}, // Cyrillic рарау: no papay yet
		{"papay", "looks like the existing user \"рарау\""},
		{"\u03a1\u0391\u03a1\u0391\u03a5", "looks like the existing user \"рарау\""}, // Greek capitals
	} {
		_, _, err := root.IssueToken(ctx, change.TokenSpec{User: tt.name, Role: store.Approver})
		switch {
		case tt.want == "" && err != nil:
			t.Errorf("token for %q: %v", tt.name, err)
		case tt.want != "" && (change.ErrorKindOf(err) != change.Invalid || !strings.Contains(err.Error(), tt.want)):
			t.Errorf("token for %q: %v, want an Invalid error with %q", tt.name, err, tt.want)
		}
	}
	// Full-width capitals are wang2 himself.
	same, _ := issued(root.IssueToken(ctx, change.TokenSpec{User: "\uff37\uff21\uff2e\uff27\uff12", Role: store.Editor}))
	if same.User != "wang2" {
		t.Errorf("full-width wang2 is %q", same.User)
	}
	_, fullWidth := issued(svc.IssueToken(ctx, change.Principal{User: "root", Role: store.Admin}, change.TokenSpec{User: "ＷＡＮＧ２", Role: store.Approver}))

	// wang2 drafts and submits; wang2 under any spelling cannot approve.
	_, wangSecret := issued(svc.IssueToken(ctx, change.Principal{User: "root", Role: store.Admin}, change.TokenSpec{User: "Wang2", Role: store.Approver}))
	author := Client{URL: srv.URL, Token: wangSecret}
	c := must(author.Draft(ctx, gongzhulingSet()))
	must(author.Submit(ctx, c.ID))
	if _, err := (Client{URL: srv.URL, Token: fullWidth}).Approve(ctx, c.ID); change.ErrorKindOf(err) != change.Forbidden {
		t.Errorf("wang2 approving his own change under a full-width name: %v", err)
	}

	// A store may hold a token written before names were checked: one
	// for "wаng2" in Cyrillic and Latin letters no longer authenticates;
	// one in Cyrillic letters alone authenticates as itself but is the
	// author to the two-person rule.
	legacy := func(user string) string {
		secret := "qh_legacy_" + user
		if err := svc.Store().CreateToken(ctx, &store.Token{User: user, Role: store.Approver, Hash: change.HashToken(secret), Created: time.Now().UTC()}); err != nil {
			return ""
		}
		return secret
	}
	if s := legacy("w\u0430ng2"); s != "" {
		if _, err := (Client{URL: srv.URL, Token: s}).Approve(ctx, c.ID); change.ErrorKindOf(err) != change.Unauthorized {
			t.Errorf("a mixed-script legacy token approving: %v", err)
		}
	}
	p := must(svc.Draft(ctx, change.Principal{User: "papay", Role: store.Editor}, &changeset.ChangeSet{Title: "更名", Date: "2020-01-01",
		Documents: []changeset.Document{{Number: "测试〔2020〕1号"}}, Operations: []changeset.Operation{{Type: changeset.OpRename, Code: "110105", Name: "朝阳新区"}}}))
	must(svc.Submit(ctx, change.Principal{User: "papay", Role: store.Editor}, p.ID))
	cyr := legacy("\u0440\u0430\u0440\u0430\u0443")
	if cyr == "" {
		t.Fatal("the store refused a single-script name")
	}
	if _, err := (Client{URL: srv.URL, Token: cyr}).Approve(ctx, p.ID); change.ErrorKindOf(err) != change.Forbidden || !strings.Contains(err.Error(), "cannot approve") {
		t.Errorf("рарау approving papay's change: %v", err)
	}
	must(Client{URL: srv.URL, Token: admin}.Approve(ctx, p.ID))
}

// issued returns a token and its secret, or fails the test (by
// panicking) on an error.
func issued(tk *change.Token, secret string, err error) (*change.Token, string) {
	if err != nil {
		panic(err)
	}
	return tk, secret
}
