package main

import (
	"bytes"
	"context"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/server"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/open"
)

// TestChangeServerMode runs the change workflow through a server: the CLI
// with --server and a token in $QUHUA_TOKEN.
func TestChangeServerMode(t *testing.T) {
	ctx := context.Background()
	st, err := open.Store(ctx, "", filepath.Join(t.TempDir(), "server"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	if err := change.SetBase(ctx, st, "2019"); err != nil {
		t.Fatal(err)
	}
	svc, err := change.New(ctx, st, change.WithReplay())
	if err != nil {
		t.Fatal(err)
	}
	svc.CreateToken(ctx, change.Principal{}, "root", store.Admin) // the first token of a store
	admin := change.Principal{User: "root", Role: store.Admin}
	editor, _ := svc.CreateToken(ctx, admin, "li", store.Editor)
	approver, _ := svc.CreateToken(ctx, admin, "wang", store.Approver)
	srv := httptest.NewServer(server.NewChangeHandler(svc))
	defer srv.Close()
	file := filepath.Join(t.TempDir(), "g.json")
	os.WriteFile(file, []byte(`{"title":"变更公主岭市代管关系","date":"2020-06-05",
		"documents":[{"number":"国函〔2020〕84号"}],
		"operations":[{"type":"admin-parent","code":"220381","new_code":"220184","parent":"220100"}]}`), 0o644)

	cli := func(token string, args ...string) (int, string, string) {
		t.Setenv("QUHUA_TOKEN", token)
		var out, errb bytes.Buffer
		code := run(append(args, "--server", srv.URL, "--json=false"), &out, &errb)
		return code, out.String(), errb.String()
	}
	steps := []struct {
		token string
		args  []string
		code  int
		want  string
	}{
		{"", []string{"change", "list"}, 2, "--server needs a token"},
		{"qh_bad", []string{"change", "list"}, 1, "the token is not valid"},
		{editor, []string{"change", "new", file}, 0, "change 1 drafted on release 2019"},
		{editor, []string{"change", "submit", "1"}, 0, "state:    submitted"},
		{editor, []string{"change", "approve", "1"}, 1, "needs the approver role"},
		{approver, []string{"change", "approve", "1"}, 0, "approver: wang"},
		{approver, []string{"change", "apply", "1"}, 0, "release 2019+1 applied changes [1]"},
		{editor, []string{"release", "list"}, 0, "2019+1"},
		{editor, []string{"change", "show", "7"}, 1, "there is no change 7"},
	}
	for _, s := range steps {
		code, out, errs := cli(s.token, s.args...)
		if code != s.code || !strings.Contains(out+errs, s.want) {
			t.Errorf("%v: exit %d, want %d and %q\nstdout: %s\nstderr: %s", s.args, code, s.code, s.want, out, errs)
		}
	}
	if svc.Version() != "2019+1" {
		t.Errorf("server at %s", svc.Version())
	}
	// A draft that breaks rules is kept, and every rule it breaks is
	// reported at once, with exit status 1.
	bad := filepath.Join(t.TempDir(), "bad.json")
	os.WriteFile(bad, []byte(`{"title":"设立县级市","date":"2020-07-01","documents":[{"number":"民函〔2020〕1号"}],
		"operations":[{"type":"establish","code":"220150","name":"新城市"},{"type":"establish","code":"220381","name":"岭南市"}]}`), 0o644)
	code, out, errs := cli(editor, "change", "new", bad)
	for _, want := range []string{"change 2 drafted", "INVALID against release 2019+1: 2 rule(s) broken", "operations[0]: code-range:", "operations[1]: reuse:", "breaks 2 rule(s)"} {
		if code != 1 || !strings.Contains(out+errs, want) {
			t.Errorf("change new %s: exit %d, want 1 and %q\nstdout: %s\nstderr: %s", bad, code, want, out, errs)
		}
	}
}
