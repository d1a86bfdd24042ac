package server

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store"
)

// refusalEntries returns the audit entries of refusals and the number of
// refused requests they count.
func refusalEntries(t *testing.T, svc *change.Service) ([]store.Audit, int) {
	t.Helper()
	ctx := context.Background()
	var log []store.Audit
	for {
		since := int64(0)
		if len(log) > 0 {
			since = log[len(log)-1].Seq
		}
		page, err := svc.Store().AuditLog(ctx, since, 1000)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		log = append(log, page...)
	}
	var out []store.Audit
	total := 0
	for _, a := range log {
		if a.Action == "refused" || strings.HasPrefix(a.Action, "refused.") {
			out = append(out, a)
			n := 1
			if a.Action == "refused" {
				fmt.Sscan(a.Detail, &n)
			}
			total += n
		}
	}
	return out, total
}

// TestFloodOfBadTokens: a client sending bad tokens as fast as it can is
// answered 429 with Retry-After once over its limit, its refusals make a
// bounded number of audit entries that count them all, and a client at
// another address, with a good token, is served all along.
// It runs on SQLite and, when QUHUA_TEST_POSTGRES is set, on PostgreSQL.
func TestFloodOfBadTokens(t *testing.T) {
	for name, loc := range backends(t) {
		t.Run(name, func(t *testing.T) { floodOfBadTokens(t, loc) })
	}
}

func floodOfBadTokens(t *testing.T, loc string) {
	ctx := context.Background()
	st, err := openLoc(ctx, loc)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := change.SetBase(ctx, st, "2019"); err != nil {
		t.Fatal(err)
	}
	svc := must(change.New(ctx, st))
	good := must(svc.CreateToken(ctx, change.Principal{}, "root", store.Admin))
	lim := ChangeLimits{ClientRate: 1.0 / 3600, ClientBurst: 5, TokenRate: 100, TokenBurst: 100,
		TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}}
	srv := httptest.NewServer(NewChangeHandler(svc, WithChangeLimits(lim)))
	defer srv.Close()
	get := func(from, token string) *http.Response {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/changes", nil)
		req.Header.Set("X-Forwarded-For", from)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp
	}
	auditBefore, _ := refusalEntries(t, svc)

	const flood = 400
	var wg sync.WaitGroup
	var unauthorized, limited, other atomic.Int64
	for w := 0; w < 4; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := 0; i < flood/4; i++ {
				resp := get("203.0.113.9", "qh_wrong"+strconv.Itoa(i))
				switch resp.StatusCode {
				case 401:
					unauthorized.Add(1)
				case 429:
					limited.Add(1)
					if s, err := strconv.Atoi(resp.Header.Get("Retry-After")); err != nil || s < 1 {
						t.Errorf("429 with Retry-After %q", resp.Header.Get("Retry-After"))
					}
					if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "application/problem+json") {
						t.Errorf("429 with Content-Type %q", ct)
					}
				default:
					other.Add(1)
				}
			}
		}()
	}
	// Meanwhile, another client is served.
	for i := 0; i < 5; i++ {
		if resp := get("198.51.100.20", good); resp.StatusCode != 200 {
			t.Errorf("the other client's request %d: %s", i, resp.Status)
		}
	}
	wg.Wait()
	if unauthorized.Load() > 5 || limited.Load() < flood-5 || other.Load() != 0 {
		t.Errorf("flood answered 401 ×%d, 429 ×%d, other ×%d; want at most 5 × 401 and the rest 429",
			unauthorized.Load(), limited.Load(), other.Load())
	}
	if err := svc.FlushRefusals(ctx); err != nil {
		t.Fatal(err)
	}
	entries, total := refusalEntries(t, svc)
	entries = entries[len(auditBefore):]
	// One entry per client and minute: two if the flood crossed a minute.
	if len(entries) < 1 || len(entries) > 2 {
		t.Fatalf("%d audit entries for %d refusals, want 1 or 2: %+v", len(entries), flood, entries)
	}
	if total != flood {
		t.Errorf("the entries count %d refusals, want %d", total, flood)
	}
	for _, e := range entries {
		if e.Object != "client/203.0.113.9" || !strings.Contains(e.Detail, "429 ×") {
			t.Errorf("entry %+v", e)
		}
	}
}

// TestTokenLimit: one token is limited whatever the addresses it is used
// from, and its refusals name its user.
func TestTokenLimit(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "2019")
	tok := must(svc.CreateToken(ctx, change.Principal{}, "root", store.Admin))
	h := NewChangeHandler(svc, WithChangeLimits(ChangeLimits{ClientRate: 100, ClientBurst: 100, TokenRate: 1.0 / 3600, TokenBurst: 3}))
	codes := map[int]int{}
	for i := 0; i < 10; i++ {
		req := httptest.NewRequest("GET", "/v1/changes", nil)
		req.RemoteAddr = fmt.Sprintf("192.0.2.%d:4000", i+1)
		req.Header.Set("Authorization", "Bearer "+tok)
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		codes[rec.Code]++
		if rec.Code == 429 && !strings.Contains(rec.Body.String(), "token") {
			t.Errorf("429 body %s", rec.Body)
		}
	}
	if codes[200] != 3 || codes[429] != 7 {
		t.Errorf("answers %v, want 3 × 200 and 7 × 429", codes)
	}
	must(0, svc.FlushRefusals(ctx))
	entries, total := refusalEntries(t, svc)
	if total != 7 || len(entries) != 7 {
		// Seven clients, one refusal each.
		t.Errorf("%d entries counting %d refusals, want 7 and 7", len(entries), total)
	}
	for _, e := range entries {
		if e.Actor != "root" || !strings.Contains(e.Detail, "token over its limit") {
			t.Errorf("entry %+v", e)
		}
	}
}

// TestLimiterMemory: a flood of distinct client addresses does not grow
// the buckets kept beyond their bound, and every refusal is still counted
// (change.TestRefusalMemory bounds the refusal counts kept).
func TestLimiterMemory(t *testing.T) {
	svc := newService(t, "2019")
	hh := NewChangeHandler(svc, WithChangeLimits(ChangeLimits{ClientRate: 1, ClientBurst: 1, MaxTracked: 100}))
	h := hh.(*changeHandler)
	const flood = 1000
	for i := 0; i < flood; i++ {
		req := httptest.NewRequest("GET", "/v1/changes", nil)
		req.RemoteAddr = netip.AddrPortFrom(netip.AddrFrom4([4]byte{10, byte(i >> 16), byte(i >> 8), byte(i)}), 1234).String()
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
		if rec.Code != 401 {
			t.Fatalf("request %d: %d", i, rec.Code)
		}
	}
	if n := h.clients.len(); n > 100 {
		t.Errorf("%d buckets kept, want at most 100", n)
	}
	must(0, svc.FlushRefusals(context.Background()))
	if _, total := refusalEntries(t, svc); total != flood {
		t.Errorf("%d refusals counted, want %d", total, flood)
	}

	// Buckets unused until they are full again are dropped.
	s := newLimiterSet(10, 5, 1000)
	now := time.Now()
	for i := range 50 {
		s.allow(strconv.Itoa(i), now)
	}
	s.allow("late", now.Add(time.Second))
	if n := s.len(); n != 1 {
		t.Errorf("%d buckets after all but one went idle, want 1", n)
	}
}

func TestClientAddress(t *testing.T) {
	proxies, err := ParseProxies([]string{"10.0.0.0/8", "::1"})
	if err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct {
		remote, xff string
		trusted     []netip.Prefix
		want        string
	}{
		{"192.0.2.7:5555", "", nil, "192.0.2.7"},
		{"192.0.2.7:5555", "198.51.100.1", nil, "192.0.2.7"}, // not a trusted proxy: the header is ignored
		{"10.1.2.3:80", "198.51.100.1", proxies, "198.51.100.1"},
		{"10.1.2.3:80", "6.6.6.6, 198.51.100.1, 10.9.9.9", proxies, "198.51.100.1"}, // the client's own claim is ignored
		{"10.1.2.3:80", "10.2.2.2", proxies, "10.2.2.2"},                            // only proxies: the first one
		{"10.1.2.3:80", "junk, 198.51.100.1", proxies, "198.51.100.1"},
		{"10.1.2.3:80", "198.51.100.1, junk", proxies, "10.1.2.3"}, // a malformed hop: believe nothing before it
		{"[::1]:80", "2001:db8:1:2:3:4:5:6", proxies, "2001:db8:1:2::/64"},
		{"[2001:db8::1]:80", "", nil, "2001:db8::/64"},
		{"[::ffff:192.0.2.9]:80", "", nil, "192.0.2.9"},
		{"pipe", "", nil, "pipe"},
	} {
		r := httptest.NewRequest("GET", "/", nil)
		r.RemoteAddr = c.remote
		if c.xff != "" {
			r.Header.Set("X-Forwarded-For", c.xff)
		}
		if got := clientOf(r, c.trusted); got != c.want {
			t.Errorf("RemoteAddr %s, X-Forwarded-For %q: %s, want %s", c.remote, c.xff, got, c.want)
		}
	}
	if _, err := ParseProxies([]string{"10.0.0.0/33"}); err == nil || !strings.Contains(err.Error(), "10.0.0.0/33") {
		t.Errorf("bad prefix: %v", err)
	}
}
