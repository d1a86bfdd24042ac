package change

import (
	"cmp"
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/quhua/quhua/store"
)

// Refusals of requests that came over HTTP (401, 403 and 429) are not
// written to the audit log one by one: a client sending a thousand bad
// tokens a second would fill it. They are counted per client address and
// minute, and each minute's count is one audit entry (action "refused",
// object "client/ADDRESS") saying how many requests were refused, with
// which status, as whom and why. The entry is written when the minute is
// over (or at FlushRefusals); refusals of a process that is killed in the
// minute are lost. Refusals outside HTTP (the command line on a local
// store) are audited one by one, as "refused.ACTION".

const (
	// maxRefusalClients bounds the clients counted apart in one minute;
	// the refusals of further clients are counted together under
	// otherClients.
	maxRefusalClients = 1000
	otherClients      = "(other clients)"
	// maxRefusalReasons bounds the distinct reasons (and actors) kept
	// per entry; further ones are counted as "(other)".
	maxRefusalReasons = 8
)

type clientKey struct{}

// WithClient records in ctx the client address a request came from; the
// service's refusals on ctx are then counted per client.
func WithClient(ctx context.Context, client string) context.Context {
	return context.WithValue(ctx, clientKey{}, client)
}

func clientFrom(ctx context.Context) (string, bool) {
	c, ok := ctx.Value(clientKey{}).(string)
	return c, ok
}

type refusalKey struct {
	minute int64 // Unix minutes
	client string
}

type refusalCount struct {
	first   time.Time
	n       int
	status  map[int]int
	actors  map[string]int
	reasons map[string]int
}

// refusalLog counts refusals until their minute is over.
type refusalLog struct {
	mu      sync.Mutex
	pending map[refusalKey]*refusalCount
	clients map[int64]int // clients counted apart, per minute
	timer   *time.Timer
	// maxClients overrides maxRefusalClients (for tests).
	maxClients int
}

// Refused counts a refusal of a request (with status, the HTTP status the
// server answers) from the client WithClient put in ctx, or audits it at
// once when the request did not come over HTTP.
func (s *Service) Refused(ctx context.Context, status int, actor, action, object, why string) {
	client, ok := clientFrom(ctx)
	if !ok {
		s.st.AppendAudit(ctx, store.Audit{At: s.now().UTC(), Actor: actor, Action: "refused." + action, Object: object, Detail: why})
		return
	}
	reason := action
	if object != "" {
		reason += " " + object
	}
	if why != "" {
		reason += ": " + why
	}
	s.refusals.add(s, client, status, actor, reason)
}

func (l *refusalLog) add(s *Service, client string, status int, actor, reason string) {
	now := s.now().UTC()
	l.mu.Lock()
	defer l.mu.Unlock()
	if l.pending == nil {
		l.pending, l.clients = map[refusalKey]*refusalCount{}, map[int64]int{}
	}
	k := refusalKey{now.Unix() / 60, client}
	c := l.pending[k]
	if c == nil && l.clients[k.minute] >= cmp.Or(l.maxClients, maxRefusalClients) {
		k.client = otherClients
		c = l.pending[k]
	}
	if c == nil {
		c = &refusalCount{first: now, status: map[int]int{}, actors: map[string]int{}, reasons: map[string]int{}}
		l.pending[k] = c
		if k.client != otherClients {
			l.clients[k.minute]++
		}
	}
	c.n++
	c.status[status]++
	bump(c.actors, actor)
	bump(c.reasons, reason)
	// Write the minute's entries once it is over.
	l.scheduleLocked(s, time.Until(time.Unix((k.minute+1)*60+1, 0)))
}

// scheduleLocked makes sure a flush is due within d; l.mu is held. A
// flush that fails keeps its counts and tries again a minute later.
func (l *refusalLog) scheduleLocked(s *Service, d time.Duration) {
	if l.timer != nil {
		return
	}
	l.timer = time.AfterFunc(max(d, time.Second), func() {
		l.mu.Lock()
		l.timer = nil
		l.mu.Unlock()
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if err := s.flushRefusals(ctx, false); err != nil {
			l.mu.Lock()
			l.scheduleLocked(s, time.Minute)
			l.mu.Unlock()
		}
	})
}

func bump(m map[string]int, k string) {
	if _, ok := m[k]; !ok && len(m) >= maxRefusalReasons {
		k = "(other)"
	}
	m[k]++
}

// FlushRefusals writes the refusals counted so far to the audit log, also
// those of the minute under way (a server calls it when it shuts down).
func (s *Service) FlushRefusals(ctx context.Context) error { return s.flushRefusals(ctx, true) }

// flushRefusals writes the counts of the minutes that are over (all with
// all), oldest first; a count that cannot be written is kept for the
// next flush.
func (s *Service) flushRefusals(ctx context.Context, all bool) error {
	l := &s.refusals
	now := s.now().UTC().Unix() / 60
	l.mu.Lock()
	var due []refusalKey
	for k := range l.pending {
		if all || k.minute < now {
			due = append(due, k)
		}
	}
	slices.SortFunc(due, func(a, b refusalKey) int {
		return cmp.Or(cmp.Compare(a.minute, b.minute), cmp.Compare(a.client, b.client))
	})
	counts := make([]*refusalCount, len(due))
	for i, k := range due {
		counts[i] = l.pending[k]
		delete(l.pending, k)
	}
	for m := range l.clients {
		if all || m < now {
			delete(l.clients, m)
		}
	}
	pendingLeft := len(l.pending) > 0
	l.mu.Unlock()
	var firstErr error
	for i, k := range due {
		err := s.st.AppendAudit(ctx, refusalEntry(k, counts[i]))
		if err != nil {
			firstErr = cmp.Or(firstErr, err)
			l.mu.Lock()
			if len(l.pending) >= 4*(cmp.Or(l.maxClients, maxRefusalClients)+1) {
				// The store has been failing for minutes: keep one
				// count per minute rather than one per client.
				k.client = otherClients
			}
			if old := l.pending[k]; old != nil {
				merge(old, counts[i])
			} else {
				l.pending[k] = counts[i]
			}
			l.mu.Unlock()
		}
	}
	if pendingLeft && !all {
		// Refusals of the minute under way: flush them when it is over.
		l.mu.Lock()
		l.scheduleLocked(s, time.Until(time.Unix((now+1)*60+1, 0)))
		l.mu.Unlock()
	}
	return firstErr
}

func merge(into, c *refusalCount) {
	into.n += c.n
	if c.first.Before(into.first) {
		into.first = c.first
	}
	for k, v := range c.status {
		into.status[k] += v
	}
	for k, v := range c.actors {
		into.actors[k] += v
	}
	for k, v := range c.reasons {
		into.reasons[k] += v
	}
}

// refusalEntry is the audit entry of one client's refusals in one minute,
// e.g. actor "(anonymous)", object "client/203.0.113.9", detail "1500
// requests refused 18:21–18:22 UTC: 401 ×1200, 429 ×300; auth: unknown
// token ×1200; rate limit: client ×300".
func refusalEntry(k refusalKey, c *refusalCount) store.Audit {
	from := time.Unix(k.minute*60, 0).UTC()
	var st []string
	for _, code := range slices.Sorted(maps.Keys(c.status)) {
		st = append(st, fmt.Sprintf("%d ×%d", code, c.status[code]))
	}
	detail := fmt.Sprintf("%d request%s refused %s–%s UTC: %s; %s", c.n, plural(c.n),
		from.Format("15:04"), from.Add(time.Minute).Format("15:04"), strings.Join(st, ", "), counted(c.reasons))
	return store.Audit{At: c.first, Actor: strings.Join(slices.Sorted(maps.Keys(c.actors)), ", "), Action: "refused",
		Object: "client/" + k.client, Detail: detail}
}

func counted(m map[string]int) string {
	var out []string
	for _, k := range slices.Sorted(maps.Keys(m)) {
		out = append(out, fmt.Sprintf("%s ×%d", k, m[k]))
	}
	return strings.Join(out, "; ")
}

func plural(n int) string {
	if n == 1 {
		return ""
	}
	return "s"
}
