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

// serveFor runs quhua serve with args until the test ends and returns the
// address it printed.
func serveFor(t *testing.T, args ...string) string {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	var out, errOut syncBuffer
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
	for _, p := range change.Prefixes {
		if code, body := get(t, base+strings.TrimPrefix(p, "/")); strings.Contains(body, "problems/unknown-route") {
			t.Errorf("%s: %d %.200s", p, code, body)
		}
	}
	if code, body := get(t, base+"v1/openapi.json"); code != 200 || !strings.Contains(body, `"/v1/releases"`) {
		t.Errorf("openapi lacks the change endpoints: %d", code)
	}
}
