package server

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store"
)

func TestHTTPAuth(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "2019")
	admin := must(svc.CreateToken(ctx, change.Principal{}, "root", store.Admin))
	root := change.Principal{User: "root", Role: store.Admin}
	editor := must(svc.CreateToken(ctx, root, "li", store.Editor))
	viewer := must(svc.CreateToken(ctx, root, "v", store.Viewer))
	approver := must(svc.CreateToken(ctx, root, "wang", store.Approver))
	if _, err := svc.CreateToken(ctx, change.Principal{User: "li", Role: store.Editor}, "x", store.Admin); change.ErrorKindOf(err) != change.Forbidden {
		t.Errorf("editor creating tokens: %v", err)
	}
	toks, _ := svc.Store().Tokens(ctx)
	for _, tk := range toks {
		if strings.Contains(tk.Hash, "qh_") || tk.Hash == admin {
			t.Error("token stored in clear")
		}
	}
	srv := httptest.NewServer(NewChangeHandler(svc))
	defer srv.Close()
	do := func(method, path, token string, body any) (int, string) {
		var b strings.Reader
		if body != nil {
			j, _ := json.Marshal(body)
			b = *strings.NewReader(string(j))
		}
		req, _ := http.NewRequest(method, srv.URL+path, &b)
		if token != "" {
			req.Header.Set("Authorization", "Bearer "+token)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var m map[string]any
		json.NewDecoder(resp.Body).Decode(&m)
		if resp.StatusCode >= 400 && !strings.HasPrefix(resp.Header.Get("Content-Type"), "application/problem+json") {
			t.Errorf("%s %s: error with Content-Type %q", method, path, resp.Header.Get("Content-Type"))
		}
		return resp.StatusCode, fmt.Sprint(m["detail"])
	}
	if code, _ := do("GET", "/v1/changes/1/explode", admin, nil); code != 404 {
		t.Errorf("unknown action: %d", code)
	}
	if code, _ := do("PATCH", "/v1/changes/1/x/y", admin, nil); code != 404 {
		t.Errorf("unknown path: %d", code)
	}
	if code, _ := do("GET", "/v1/changes", "", nil); code != 401 {
		t.Errorf("no token: %d", code)
	}
	if code, _ := do("GET", "/v1/changes", "qh_wrong", nil); code != 401 {
		t.Errorf("bad token: %d", code)
	}
	if code, _ := do("POST", "/v1/changes", viewer, gongzhulingSet()); code != 403 {
		t.Errorf("viewer drafting: %d", code)
	}
	if code, d := do("POST", "/v1/changes", editor, map[string]any{"title": 1}); code != 400 {
		t.Errorf("bad body: %d %s", code, d)
	}
	// The whole flow through the client.
	cl := Client{URL: srv.URL, Token: editor}
	c := must(cl.Draft(ctx, gongzhulingSet()))
	must(cl.Submit(ctx, c.ID))
	if _, err := cl.Approve(ctx, c.ID); change.ErrorKindOf(err) != change.Forbidden {
		t.Errorf("editor approving over HTTP: %v", err)
	}
	ap := Client{URL: srv.URL, Token: approver}
	must(ap.Approve(ctx, c.ID))
	rel := must(ap.Apply(ctx, c.ID))
	if rel.Version != "2019+1" {
		t.Errorf("release %+v", rel)
	}
	if rs := must(cl.Releases(ctx)); len(rs) != 1 {
		t.Errorf("releases %+v", rs)
	}
	if ex := must(cl.Export(ctx, "2019+1")); len(ex.Changes) != 1 || ex.Changes[0].Set.Operations[0].NewCode != "220184" {
		t.Errorf("export %+v", ex)
	}
	if code, _ := do("GET", "/v1/audit", editor, nil); code != 403 {
		t.Errorf("editor reading the audit log: %d", code)
	}
	// Refusals over HTTP are counted per client and minute.
	if err := svc.FlushRefusals(ctx); err != nil {
		t.Fatal(err)
	}
	log := must(svc.AuditLog(ctx, root, 0, 0))
	refused := 0
	for _, a := range log {
		if a.Action == "refused" {
			var n int
			fmt.Sscan(a.Detail, &n)
			refused += n
		}
	}
	if refused < 5 {
		t.Errorf("%d refusals audited, want at least 5", refused)
	}
	// The feed, long-polled.
	var items []change.FeedItem
	req, _ := http.NewRequest("GET", srv.URL+"/v1/feed?since=0", nil)
	req.Header.Set("Authorization", "Bearer "+viewer)
	resp := must(http.DefaultClient.Do(req))
	json.NewDecoder(resp.Body).Decode(&items)
	resp.Body.Close()
	if len(items) == 0 || items[len(items)-1].Type != "release.applied" {
		t.Fatalf("feed %+v", items)
	}
	var notice change.ReleaseNotice
	json.Unmarshal(items[len(items)-1].Data, &notice)
	if len(notice.Crosswalk) != 1 || notice.Crosswalk[0].ToCode != "220184" || notice.Crosswalk[0].Status != "recoded" {
		t.Errorf("release notice %+v", notice)
	}
	if !json.Valid(ChangeOpenAPI()) {
		t.Error("OpenAPI fragment is not JSON")
	}
}

// TestFeedStreams follows the feed as Server-Sent Events and by long
// polling while a change goes through the workflow.
func TestFeedStreams(t *testing.T) {
	ctx := context.Background()
	svc := newService(t, "2019")
	token := must(svc.CreateToken(ctx, change.Principal{}, "reader", store.Admin))
	srv := httptest.NewServer(NewChangeHandler(svc))
	defer srv.Close()

	// Long poll: the request waits until something happens.
	polled := make(chan []change.FeedItem, 1)
	go func() {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/feed?since=0&wait=20s", nil)
		req.Header.Set("Authorization", "Bearer "+token)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			polled <- nil
			return
		}
		defer resp.Body.Close()
		var items []change.FeedItem
		json.NewDecoder(resp.Body).Decode(&items)
		polled <- items
	}()
	// Server-Sent Events.
	sctx, cancel := context.WithCancel(ctx)
	defer cancel()
	req, _ := http.NewRequestWithContext(sctx, "GET", srv.URL+"/v1/feed", nil)
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Accept", "text/event-stream")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); ct != "text/event-stream" {
		t.Fatalf("Content-Type %q", ct)
	}
	time.Sleep(50 * time.Millisecond)
	through(t, svc, gongzhulingSet())

	var events []string
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		if e, ok := strings.CutPrefix(sc.Text(), "event: "); ok {
			events = append(events, e)
			if e == "release.applied" {
				break
			}
		}
	}
	if want := []string{"change.submitted", "change.approved", "release.applied"}; !slices.Equal(events, want) {
		t.Errorf("SSE events %v, want %v", events, want)
	}
	select {
	case items := <-polled:
		if len(items) == 0 || items[0].Type != "change.submitted" || items[0].ID != "quhua-feed-1" {
			t.Errorf("long poll got %+v", items)
		}
	case <-time.After(10 * time.Second):
		t.Error("long poll did not return")
	}
}

// TestBearerScheme: the Authorization header must say Bearer; a bare
// secret, another scheme or an empty credential is 401.
func TestBearerScheme(t *testing.T) {
	svc := newService(t, "")
	ctx := context.Background()
	secret := must(svc.CreateToken(ctx, change.Principal{}, "root", store.Admin))
	srv := httptest.NewServer(NewChangeHandler(svc))
	defer srv.Close()
	for header, want := range map[string]int{
		"Bearer " + secret:       200,
		"bearer " + secret:       200,
		"  Bearer   " + secret:   200,
		secret:                   401,
		"Basic " + secret:        401,
		"Token " + secret:        401,
		"Bearer":                 401,
		"Bearer ":                401,
		"":                       401,
		"Bearer " + secret + "x": 401,
		"Bearer" + secret:        401,
	} {
		req, _ := http.NewRequest("GET", srv.URL+"/v1/tokens", nil)
		if header != "" {
			req.Header.Set("Authorization", header)
		}
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		res.Body.Close()
		if res.StatusCode != want {
			t.Errorf("Authorization %q: %d, want %d", header, res.StatusCode, want)
		}
	}
	if _, err := svc.AuthenticateHeader(ctx, secret); change.ErrorKindOf(err) != change.Unauthorized || !strings.Contains(err.Error(), "Bearer scheme") {
		t.Errorf("bare secret: %v", err)
	}
}

// TestWebhookCredentials: credentials in a webhook URL are used for
// deliveries but shown redacted in answers, the audit log and delivery
// errors.
func TestWebhookCredentials(t *testing.T) {
	ctx := context.Background()
	recv := newReceiver(t, hookSecret)
	svc := newService(t, "2019", change.WithWebhookAllowPrivate(true))
	admin := must(svc.CreateToken(ctx, change.Principal{}, "root", store.Admin))
	srv := httptest.NewServer(NewChangeHandler(svc))
	defer srv.Close()
	call := func(method, body string) string {
		req, _ := http.NewRequest(method, srv.URL+"/v1/webhooks", strings.NewReader(body))
		req.Header.Set("Authorization", "Bearer "+admin)
		resp := must(http.DefaultClient.Do(req))
		defer resp.Body.Close()
		b := must(io.ReadAll(resp.Body))
		if resp.StatusCode >= 300 {
			t.Fatalf("%s /v1/webhooks: %s %s", method, resp.Status, b)
		}
		return string(b)
	}
	withPass := strings.Replace(recv.URL, "http://", "http://hook:pa55word@", 1)
	withToken := strings.Replace(recv.URL, "http://", "http://t0kenVALUE@", 1)
	down := "http://user:d0wnpass@127.0.0.1:1/hook"
	var answers []string
	for _, u := range []string{withPass, withToken, down} {
		answers = append(answers, call("POST", `{"url":"`+u+`","secret":"`+hookSecret+`"}`))
	}
	answers = append(answers, call("GET", ""))
	c := must(svc.Draft(ctx, li, gongzhulingSet()))
	must(svc.Submit(ctx, li, c.ID))
	if n := must(svc.DeliverDue(ctx)); n != 2 {
		t.Errorf("%d deliveries, want 2", n)
	}
	recv.mu.Lock()
	auths := strings.Join(recv.auths, " ")
	recv.mu.Unlock()
	if !strings.Contains(auths, "hook:pa55word") || !strings.Contains(auths, "t0kenVALUE:") {
		t.Errorf("the receiver got credentials %q", auths)
	}
	var audit []string
	for _, a := range must(svc.AuditLog(ctx, root, 0, 0)) {
		audit = append(audit, a.Detail)
	}
	shown := strings.Join(answers, "\n") + strings.Join(audit, "\n") + strings.Join(lastErrors(t, svc), "\n")
	for _, secret := range []string{"pa55word", "t0kenVALUE", "d0wnpass", hookSecret} {
		if strings.Contains(shown, secret) {
			t.Errorf("%s is shown:\n%s", secret, shown)
		}
	}
	if !strings.Contains(shown, "hook:xxxxx@") || !strings.Contains(shown, "//xxxxx@") {
		t.Errorf("no redacted URL in\n%s", shown)
	}
	// A generated secret is shown once, in the answer that creates it.
	if b := call("POST", `{"url":"https://hooks.example.com/q"}`); !strings.Contains(b, `"secret": "qhw_`) {
		t.Errorf("no generated secret in %s", b)
	}
	if b := call("GET", ""); strings.Contains(b, "qhw_") {
		t.Errorf("the listing shows a secret: %s", b)
	}
}

// BenchmarkFloodRefused measures the cost of refusing a request of a
// client over its limit (429, counted for the audit log).
func BenchmarkFloodRefused(b *testing.B) {
	svc := newService(&testing.T{}, "2019")
	h := NewChangeHandler(svc, WithChangeLimits(ChangeLimits{ClientRate: 1.0 / 3600, ClientBurst: 1}))
	req := httptest.NewRequest("GET", "/v1/changes", nil)
	req.RemoteAddr = "203.0.113.9:4000"
	req.Header.Set("Authorization", "Bearer qh_wrong")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
	}
}
