package main

import (
	"bytes"
	"io"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/spf13/pflag"

	"github.com/quhua/quhua/server"
)

// TestJSONMatchesAPI: the command's --json for history, translate and
// diff is, byte for byte, the API's answer to the same question, both
// answering from the same registry.
func TestJSONMatchesAPI(t *testing.T) {
	srv, err := server.New(server.Options{Registry: registry, NoUI: true})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	defer ts.Close()
	for _, c := range []struct {
		args []string
		path string
		has  string // a sign the answer is the right one
	}{
		{[]string{"history", "220184", "--json"}, "/v1/divisions/220184/history", `"code":"220381"`},
		{[]string{"translate", "220381", "--from", "2019", "--to", "2024", "--json"}, "/v1/translate/220381?from=2019&to=2024", `"code":"220184"`},
		{[]string{"diff", "2019", "2020", "--json"}, "/v1/diff?from=2019&to=2020", `"公主岭市"`},
	} {
		var cli, errb bytes.Buffer
		code := run(c.args, &cli, &errb)
		resetFlags(t, c.args[0])
		if code != 0 {
			t.Fatalf("quhua %s: exit %d\n%s", strings.Join(c.args, " "), code, errb.String())
		}
		res, err := ts.Client().Get(ts.URL + c.path)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode != 200 {
			t.Fatalf("GET %s: %d %s", c.path, res.StatusCode, body)
		}
		if !bytes.Contains(body, []byte(c.has)) {
			t.Errorf("GET %s: no %s in the answer:\n%.400s", c.path, c.has, body)
		}
		if got := cli.Bytes(); !bytes.Equal(got, body) {
			i := 0
			for i < len(got) && i < len(body) && got[i] == body[i] {
				i++
			}
			t.Errorf("quhua %s and GET %s differ at byte %d (%d and %d bytes):\nCLI: …%.200s\nAPI: …%.200s",
				strings.Join(c.args, " "), c.path, i, len(got), len(body), got[max(0, i-40):], body[max(0, i-40):])
		}
	}
}

// resetFlags puts the flags of a subcommand back to their defaults, since
// cobra keeps their values between runs in one process.
func resetFlags(t *testing.T, name string) {
	t.Helper()
	cmd, _, err := rootCmd.Find([]string{name})
	if err != nil {
		t.Fatal(err)
	}
	cmd.Flags().VisitAll(func(f *pflag.Flag) {
		f.Value.Set(f.DefValue)
		f.Changed = false
	})
}
