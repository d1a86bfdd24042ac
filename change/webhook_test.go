package change

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/quhua/quhua/store"
)

const hookSecret = "0123456789abcdef0123456789abcdef" // 32 bytes

var root = Principal{User: "root", Role: store.Admin}

// TestWebhookRegistration: only http and https URLs with a host, and no
// private, loopback, link-local or metadata host unless allowed; secrets
// of at least 32 bytes, or generated.
func TestWebhookRegistration(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "2019")
	for url, want := range map[string]string{
		"http://169.254.169.254/latest/meta-data/":         "cloud metadata",
		"http://metadata.google.internal/":                 "metadata service",
		"http://100.100.100.200/latest/meta-data":          "cloud metadata",
		"http://10.0.0.1/hook":                             "private address",
		"http://192.168.1.1/hook":                          "private address",
		"http://127.0.0.1:8080/v1/changes":                 "loopback address",
		"http://[::1]:8080/":                               "loopback address",
		"http://[::ffff:10.0.0.1]/":                        "private address",
		"http://0.0.0.0:8080/":                             "unspecified address",
		"http://224.0.0.1/":                                "multicast address",
		"http://[fe80::1]/":                                "link-local address",
		"http://localhost:8080/":                           "this host",
		"http://LOCALHOST./":                               "this host",
		"http://a.localhost/":                              "this host",
		"http:///x":                                        "no host",
		"http://:80/x":                                     "no host",
		"ftp://example.com/x":                              "http:// or https://",
		"mailto:a@example.com":                             "http:// or https://",
		"https://example.com/hook#part":                    "fragment",
		"https://example.com:99999/":                       "port",
		"https://example.com/" + strings.Repeat("x", 3000): "at most 2048",
	} {
		_, err := svc.AddWebhook(ctx, root, url, hookSecret)
		if ErrorKindOf(err) != Invalid || !strings.Contains(err.Error(), want) {
			t.Errorf("%.60s: %v, want an invalid request saying %q", url, err, want)
		}
	}
	for secret, want := range map[string]string{"x": "1 bytes long", strings.Repeat("s", 31): "at least 32"} {
		if _, err := svc.AddWebhook(ctx, root, "https://hooks.example.com/q", secret); ErrorKindOf(err) != Invalid || !strings.Contains(err.Error(), want) {
			t.Errorf("secret %q: %v", secret, err)
		}
	}
	w := must(svc.AddWebhook(ctx, root, "https://hooks.example.com/q", ""))
	if len(w.Secret) < MinWebhookSecret || !strings.HasPrefix(w.Secret, "qhw_") {
		t.Errorf("generated secret %q", w.Secret)
	}
	if w2 := must(svc.AddWebhook(ctx, root, "https://hooks.example.com/q", "")); w2.Secret == w.Secret {
		t.Error("the same secret generated twice")
	}
	must(svc.AddWebhook(ctx, root, "https://hooks.example.com/q", hookSecret))

	// The operator may allow private addresses.
	open := newService(t, "2019", WithWebhookAllowPrivate(true))
	for _, url := range []string{"http://127.0.0.1:8080/hook", "http://10.0.0.1/hook", "http://localhost:9/"} {
		if _, err := open.AddWebhook(ctx, root, url, hookSecret); err != nil {
			t.Errorf("%s with private addresses allowed: %v", url, err)
		}
	}
	if _, err := open.AddWebhook(ctx, root, "http:///x", hookSecret); ErrorKindOf(err) != Invalid {
		t.Errorf("a URL without a host with private addresses allowed: %v", err)
	}
}

func TestForbiddenAddr(t *testing.T) {
	for a, want := range map[string]bool{
		"8.8.8.8": false, "2001:4860:4860::8888": false, "203.0.114.1": false,
		"127.0.0.1": true, "127.8.8.8": true, "::1": true, "10.1.1.1": true, "172.16.0.1": true, "172.32.0.1": false,
		"192.168.0.1": true, "169.254.169.254": true, "169.254.1.1": true, "fe80::1": true, "fc00::1": true,
		"fd00:ec2::254": true, "0.0.0.0": true, "::": true, "0.1.2.3": true, "100.64.0.1": true,
		"100.100.100.200": true, "224.0.0.251": true, "ff02::1": true, "255.255.255.255": true,
		"::ffff:127.0.0.1": true, "64:ff9b::a00:1": true, "2002:a00:1::1": true, "64:ff9b::808:808": false,
	} {
		if got := forbiddenAddr(netip.MustParseAddr(a)) != ""; got != want {
			t.Errorf("%s: forbidden %v, want %v", a, got, want)
		}
	}
}

// receiver is a webhook receiver on loopback that records deliveries.
type receiver struct {
	*httptest.Server
	mu    sync.Mutex
	ids   []string
	auths []string
}

func newReceiver(t *testing.T, secret string) *receiver {
	r := &receiver{}
	r.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		if _, err := VerifyRequest(secret, req); err != nil {
			t.Errorf("delivery %s: %v", req.Header.Get("X-Quhua-Event-Id"), err)
		}
		u, p, _ := req.BasicAuth()
		r.mu.Lock()
		r.ids = append(r.ids, req.Header.Get("X-Quhua-Event-Id"))
		r.auths = append(r.auths, u+":"+p)
		r.mu.Unlock()
	}))
	t.Cleanup(r.Close)
	return r
}

func (r *receiver) got() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	return append([]string(nil), r.ids...)
}

// lastErrors returns the last errors of the undelivered deliveries.
func lastErrors(t *testing.T, svc *Service) []string {
	t.Helper()
	ds, err := svc.Store().DueDeliveries(context.Background(), time.Now().Add(1000*time.Hour), 100)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, d := range ds {
		out = append(out, d.LastError)
	}
	return out
}

// TestWebhookDeliveryChecksAddress: the address is checked when a
// delivery connects, after name resolution: a webhook whose name
// resolves to a loopback address (stored before the registration checks,
// or a name that resolved elsewhere when it was registered) gets nothing,
// unless private addresses are allowed.
func TestWebhookDeliveryChecksAddress(t *testing.T) {
	ctx := context.Background()
	recv := newReceiver(t, hookSecret)
	url := strings.Replace(recv.URL, "127.0.0.1", "localhost", 1)
	svc := newService(t, "2019", WithWebhookTimeout(2*time.Second))
	if err := svc.Store().CreateWebhook(ctx, &store.Webhook{URL: url, Secret: hookSecret, Actor: "root", Created: time.Now()}); err != nil {
		t.Fatal(err)
	}
	c := must(svc.Draft(ctx, li, gongzhuling()))
	must(svc.Submit(ctx, li, c.ID))
	if n := must(svc.DeliverDue(ctx)); n != 0 {
		t.Errorf("%d deliveries to localhost", n)
	}
	if got := recv.got(); len(got) != 0 {
		t.Errorf("the receiver on loopback got %v", got)
	}
	errs := lastErrors(t, svc)
	if len(errs) != 1 || !strings.Contains(errs[0], "refusing to connect to") || !strings.Contains(errs[0], "loopback address") {
		t.Errorf("last errors %q", errs)
	}
	// The same store, with private addresses allowed, the retry due now.
	ds := must(svc.Store().DueDeliveries(ctx, time.Now().Add(1000*time.Hour), 100))
	if err := svc.Store().RecordAttempt(ctx, ds[0].ID, false, time.Now(), ds[0].LastError); err != nil {
		t.Fatal(err)
	}
	open := must(New(ctx, svc.Store(), WithWebhookAllowPrivate(true)))
	if n := must(open.DeliverDue(ctx)); n != 1 {
		t.Errorf("%d deliveries with private addresses allowed, want 1", n)
	}
	if got := recv.got(); len(got) != 1 {
		t.Errorf("the receiver got %v", got)
	}
}

// TestWebhookRedirects: a redirect is a failed delivery, never followed
// with the signed body.
func TestWebhookRedirects(t *testing.T) {
	ctx := context.Background()
	target := newReceiver(t, hookSecret)
	redirect := httptest.NewServer(http.RedirectHandler(target.URL+"/stolen", http.StatusTemporaryRedirect))
	defer redirect.Close()
	svc := newService(t, "2019", WithWebhookAllowPrivate(true))
	must(svc.AddWebhook(ctx, root, redirect.URL, hookSecret))
	c := must(svc.Draft(ctx, li, gongzhuling()))
	must(svc.Submit(ctx, li, c.ID))
	if n := must(svc.DeliverDue(ctx)); n != 0 {
		t.Errorf("%d deliveries through a redirect", n)
	}
	if got := target.got(); len(got) != 0 {
		t.Errorf("the redirect was followed: %v", got)
	}
	if errs := lastErrors(t, svc); len(errs) != 1 || !strings.Contains(errs[0], "307") || !strings.Contains(errs[0], "redirects are not followed") {
		t.Errorf("last errors %q", errs)
	}
}

// TestSlowReceiver: a receiver that does not answer delays only its own
// deliveries.
func TestSlowReceiver(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	release := make(chan struct{})
	var hung atomic.Int64
	slow := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hung.Add(1)
		select {
		case <-release:
		case <-r.Context().Done():
		}
	}))
	defer slow.Close()
	defer close(release)
	fast := newReceiver(t, hookSecret)
	svc := newService(t, "2019", WithWebhookAllowPrivate(true),
		WithWebhookTiming(20*time.Millisecond, 10*time.Millisecond, 100*time.Millisecond))
	must(svc.AddWebhook(ctx, root, slow.URL, hookSecret))
	must(svc.AddWebhook(ctx, root, fast.URL, hookSecret))
	done := make(chan struct{})
	go func() { svc.RunWebhooks(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	through(t, svc, gongzhuling())
	// A hanging receiver holds a delivery for 10 s (the timeout): served
	// one after the other, the fast receiver would wait that long for
	// each of its events.
	deadline := time.Now().Add(8 * time.Second)
	for len(fast.got()) < 3 && time.Now().Before(deadline) {
		time.Sleep(10 * time.Millisecond)
	}
	if got := fast.got(); len(got) != 3 {
		t.Errorf("the fast receiver got %v while the slow one hung, want its 3 events", got)
	}
	if hung.Load() == 0 {
		t.Error("the slow receiver was never called")
	}
}

// TestVerifySignature: a receiver's check refuses a wrong signature, an
// old delivery (a replay) and one from the future.
func TestVerifySignature(t *testing.T) {
	body := []byte(`{"id":"quhua-feed-1"}`)
	now := time.Now()
	sig := func(ts time.Time) (int64, string) { return ts.Unix(), Signature(hookSecret, ts.Unix(), body) }
	ts, s := sig(now)
	if err := VerifySignature(hookSecret, ts, body, s); err != nil {
		t.Errorf("a fresh delivery: %v", err)
	}
	if err := VerifySignature("another secret of thirty-two bytes", ts, body, s); !errors.Is(err, ErrSignature) {
		t.Errorf("another secret: %v", err)
	}
	if err := VerifySignature(hookSecret, ts, []byte(`{"id":"quhua-feed-2"}`), s); !errors.Is(err, ErrSignature) {
		t.Errorf("another body: %v", err)
	}
	if err := VerifySignature(hookSecret, ts+1, body, s); !errors.Is(err, ErrSignature) {
		t.Errorf("another timestamp: %v", err)
	}
	ts, s = sig(now.Add(-6 * time.Minute))
	if err := VerifySignature(hookSecret, ts, body, s); !errors.Is(err, ErrTimestamp) || !strings.Contains(err.Error(), "6m0s ago") {
		t.Errorf("a delivery of 6 minutes ago: %v", err)
	}
	if err := VerifySignatureAt(hookSecret, ts, body, s, now, 10*time.Minute); err != nil {
		t.Errorf("with a tolerance of 10 minutes: %v", err)
	}
	ts, s = sig(now.Add(4 * time.Minute))
	if err := VerifySignature(hookSecret, ts, body, s); !errors.Is(err, ErrTimestamp) || !strings.Contains(err.Error(), "future") {
		t.Errorf("a delivery from the future: %v", err)
	}
	ts, s = sig(now.Add(20 * time.Second))
	if err := VerifySignature(hookSecret, ts, body, s); err != nil {
		t.Errorf("a delivery 20 s ahead (clock skew): %v", err)
	}
	req := httptest.NewRequest("POST", "/hook", strings.NewReader(string(body)))
	req.Header.Set("X-Quhua-Signature", s)
	if _, err := VerifyRequest(hookSecret, req); !errors.Is(err, ErrTimestamp) {
		t.Errorf("a request without a timestamp: %v", err)
	}
}
