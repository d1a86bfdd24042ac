package main

import (
	"bytes"
	"context"
	"io"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/server"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/open"
)

// syncBuffer is a buffer safe to read while the command writes it.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serveOut and serveErr are what the last serveFor printed.
var serveOut, serveErr *syncBuffer

// serveFor runs quhua serve with args until the test ends and returns the
// address it printed.
func serveFor(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
	serveOut, serveErr = &out, &errOut
	done := make(chan error, 1)
	go func() {
		// Flags and the context of a subcommand persist between runs in
		// one process: set them all.
		serveCmd.SetContext(ctx)
		rootCmd.SetArgs(append([]string{"serve", "--addr", "127.0.0.1:0", "--log-level", "warn"}, args...))
		rootCmd.SetOut(&out)
		rootCmd.SetErr(&errOut)
		done <- rootCmd.ExecuteContext(ctx)
	}()
	t.Cleanup(func() {
		cancel()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("serve ended with %v", err)
			}
		case <-time.After(20 * time.Second):
			t.Error("serve did not shut down")
		}
		rootCmd.SetOut(nil)
		rootCmd.SetErr(nil)
	})
	re := regexp.MustCompile(`quhua: serving on (http://127\.0\.0\.1:\d+/)`)
	for i := 0; i < 200; i++ {
		if m := re.FindStringSubmatch(out.String()); m != nil {
			return m[1]
		}
		select {
		case err := <-done:
			t.Fatalf("serve ended early: %v\n%s", err, errOut.String())
		case <-time.After(25 * time.Millisecond):
		}
	}
	t.Fatalf("serve printed no address; stderr:\n%s", errOut.String())
	return ""
}

func get(t *testing.T, url string) (int, string) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

func TestServe(t *testing.T) {
	base := serveFor(t, "--no-store")
	for path, want := range map[string]string{
		"healthz":                     "ok",
		"v1/divisions/220381?at=2019": "四平市",
		"":                            "区划",
	} {
		if code, body := get(t, base+path); code != 200 || !strings.Contains(body, want) {
			t.Errorf("/%s: %d %.200s", path, code, body)
		}
	}
	if code, _ := get(t, base+"v1/changes"); code != 404 {
		t.Errorf("/v1/changes without a store: %d, want 404", code)
	}
}

func TestServeWithStore(t *testing.T) {
	base := serveFor(t, "--no-store=false", "--data-dir", t.TempDir())
	code, body := get(t, base+"v1/changes")
	if code != 401 || !strings.Contains(body, "token") {
		t.Errorf("/v1/changes without a token: %d %s", code, body)
	}
	// Every path of the change API is mounted: the change API answers, not
	// the server's unknown route.
	for _, p := range server.ChangePrefixes {
		if code, body := get(t, base+strings.TrimPrefix(p, "/")); strings.Contains(body, "problems/unknown-route") {
			t.Errorf("%s: %d %.200s", p, code, body)
		}
	}
	if code, body := get(t, base+"v1/openapi.json"); code != 200 || !strings.Contains(body, `"/v1/releases"`) {
		t.Errorf("openapi lacks the change endpoints: %d", code)
	}
}

// TestServeLimits: the change API's rate limit and webhook policy follow
// the flags.
func TestServeLimits(t *testing.T) {
	saved := serveFlags
	t.Cleanup(func() { serveFlags = saved }) // flags persist between runs
	dir := t.TempDir()
	ctx := context.Background()
	st, err := open.Store(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	svc, err := change.New(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	admin, err := svc.CreateToken(ctx, change.Principal{}, "root", store.Admin)
	st.Close()
	if err != nil {
		t.Fatal(err)
	}
	post := func(base, body string) (int, string) {
		req, _ := http.NewRequest("POST", base+"v1/webhooks", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+admin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer res.Body.Close()
		b, _ := io.ReadAll(res.Body)
		return res.StatusCode, string(b)
	}
	hook := `{"url":"http://127.0.0.1:9/hook","secret":"0123456789abcdef0123456789abcdef"}`

	base := serveFor(t, "--no-store=false", "--data-dir", dir, "--change-rate", "0.01", "--change-burst", "2")
	if code, body := post(base, hook); code != 400 || !strings.Contains(body, "loopback") {
		t.Errorf("a loopback webhook: %d %s", code, body)
	}
	get(t, base+"v1/changes")
	res, err := http.Get(base + "v1/changes")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != 429 || res.Header.Get("Retry-After") == "" {
		t.Errorf("the third request of a burst of 2: %s, Retry-After %q", res.Status, res.Header.Get("Retry-After"))
	}

	base = serveFor(t, "--no-store=false", "--data-dir", dir, "--change-rate", "0", "--webhook-allow-private")
	if code, body := post(base, hook); code != 201 {
		t.Errorf("a loopback webhook with --webhook-allow-private: %d %s", code, body)
	}
	for range 60 {
		if code, _ := get(t, base+"v1/changes"); code != 401 {
			t.Fatalf("without a limit: %d", code)
		}
	}

	var out, errb bytes.Buffer
	if code := run([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir, "--trusted-proxy", "10.0.0.0/99"}, &out, &errb); code != 2 ||
		!strings.Contains(errb.String(), "10.0.0.0/99") {
		t.Errorf("a bad --trusted-proxy: exit %d, %s", code, errb.String())
	}
	for _, args := range [][]string{{"--change-rate", "-1"}, {"--change-token-rate", "NaN"}, {"--change-rate", "5", "--change-burst", "0"}} {
		errb.Reset()
		if code := run(append([]string{"serve", "--addr", "127.0.0.1:0", "--data-dir", dir}, args...), &out, &errb); code != 2 ||
			!strings.Contains(errb.String(), args[0]) && !strings.Contains(errb.String(), "burst") {
			t.Errorf("%v: exit %d, %s", args, code, errb.String())
		}
		serveFlags = saved
	}
}

// serve prints its address once, on standard output, at the default log
// level too.
func TestServeAddressOnce(t *testing.T) {
	base := serveFor(t, "--no-store", "--log-level", "info")
	addr := strings.TrimSuffix(strings.TrimPrefix(base, "http://"), "/")
	all := serveOut.String() + serveErr.String()
	if n := strings.Count(all, addr); n != 1 {
		t.Errorf("the address %s is printed %d times:\n%s", addr, n, all)
	}
	if !strings.Contains(serveErr.String(), "msg=serving") {
		t.Errorf("the log lacks the serving line:\n%s", serveErr.String())
	}
}
