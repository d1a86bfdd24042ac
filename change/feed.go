package change

import (
	"bytes"
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"strconv"
	"sync"
	"sync/atomic"
	"time"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/changeset"
	"github.com/quhua/quhua/store"
)

// ReleaseNotice is the body of a "release.applied" feed event: what a
// subscriber needs to update its data, with the crosswalk to apply.
type ReleaseNotice struct {
	Version   string                   `json:"version"`
	Parent    string                   `json:"parent"`
	Changes   []ChangeNotice           `json:"changes"`
	Crosswalk []changeset.CrosswalkRow `json:"crosswalk"`
}

// ChangeNotice is one applied change in a release notice.
type ChangeNotice struct {
	ID    int64  `json:"id"`
	Title string `json:"title"`
	Date  string `json:"date"`
	// After, for a change dated by an interval, is its start: the change
	// happened after After and by Date.
	After     string               `json:"after,omitempty"`
	Documents []changeset.Document `json:"documents"`
}

func releaseBody(prev, next *quhua.Registry, version, parent string, applied []changeset.Applied) ReleaseNotice {
	n := ReleaseNotice{Version: version, Parent: parent, Changes: []ChangeNotice{}, Crosswalk: []changeset.CrosswalkRow{}}
	refs := map[string]bool{}
	for _, a := range applied {
		n.Changes = append(n.Changes, ChangeNotice{ID: a.ID, Title: a.Set.Title, Date: a.Set.Date, After: a.Set.After, Documents: a.Set.Documents})
		refs[fmt.Sprintf("change/%d", a.ID)] = true
	}
	for _, e := range next.Events() {
		if e.Authored && refs[e.Ref] {
			n.Crosswalk = append(n.Crosswalk, changeset.EventCrosswalk(next, e)...)
		}
	}
	return n
}

// FeedItem is a feed event as the API and webhooks send it. ID is stable:
// a receiver drops a delivery whose ID it has seen.
type FeedItem struct {
	ID      string          `json:"id"`
	Seq     int64           `json:"seq"`
	Type    string          `json:"type"`
	At      time.Time       `json:"at"`
	Release string          `json:"release,omitempty"`
	Change  int64           `json:"change,omitempty"`
	Data    json.RawMessage `json:"data"`
}

func itemOf(ev store.FeedEvent) FeedItem {
	data := json.RawMessage(ev.Body)
	if len(data) == 0 || !json.Valid(data) {
		data = json.RawMessage("null")
	}
	return FeedItem{ID: "quhua-feed-" + strconv.FormatInt(ev.Seq, 10), Seq: ev.Seq, Type: ev.Type, At: ev.At, Release: ev.Release, Change: ev.Change, Data: data}
}

// wake tells feed waiters and the webhook sender that there is news.
func (s *Service) wake() {
	s.feedMu.Lock()
	close(s.feedWake)
	s.feedWake = make(chan struct{})
	s.feedMu.Unlock()
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// Feed returns up to limit feed items after the cursor since. With wait
// > 0 and nothing new, it waits up to that long for news (long polling).
func (s *Service) Feed(ctx context.Context, p Principal, since int64, limit int, wait time.Duration) ([]FeedItem, error) {
	if err := s.Require(ctx, p, store.Viewer, "feed.read", "feed"); err != nil {
		return nil, err
	}
	if limit <= 0 || limit > 1000 {
		limit = 100
	}
	deadline := time.Now().Add(wait)
	for {
		s.feedMu.Lock()
		wake := s.feedWake
		s.feedMu.Unlock()
		evs, err := s.st.Feed(ctx, since, limit)
		if err != nil {
			return nil, err
		}
		if len(evs) > 0 || wait <= 0 || !time.Now().Before(deadline) {
			out := []FeedItem{}
			for _, ev := range evs {
				out = append(out, itemOf(ev))
			}
			return out, nil
		}
		// Wake on news from this process, and poll now and then for news
		// from other processes sharing the store.
		t := time.NewTimer(min(time.Until(deadline), time.Second))
		select {
		case <-ctx.Done():
			t.Stop()
			return nil, ctx.Err()
		case <-wake:
		case <-t.C:
		}
		t.Stop()
	}
}

type webhookConfig struct {
	client       *http.Client
	poll         time.Duration // how often to look for due deliveries
	backoff      time.Duration // first retry delay, doubled after each failure
	maxDelay     time.Duration
	timeout      time.Duration // of one delivery
	allowPrivate bool          // deliver to private, loopback … addresses too
}

var defaultWebhookConfig = webhookConfig{
	poll:     5 * time.Second,
	backoff:  time.Second,
	maxDelay: time.Hour,
	timeout:  10 * time.Second,
}

// WithWebhookAllowPrivate lets webhooks deliver to private, loopback,
// link-local and metadata addresses, which are refused otherwise (see
// webhook.go). It is for receivers on the operator's own network, and
// for tests.
func WithWebhookAllowPrivate(allow bool) Option {
	return func(s *Service) { s.webhook.allowPrivate = allow }
}

// WithWebhookTimeout sets how long one delivery may take (10 s by
// default).
func WithWebhookTimeout(d time.Duration) Option {
	return func(s *Service) { s.webhook.timeout = d }
}

// WithWebhookTiming sets how often deliveries are looked for and the first
// retry delay (doubled after each failure, up to maxDelay).
func WithWebhookTiming(poll, backoff, maxDelay time.Duration) Option {
	return func(s *Service) {
		s.webhook.poll, s.webhook.backoff, s.webhook.maxDelay = poll, backoff, maxDelay
	}
}

// Signature returns the value of the X-Quhua-Signature header for a body
// sent at timestamp ts (Unix seconds): "sha256=" and the hex HMAC-SHA256,
// keyed with the webhook's secret, of ts + "." + body. A receiver checks
// it with VerifySignature or VerifyRequest, which also refuse old
// timestamps.
func Signature(secret string, ts int64, body []byte) string {
	m := hmac.New(sha256.New, []byte(secret))
	fmt.Fprintf(m, "%d.", ts)
	m.Write(body)
	return "sha256=" + hex.EncodeToString(m.Sum(nil))
}

// AddWebhook subscribes url to the feed; deliveries are signed with
// secret, which must be at least MinWebhookSecret bytes long. With an
// empty secret, one is generated: the returned webhook holds it, and it
// is not shown again. The URL must be http or https, with a host and no
// fragment, and not of a private, loopback, link-local or metadata host
// unless the service allows them (see WithWebhookAllowPrivate). Its
// credentials, if any, are redacted in the audit log.
func (s *Service) AddWebhook(ctx context.Context, p Principal, url, secret string) (*store.Webhook, error) {
	if err := s.Require(ctx, p, store.Admin, "webhook.create", "webhook"); err != nil {
		return nil, err
	}
	if url == "" {
		return nil, errorf(Invalid, "a webhook needs a url")
	}
	if err := checkWebhookURL(url, s.webhook.allowPrivate); err != nil {
		return nil, err
	}
	if secret == "" {
		var err error
		if secret, err = newWebhookSecret(); err != nil {
			return nil, err
		}
	} else if len(secret) < MinWebhookSecret {
		return nil, errorf(Invalid, "the webhook secret is %d bytes long; it must have at least %d (or leave it out to have one generated)", len(secret), MinWebhookSecret)
	}
	w := &store.Webhook{URL: url, Secret: secret, Actor: nameOf(p), Created: s.now().UTC()}
	if err := s.st.CreateWebhook(ctx, w); err != nil {
		return nil, err
	}
	s.st.AppendAudit(ctx, store.Audit{At: s.now().UTC(), Actor: nameOf(p), Action: "webhook.create", Object: fmt.Sprintf("webhook/%d", w.ID), Detail: RedactURL(url)})
	return w, nil
}

// Webhooks lists the subscribers (admin only).
func (s *Service) Webhooks(ctx context.Context, p Principal) ([]store.Webhook, error) {
	if err := s.Require(ctx, p, store.Admin, "webhook.list", "webhook"); err != nil {
		return nil, err
	}
	return s.st.Webhooks(ctx)
}

// DeleteWebhook unsubscribes a webhook.
func (s *Service) DeleteWebhook(ctx context.Context, p Principal, id int64) error {
	if err := s.Require(ctx, p, store.Admin, "webhook.delete", fmt.Sprintf("webhook/%d", id)); err != nil {
		return err
	}
	if err := s.st.DeleteWebhook(ctx, id); err != nil {
		return err
	}
	return s.st.AppendAudit(ctx, store.Audit{At: s.now().UTC(), Actor: nameOf(p), Action: "webhook.delete", Object: fmt.Sprintf("webhook/%d", id)})
}

// RunWebhooks delivers queued feed events to the webhooks until ctx ends:
// each event at least once, in order for each receiver, retrying failures
// with exponential backoff. Receivers are served concurrently, so that a
// slow or hanging one delays only its own deliveries. It runs apart from
// applying: a receiver that is down never holds up a release.
func (s *Service) RunWebhooks(ctx context.Context) {
	var (
		mu       sync.Mutex
		inflight = map[int64]bool{} // webhooks with a delivery under way
		wg       sync.WaitGroup
	)
	defer wg.Wait()
	for ctx.Err() == nil {
		due, _ := s.st.DueDeliveries(ctx, s.now(), 100)
		for _, d := range due {
			mu.Lock()
			busy := inflight[d.Webhook.ID]
			inflight[d.Webhook.ID] = true
			mu.Unlock()
			if busy {
				continue
			}
			wg.Add(1)
			go func() {
				defer wg.Done()
				// Replicas sharing the store see the same due
				// deliveries: the one that claims a delivery sends it
				// (until the lease ends, when it is due again: at least
				// once, never twice while both run).
				lease := s.now().Add(s.webhook.client.Timeout + time.Minute)
				claimed, err := s.st.ClaimDelivery(ctx, d.ID, d.NextAt, lease)
				if err == nil && claimed {
					s.attempt(ctx, d)
				}
				mu.Lock()
				delete(inflight, d.Webhook.ID)
				mu.Unlock()
				if err != nil || !claimed {
					return
				}
				// The receiver's next event may be due now.
				select {
				case s.kick <- struct{}{}:
				default:
				}
			}()
		}
		t := time.NewTimer(s.webhook.poll)
		select {
		case <-ctx.Done():
		case <-s.kick:
		case <-t.C:
		}
		t.Stop()
	}
}

// DeliverDue makes one attempt at every due delivery, to each receiver
// concurrently, and returns how many succeeded.
func (s *Service) DeliverDue(ctx context.Context) (int, error) {
	due, err := s.st.DueDeliveries(ctx, s.now(), 100)
	if err != nil {
		return 0, err
	}
	var ok atomic.Int64
	var wg sync.WaitGroup
	for _, d := range due {
		// Replicas sharing the store see the same due deliveries: the
		// one that claims a delivery sends it.
		lease := s.now().Add(s.webhook.client.Timeout + time.Minute)
		if claimed, err := s.st.ClaimDelivery(ctx, d.ID, d.NextAt, lease); err != nil || !claimed {
			continue
		}
		wg.Add(1)
		go func() {
			defer wg.Done()
			if s.attempt(ctx, d) {
				ok.Add(1)
			}
		}()
	}
	wg.Wait()
	return int(ok.Load()), nil
}

// attempt makes one delivery attempt and records its outcome.
func (s *Service) attempt(ctx context.Context, d store.Delivery) bool {
	err := s.deliver(ctx, d)
	now := s.now()
	if err == nil {
		s.st.RecordAttempt(ctx, d.ID, true, now, "")
		return true
	}
	if ctx.Err() != nil {
		return false // shutting down: the delivery stays due
	}
	delay := s.webhook.backoff << min(d.Attempts, 30)
	if delay <= 0 || delay > s.webhook.maxDelay {
		delay = s.webhook.maxDelay
	}
	delay += time.Duration(rand.Int64N(int64(delay)/4 + 1)) // jitter
	s.st.RecordAttempt(ctx, d.ID, false, now.Add(delay), err.Error())
	return false
}

// deliver posts one event to its receiver. Its errors never hold the URL,
// which may hold credentials.
func (s *Service) deliver(ctx context.Context, d store.Delivery) error {
	item := itemOf(d.Event)
	body, err := json.Marshal(item)
	if err != nil {
		return err
	}
	ts := s.now().Unix()
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, d.Webhook.URL, bytes.NewReader(body))
	if err != nil {
		return fmt.Errorf("webhook %d: %v", d.Webhook.ID, unwrapURLError(err))
	}
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("User-Agent", "quhua-webhook")
	req.Header.Set("X-Quhua-Event-Id", item.ID)
	req.Header.Set("X-Quhua-Event-Type", item.Type)
	req.Header.Set("X-Quhua-Timestamp", strconv.FormatInt(ts, 10))
	req.Header.Set("X-Quhua-Signature", Signature(d.Webhook.Secret, ts, body))
	resp, err := s.webhook.client.Do(req)
	if err != nil {
		return fmt.Errorf("webhook %d: %v", d.Webhook.ID, unwrapURLError(err))
	}
	io.Copy(io.Discard, io.LimitReader(resp.Body, 1<<16))
	resp.Body.Close()
	if resp.StatusCode >= 300 && resp.StatusCode <= 399 {
		return fmt.Errorf("webhook %d: the receiver answered %s; redirects are not followed", d.Webhook.ID, resp.Status)
	}
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		return fmt.Errorf("webhook %d: the receiver answered %s", d.Webhook.ID, resp.Status)
	}
	return nil
}
