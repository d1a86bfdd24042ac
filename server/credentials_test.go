package server

import (
	"context"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"testing"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/open"
)

// TestTokensNeverLogged sends a real token where it does not belong (in
// the query string, in a path, percent-encoded, in a form-like query) to
// the change workflow mounted as quhua serve mounts it, with the access
// log on, and reads the real log output: it never holds the secret, in
// the text or the JSON log format.
func TestTokensNeverLogged(t *testing.T) {
	ctx := context.Background()
	st, err := open.Store(ctx, filepath.Join(t.TempDir(), "quhua.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := change.SetBase(ctx, st, "2019"); err != nil {
		t.Fatal(err)
	}
	svc, err := change.New(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	tok, err := svc.CreateToken(ctx, change.Principal{}, "root", store.Admin)
	if err != nil {
		t.Fatal(err)
	}
	body := strings.TrimPrefix(tok, "qh_")
	for _, jsonLog := range []bool{false, true} {
		var logs syncBuffer
		var h slog.Handler = slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})
		if jsonLog {
			h = slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})
		}
		boom := Mount{Name: "boom", Prefixes: []string{"/v1/boom"}, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			// A failure whose message holds the request's header.
			panic("failed on " + r.URL.RequestURI() + " with " + r.Header.Get("Authorization"))
		})}
		s := newTestServer(t, func(o *Options) {
			o.Logger = slog.New(h)
			o.AccessLog = true
			o.Extra = []Mount{{Name: "change", Prefixes: []string{"/v1/changes", "/v1/tokens", "/v1/whoami"},
				Handler: NewChangeHandler(svc)}, boom}
		})
		targets := []struct {
			target string
			status int
		}{
			{"/v1/changes?token=" + tok, 401},
			{"/v1/changes?access_token=" + tok + "&state=open", 401},
			{"/v1/changes?state=open&Token=" + body, 401},
			{"/v1/changes?api_key=" + body, 401},
			{"/v1/whoami?t=" + strings.Replace(tok, "_", "%5F", 1), 401},
			{"/v1/divisions/" + tok, 400},
			{"/v1/search?q=" + tok, 200},
			{"/v1/boom?password=" + body, 500},
		}
		for _, tt := range targets {
			r := httptest.NewRequest("GET", tt.target, nil)
			if strings.HasPrefix(tt.target, "/v1/boom") {
				r.Header.Set("Authorization", "Bearer "+tok)
			}
			w := httptest.NewRecorder()
			s.Handler().ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("GET %s: %d, want %d: %s", maskCredentials(tt.target), w.Code, tt.status, maskCredentials(w.Body.String()))
			}
		}
		out := logs.String()
		if strings.Contains(out, body) || strings.Contains(out, body[:16]) {
			t.Errorf("json=%v: the log holds the token:\n%s", jsonLog, strings.ReplaceAll(out, body, "<SECRET>"))
		}
		if n := strings.Count(out, redactedSecret); n < len(targets) {
			t.Errorf("json=%v: %d redactions in the log, want at least %d:\n%s", jsonLog, n, len(targets), out)
		}
		if !strings.Contains(out, "state=open") {
			t.Errorf("json=%v: parameters that are not credentials were masked too:\n%s", jsonLog, out)
		}
	}
}

func TestMaskCredentials(t *testing.T) {
	for in, want := range map[string]string{
		"/v1/changes?token=qh_abc-DEF_1":              "/v1/changes?token=[REDACTED]",
		"/v1/changes?state=open&password=hunter2&x=1": "/v1/changes?state=open&password=[REDACTED]&x=1",
		"Authorization: Bearer abc.def":               "Authorization: [REDACTED]",
		"sent Bearer abc.def to it":                   "sent Bearer [REDACTED] to it",
		"/v1/divisions/qh_secret":                     "/v1/divisions/[REDACTED]",
		"/v1/search?q=220381&level=county":            "/v1/search?q=220381&level=county",
		"keyword=value":                               "keyword=value",
	} {
		if got := maskCredentials(in); got != want {
			t.Errorf("maskCredentials(%q) = %q, want %q", in, got, want)
		}
	}
}
