package server

import (
	"net/http"
	"net/netip"
	"runtime"
	"strconv"
	"sync"
	"time"
)

// Heavy answers (the exports, a diff between two dates) take seconds of
// CPU and megabytes of memory each. Their number in progress is bounded,
// overall and per client, so that a burst of them cannot push the
// server's memory up without bound: a request over a client's share is
// answered 429, one that finds every slot taken for longer than
// HeavyLimits.Wait is answered 503, both with Retry-After.

// HeavyLimits bounds the heavy requests in progress.
type HeavyLimits struct {
	// Concurrent is how many heavy requests are answered at once (default
	// DefaultHeavyConcurrent; negative: no bound).
	Concurrent int
	// PerClient is how many of them one client address may have in
	// progress (default 2; negative: no bound).
	PerClient int
	// Wait is how long a request waits for a free slot before it is
	// answered 503 (default 2 s).
	Wait time.Duration
	// TrustedProxies are reverse proxies whose X-Forwarded-For names the
	// client (see ChangeLimits).
	TrustedProxies []netip.Prefix
}

// DefaultHeavyConcurrent is the default bound of heavy requests in
// progress: one per CPU, at least 2.
var DefaultHeavyConcurrent = max(2, runtime.GOMAXPROCS(0))

// heavyRoutes are the routes whose answers are heavy.
var heavyRoutes = map[string]bool{
	"/v1/export/divisions": true,
	"/v1/export/picker":    true,
	"/v1/diff":             true,
}

type heavyLimiter struct {
	lim   HeavyLimits
	slots chan struct{}
	mu    sync.Mutex
	busy  map[string]int // heavy requests in progress by client
}

func newHeavyLimiter(l HeavyLimits) *heavyLimiter {
	if l.Concurrent == 0 {
		l.Concurrent = DefaultHeavyConcurrent
	}
	if l.PerClient == 0 {
		l.PerClient = 2
	}
	if l.Wait <= 0 {
		l.Wait = 2 * time.Second
	}
	h := &heavyLimiter{lim: l, busy: map[string]int{}}
	if l.Concurrent > 0 {
		h.slots = make(chan struct{}, l.Concurrent)
	}
	return h
}

// acquire takes a slot for r, or returns the problem to answer.
func (h *heavyLimiter) acquire(r *http.Request) (release func(), p *Problem) {
	client := clientOf(r, h.lim.TrustedProxies)
	if h.lim.PerClient > 0 {
		h.mu.Lock()
		if h.busy[client] >= h.lim.PerClient {
			h.mu.Unlock()
			p := newProblem(http.StatusTooManyRequests, "too-many-requests",
				"this client already has "+strconv.Itoa(h.lim.PerClient)+" exports or diffs in progress")
			p.Hint = "wait for them to finish; fetch large answers one after the other"
			return nil, p
		}
		h.busy[client]++
		h.mu.Unlock()
	}
	done := func() {
		if h.lim.PerClient > 0 {
			h.mu.Lock()
			if h.busy[client]--; h.busy[client] <= 0 {
				delete(h.busy, client)
			}
			h.mu.Unlock()
		}
	}
	if h.slots == nil {
		return done, nil
	}
	t := time.NewTimer(h.lim.Wait)
	defer t.Stop()
	select {
	case h.slots <- struct{}{}:
		return func() { <-h.slots; done() }, nil
	case <-r.Context().Done():
		done()
		return nil, newProblem(http.StatusServiceUnavailable, "unavailable", "the request was cancelled while waiting")
	case <-t.C:
		done()
		p := newProblem(http.StatusServiceUnavailable, "unavailable",
			"the server is answering "+strconv.Itoa(h.lim.Concurrent)+" exports or diffs already")
		p.Hint = "try again in a few seconds"
		return nil, p
	}
}

// heavy wraps a heavy route's handler with the limiter.
func (s *Server) heavy(f apiFunc) apiFunc {
	return func(w http.ResponseWriter, r *http.Request, st *state) *Problem {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			return f(w, r, st) // answered 405 at once
		}
		release, p := s.heavyLim.acquire(r)
		if p != nil {
			retry := "1"
			if p.Status == http.StatusServiceUnavailable {
				retry = "5"
			}
			w.Header().Set("Retry-After", retry)
			return p
		}
		defer release()
		return f(w, r, st)
	}
}
