package server

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"github.com/quhua/quhua/idcard"
)

// syncBuffer is a log destination safe for concurrent writes.
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

// idNumber is a valid 18-digit number (synthetic).
func idNumber(t *testing.T, first17 string) string {
	c, err := idcard.CheckChar(first17)
	if err != nil {
		t.Fatal(err)
	}
	return first17 + string(c)
}

// TestIDNumbersNeverLeave sends ID numbers through every path that takes
// text (the ID endpoint, addresses, search, division codes, a 405, server
// errors) and reads the real answers and the real log output: neither
// holds a number unmasked.
func TestIDNumbersNeverLeave(t *testing.T) {
	n18 := idNumber(t, "22038119900101123")
	n15 := "220381900101123" // an old 15-digit number
	secrets := []string{n18, n15, n18[6:14], "19900101", "900101"}
	for _, jsonLog := range []bool{false, true} {
		var logs syncBuffer
		var h slog.Handler = slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})
		if jsonLog {
			h = slog.NewJSONHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo})
		}
		boom := Mount{Name: "boom", Prefixes: []string{"/v1/boom"}, Handler: http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			panic("failed on " + r.URL.RequestURI())
		})}
		s := newTestServer(t, func(o *Options) {
			o.Logger = slog.New(h)
			o.AccessLog = true
			o.Extra = []Mount{boom}
		})
		tests := []struct {
			method, target, body string
			status               int
		}{
			{"POST", "/v1/id", `{"number":"` + n18 + `"}`, 200},
			{"POST", "/v1/id", `{"number":"` + n15 + `"}`, 200},
			{"POST", "/v1/id", `{"number":"` + n18[:17] + `0"}`, 422},
			{"GET", "/v1/id?number=" + n18, "", 405},
			{"GET", "/v1/id?number=" + n15, "", 405},
			{"GET", "/v1/address?q=吉林省公主岭市" + n18, "", 200},
			{"GET", "/v1/search?q=" + n18, "", 200},
			{"GET", "/v1/search?q=" + pctDigits(n18), "", 200},
			{"GET", "/v1/divisions/" + n18, "", 400},
			{"GET", "/v1/divisions/" + n15 + "/history", "", 400},
			{"GET", "/v1/boom?number=" + n18, "", 500},
		}
		for _, tt := range tests {
			var body *strings.Reader
			if tt.body != "" {
				body = strings.NewReader(tt.body)
			}
			var r *http.Request
			if body != nil {
				r = httptest.NewRequest(tt.method, tt.target, body)
				r.Header.Set("Content-Type", "application/json")
			} else {
				r = httptest.NewRequest(tt.method, tt.target, nil)
			}
			w := httptest.NewRecorder()
			s.Handler().ServeHTTP(w, r)
			if w.Code != tt.status {
				t.Errorf("%s %s: %d, want %d: %s", tt.method, redact(tt.target), w.Code, tt.status, redact(w.Body.String()))
			}
			for _, sec := range secrets {
				if strings.Contains(w.Body.String(), sec) {
					t.Errorf("%s %s: the answer shows %s: %s", tt.method, redact(tt.target), redact(sec), redact(w.Body.String()))
				}
			}
			if !strings.Contains(w.Body.String(), "220381****") && tt.status != 200 && tt.status != 500 && !strings.Contains(tt.target, "%") {
				t.Errorf("%s %s: the answer does not show the number masked: %s", tt.method, redact(tt.target), w.Body.String())
			}
		}
		out := logs.String()
		for _, sec := range secrets {
			if strings.Contains(out, sec) {
				t.Errorf("the log shows %s:\n%s", redact(sec), redact(out))
			}
		}
		if got := strings.Count(out, "220381********"); got < 6 {
			t.Errorf("the log shows %d masked 18-digit numbers, want one per request with it in the URL and the panic:\n%s", got, out)
		}
	}
}

// TestServerErrorLogMasked: without --access-log, a request ending in 5xx
// is logged with its URL, masked.
func TestServerErrorLogMasked(t *testing.T) {
	n18 := idNumber(t, "22038119900101123")
	var logs syncBuffer
	s := newTestServer(t, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, nil))
		o.Ready = func(context.Context) error { return errors.New("store down") }
	})
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("GET", "/readyz?who="+n18, nil))
	if w.Code != http.StatusServiceUnavailable {
		t.Fatalf("/readyz: %d", w.Code)
	}
	out := logs.String()
	if !strings.Contains(out, "/readyz?who=220381********") {
		t.Errorf("the 503 is not logged with its masked URL:\n%s", out)
	}
	if strings.Contains(out, n18) || strings.Contains(w.Body.String(), n18) {
		t.Errorf("the number shows unmasked:\nlog: %s\nanswer: %s", redact(out), redact(w.Body.String()))
	}
}

// TestIDAnswerMasked: /v1/id answers with the masked number only.
func TestIDAnswerMasked(t *testing.T) {
	n18 := idNumber(t, "22038119900101123")
	s := newTestServer(t)
	r := httptest.NewRequest("POST", "/v1/id", strings.NewReader(`{"number":"`+n18+`"}`))
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	if w.Code != 200 || strings.Contains(w.Body.String(), `"number"`) || !strings.Contains(w.Body.String(), `"masked":"`+idcard.Mask(n18)+`"`) {
		t.Errorf("/v1/id: %d %s", w.Code, redact(w.Body.String()))
	}
}

func pctDigits(s string) string {
	var b strings.Builder
	for i := 0; i < len(s); i++ {
		b.WriteString("%3")
		b.WriteByte(s[i])
	}
	return b.String()
}

// TestIDProblemVerdicts: a number whose check and date are valid but whose
// region is unknown gets a problem with its verdicts.
func TestIDProblemVerdicts(t *testing.T) {
	n := idNumber(t, "99999919900101123")
	s := newTestServer(t)
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, httptest.NewRequest("POST", "/v1/id", strings.NewReader(`{"number":"`+n+`"}`)))
	if w.Code != 422 || !strings.Contains(w.Body.String(), `"verdicts":{"check":"valid","birth":"valid","region":"unknown"}`) {
		t.Errorf("/v1/id unknown region: %d %s", w.Code, redact(w.Body.String()))
	}
}
