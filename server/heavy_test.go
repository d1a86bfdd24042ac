package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
	"github.com/quhua/quhua/export"
)

// TestHeavyLimits holds the only slot for heavy answers as a request of
// one client in progress does, and checks the bounds: the same client
// asking another heavy answer gets 429 with Retry-After, another client
// waits and then gets 503 with Retry-After, light requests are answered
// all the while, and once the first export is done heavy answers are
// served again.
func TestHeavyLimits(t *testing.T) {
	var logs syncBuffer
	s := newTestServer(t, func(o *Options) {
		o.Logger = slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelInfo}))
		o.Heavy = HeavyLimits{Concurrent: 1, PerClient: 1, Wait: 100 * time.Millisecond,
			TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}}
	})
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	ct := newContract(t, s)

	// A heavy request of client 198.51.100.1 in progress, holding the
	// only slot.
	held := httptest.NewRequest("GET", "/v1/export/divisions", nil)
	held.RemoteAddr = "127.0.0.1:1234"
	held.Header.Set("X-Forwarded-For", "198.51.100.1")
	release, p := s.heavyLim.acquire(held)
	if p != nil {
		t.Fatal(p.Detail)
	}

	get := func(path, client string) *http.Response {
		t.Helper()
		req, _ := http.NewRequest("GET", hs.URL+path, nil)
		req.Header.Set("X-Forwarded-For", client)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if res.StatusCode >= 400 {
			ct.check(t, "GET", req.URL.Path, res, b) // as the document says
		}
		return res
	}
	check := func(res *http.Response, want int) {
		t.Helper()
		if res.StatusCode != want {
			t.Errorf("%s: %d, want %d", res.Request.URL, res.StatusCode, want)
		}
		if want >= 429 {
			if n, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || n < 1 {
				t.Errorf("%s: %d with Retry-After %q", res.Request.URL, res.StatusCode, res.Header.Get("Retry-After"))
			}
		}
	}
	check(get("/v1/diff?from=1985&to=2020", "198.51.100.1"), 429)
	check(get("/v1/export/picker?format=element", "198.51.100.1"), 429)
	start := time.Now()
	check(get("/v1/diff?from=1985&to=2020", "198.51.100.2"), 503)
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("503 after %v, before the wait of 100ms", d)
	}
	check(get("/v1/divisions/220381?at=2019", "198.51.100.1"), 200)
	// Shedding load is logged as a warning, not as a server error.
	if out := logs.String(); !strings.Contains(out, "level=WARN msg=request") || strings.Contains(out, "level=ERROR") {
		t.Errorf("the 503 is not logged as a warning:\n%s", out)
	}

	release()
	deadline := time.Now().Add(30 * time.Second)
	for {
		res := get("/v1/diff?from=1985&to=2020", "198.51.100.2")
		if res.StatusCode == 200 {
			break
		}
		if time.Now().After(deadline) {
			t.Fatalf("the slot was not given back: %d", res.StatusCode)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// TestStreamedAnswers: the export and a large diff are streamed (no
// Content-Length: the answer is written as it is rendered) and are byte for
// byte the answer rendered whole (masked as every answer is), plain and gzip-compressed; their ETag
// gives 304.
func TestStreamedAnswers(t *testing.T) {
	s := newTestServer(t)
	hs := httptest.NewServer(s.Handler())
	defer hs.Close()
	rows, err := export.Divisions(quhua.Default(), export.Query{At: quhua.MustParseDate("2020-12-31")})
	if err != nil {
		t.Fatal(err)
	}
	var whole bytes.Buffer
	if err := export.Write(&whole, export.JSON, rows, export.Options{}); err != nil {
		t.Fatal(err)
	}
	for _, gz := range []bool{false, true} {
		req, _ := http.NewRequest("GET", hs.URL+"/v1/export/divisions?at=2020-12-31&format=json", nil)
		if gz {
			req.Header.Set("Accept-Encoding", "gzip")
		}
		res, err := http.DefaultTransport.RoundTrip(req)
		if err != nil {
			t.Fatal(err)
		}
		var rd io.Reader = res.Body
		if gz {
			if res.Header.Get("Content-Encoding") != "gzip" {
				t.Fatalf("Content-Encoding %q", res.Header.Get("Content-Encoding"))
			}
			zr, err := gzip.NewReader(res.Body)
			if err != nil {
				t.Fatal(err)
			}
			rd = zr
		}
		got, err := io.ReadAll(rd)
		res.Body.Close()
		if err != nil {
			t.Fatal(err)
		}
		if res.ContentLength != -1 {
			t.Errorf("gzip=%v: Content-Length %d: the answer was buffered whole", gz, res.ContentLength)
		}
		if !bytes.Equal(got, whole.Bytes()) {
			t.Errorf("gzip=%v: the streamed export (%d bytes) is not the export rendered whole (%d bytes)", gz, len(got), whole.Len())
		}
		etag := res.Header.Get("Etag")
		req, _ = http.NewRequest("GET", hs.URL+"/v1/export/divisions?at=2020-12-31&format=json", nil)
		req.Header.Set("If-None-Match", etag)
		res, err = http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if etag == "" || res.StatusCode != http.StatusNotModified {
			t.Errorf("ETag %q: %d, want 304", etag, res.StatusCode)
		}
	}

	// A large diff: as rendered whole by json.Marshal.
	res, err := http.Get(hs.URL + "/v1/diff?from=1985-03-01&to=2024-06-01")
	if err != nil {
		t.Fatal(err)
	}
	got, _ := io.ReadAll(res.Body)
	res.Body.Close()
	if res.ContentLength != -1 {
		t.Errorf("diff: Content-Length %d: the answer was buffered whole", res.ContentLength)
	}
	d := quhua.Default().Diff(quhua.MustParseDate("1985-03-01"), quhua.MustParseDate("2024-06-01"))
	want, err := json.Marshal(struct {
		From          string       `json:"from"`
		To            string       `json:"to"`
		BeyondHorizon *api.Horizon `json:"beyondHorizon,omitempty"`
		diffRestJSON
	}{"1985-03-01", "2024-06-01", nil, diffRestJSON{Events: events(d.Events, true), Removed: records(d.Removed), Added: records(d.Added)}})
	if err != nil {
		t.Fatal(err)
	}
	// The whole answer is masked as every answer is (see redact).
	if want = redactBytes(want); !bytes.Equal(got, append(want, '\n')) {
		t.Errorf("the streamed diff (%d bytes) is not the diff rendered whole (%d bytes)", len(got), len(want)+1)
	}
}
