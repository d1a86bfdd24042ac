package server

import (
	"container/list"
	"fmt"
	"math"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/quhua/quhua/change"
	"golang.org/x/time/rate"
)

// ChangeLimits are the change API's rate limits: token buckets (see
// golang.org/x/time/rate) per client address and per token. A request over
// a limit is answered 429 Too Many Requests with Retry-After, and counted in
// the audit log with the other refusals (see Service.FlushRefusals).
//
// The client address is the request's RemoteAddr. Only when RemoteAddr is
// one of TrustedProxies is X-Forwarded-For read: the client is then the
// right-most address in it that is not itself a trusted proxy (a client
// can prepend anything to the header; only what the proxies appended can
// be believed). IPv6 clients are limited by /64 network, since one host
// commonly holds a whole /64.
type ChangeLimits struct {
	// ClientRate is the sustained requests per second allowed to one
	// client address, ClientBurst how many it may send at once. A rate of
	// 0 or less means no limit.
	ClientRate  float64
	ClientBurst int
	// TokenRate and TokenBurst are the same for one token, whatever the
	// addresses it is used from; they apply after authentication.
	TokenRate  float64
	TokenBurst int
	// TrustedProxies are the addresses of reverse proxies whose
	// X-Forwarded-For header is believed.
	TrustedProxies []netip.Prefix
	// MaxTracked bounds the clients (and, apart, the tokens) whose
	// buckets are kept. Idle buckets are dropped as soon as they have
	// refilled; when more are active, the least recently seen is dropped.
	MaxTracked int
}

// DefaultChangeLimits are the limits NewChangeHandler applies unless told otherwise:
// 10 requests per second per client address and per token, with bursts
// of 50.
var DefaultChangeLimits = ChangeLimits{ClientRate: 10, ClientBurst: 50, TokenRate: 10, TokenBurst: 50, MaxTracked: 10000}

// ChangeOption configures NewChangeHandler.
type ChangeOption func(*changeHandler)

// WithChangeLimits sets the rate limits of the handler (DefaultChangeLimits otherwise).
func WithChangeLimits(l ChangeLimits) ChangeOption {
	return func(h *changeHandler) { h.limits = l }
}

// ParseProxies parses a list of trusted proxies: IP addresses or CIDR
// prefixes, e.g. "127.0.0.1", "10.0.0.0/8", "::1".
func ParseProxies(list []string) ([]netip.Prefix, error) {
	var out []netip.Prefix
	for _, s := range list {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		if strings.Contains(s, "/") {
			p, err := netip.ParsePrefix(s)
			if err != nil {
				return nil, fmt.Errorf("server: trusted proxy %q: not an address or a CIDR prefix (e.g. 10.0.0.0/8)", s)
			}
			out = append(out, p.Masked())
			continue
		}
		a, err := netip.ParseAddr(s)
		if err != nil {
			return nil, fmt.Errorf("server: trusted proxy %q: not an address or a CIDR prefix (e.g. 10.0.0.0/8)", s)
		}
		a = a.Unmap()
		out = append(out, netip.PrefixFrom(a, a.BitLen()))
	}
	return out, nil
}

// limiterSet keeps one token bucket per key, bounded in number.
type limiterSet struct {
	mu    sync.Mutex
	limit rate.Limit
	burst int
	max   int
	// idle is how long an unused bucket takes to fill up again: after
	// that, dropping it loses nothing.
	idle time.Duration
	keys map[string]*list.Element
	lru  *list.List // of *bucket, most recently used first
}

type bucket struct {
	key  string
	lim  *rate.Limiter
	last time.Time
}

// newLimiterSet returns nil (no limit) for a rate of 0 or less.
func newLimiterSet(perSecond float64, burst, maxKeys int) *limiterSet {
	if perSecond <= 0 || math.IsNaN(perSecond) {
		return nil
	}
	burst = max(burst, 1)
	if maxKeys < 1 {
		maxKeys = DefaultChangeLimits.MaxTracked
	}
	idle := min(max(float64(burst)/perSecond, 1), 24*3600)
	return &limiterSet{limit: rate.Limit(perSecond), burst: burst, max: maxKeys,
		idle: time.Duration(idle * float64(time.Second)), keys: map[string]*list.Element{}, lru: list.New()}
}

// allow takes a token from key's bucket at now, or says how long to wait
// for one.
func (s *limiterSet) allow(key string, now time.Time) (bool, time.Duration) {
	s.mu.Lock()
	defer s.mu.Unlock()
	// Drop the buckets that have refilled while unused.
	for e := s.lru.Back(); e != nil; e = s.lru.Back() {
		b := e.Value.(*bucket)
		if now.Sub(b.last) < s.idle {
			break
		}
		s.lru.Remove(e)
		delete(s.keys, b.key)
	}
	var b *bucket
	if e, ok := s.keys[key]; ok {
		b = e.Value.(*bucket)
		s.lru.MoveToFront(e)
	} else {
		for s.lru.Len() >= s.max {
			old := s.lru.Back()
			s.lru.Remove(old)
			delete(s.keys, old.Value.(*bucket).key)
		}
		b = &bucket{key: key, lim: rate.NewLimiter(s.limit, s.burst)}
		s.keys[key] = s.lru.PushFront(b)
	}
	b.last = now
	r := b.lim.ReserveN(now, 1)
	if !r.OK() {
		return false, time.Hour
	}
	if d := r.DelayFrom(now); d > 0 {
		r.CancelAt(now)
		return false, d
	}
	return true, 0
}

// len returns the number of buckets kept.
func (s *limiterSet) len() int {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.lru.Len()
}

// clientOf returns the client address of a request (see ChangeLimits), as the
// key of its rate limit: an IPv4 address, an IPv6 /64 network, or
// RemoteAddr as it is when it is not an address.
func clientOf(r *http.Request, trusted []netip.Prefix) string {
	remote, err := netip.ParseAddrPort(r.RemoteAddr)
	var a netip.Addr
	if err == nil {
		a = remote.Addr().Unmap()
	} else if a, err = netip.ParseAddr(r.RemoteAddr); err != nil {
		return r.RemoteAddr
	}
	a = a.Unmap().WithZone("")
	if isTrusted(a, trusted) {
		hops := r.Header.Values("X-Forwarded-For")
		var all []string
		for _, h := range hops {
			all = append(all, strings.Split(h, ",")...)
		}
		for i := len(all) - 1; i >= 0; i-- {
			h, err := netip.ParseAddr(strings.TrimSpace(all[i]))
			if err != nil {
				break // a malformed hop: believe nothing before it
			}
			a = h.Unmap().WithZone("")
			if !isTrusted(a, trusted) {
				break
			}
		}
	}
	if a.Is6() {
		p, _ := a.Prefix(64)
		return p.String()
	}
	return a.String()
}

func isTrusted(a netip.Addr, trusted []netip.Prefix) bool {
	for _, p := range trusted {
		if p.Contains(a) {
			return true
		}
	}
	return false
}

// tooMany answers 429 with Retry-After in whole seconds.
func tooMany(w http.ResponseWriter, wait time.Duration, what string) {
	secs := int64(math.Ceil(wait.Seconds()))
	if secs < 1 {
		secs = 1
	}
	w.Header().Set("Retry-After", strconv.FormatInt(secs, 10))
	writeChangeError(w, changeErrorf(change.TooManyRequests, "too many requests from this %s: retry after %d s", what, secs))
}
