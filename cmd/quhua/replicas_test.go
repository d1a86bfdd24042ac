package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"regexp"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/open"
	"github.com/quhua/quhua/store/storetest"
)

// startReplica runs "quhua serve" on the store at db as a process of its
// own and returns the address it serves on.
func startReplica(t *testing.T, exe, db string) string {
	t.Helper()
	cmd := exec.Command(exe, "serve", "--db", db, "--addr", "127.0.0.1:0", "--log-level", "warn", "--no-ui",
		"--webhook-allow-private", "--change-rate", "0", "--change-token-rate", "0")
	cmd.Env = append(os.Environ(), "QUHUA_DATA="+t.TempDir())
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var errb syncBuffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cmd.Process.Signal(syscall.SIGTERM)
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case err := <-done:
			if err != nil {
				t.Errorf("replica ended with %v\n%s", err, errb.String())
			}
		case <-time.After(20 * time.Second):
			cmd.Process.Kill()
			t.Errorf("replica did not shut down\n%s", errb.String())
		}
	})
	lines := make(chan string)
	go func() {
		sc := bufio.NewScanner(out)
		for sc.Scan() {
			lines <- sc.Text()
		}
		close(lines)
	}()
	re := regexp.MustCompile(`quhua: serving on (http://127\.0\.0\.1:\d+/)`)
	deadline := time.After(60 * time.Second)
	for {
		select {
		case l, ok := <-lines:
			if !ok {
				t.Fatalf("replica ended before serving:\n%s", errb.String())
			}
			if m := re.FindStringSubmatch(l); m != nil {
				go io.Copy(io.Discard, out)
				return strings.TrimSuffix(m[1], "/")
			}
		case <-deadline:
			t.Fatalf("replica printed no address:\n%s", errb.String())
		}
	}
}

// callReplica calls a replica and returns the status and the body.
func callReplica(t *testing.T, method, target, token, body string) (int, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, target, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, b
}

func rename(code, name string) string {
	return fmt.Sprintf(`{"title": "%s更名", "date": "2026-10-01", "documents": [{"number": "测试〔2026〕%s号"}],
		"operations": [{"type": "rename", "code": "%s", "name": "%s"}]}`, name, code, code, name)
}

// TestReplicas runs two quhua serve processes on one PostgreSQL database:
// two conflicting changes applied at once through the two replicas — one
// wins, the other is a 409; both replicas then serve the new release
// without a restart (they learn of it through LISTEN/NOTIFY); the feed
// is the same on both, each event once; and each webhook delivery is made
// once although both replicas send webhooks.
func TestReplicas(t *testing.T) {
	db := storetest.PostgresSchema(t)
	exe, err := exec.LookPath("quhua")
	if err != nil {
		t.Fatalf("the quhua command: %v", err)
	}
	ctx := context.Background()
	st, err := open.Store(ctx, db, "")
	if err != nil {
		t.Fatal(err)
	}
	svc, err := change.New(ctx, st)
	if err != nil {
		t.Fatal(err)
	}
	root, _ := svc.CreateToken(ctx, change.Principal{}, "root", store.Admin)
	admin := change.Principal{User: "root", Role: store.Admin}
	li, _ := svc.CreateToken(ctx, admin, "li", store.Editor)
	wang, _ := svc.CreateToken(ctx, admin, "wang", store.Approver)
	st.Close()

	var mu sync.Mutex
	got := map[string]int{}
	hook := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		got[r.Header.Get("X-Quhua-Event-Id")]++
		mu.Unlock()
	}))
	defer hook.Close()

	a, b := startReplica(t, exe, db), startReplica(t, exe, db)
	if code, body := callReplica(t, "POST", a+"/v1/webhooks", root, fmt.Sprintf(`{"url": %q, "secret": "%s"}`, hook.URL, strings.Repeat("s", 40))); code != 201 {
		t.Fatalf("webhook: %d %s", code, body)
	}

	// Two changes of one district, one through each replica.
	id := func(body []byte) string {
		var c struct{ ID int64 }
		json.Unmarshal(body, &c)
		return fmt.Sprint(c.ID)
	}
	draft := func(replica, cs string) string {
		code, body := callReplica(t, "POST", replica+"/v1/changes", li, cs)
		if code != 201 {
			t.Fatalf("draft: %d %s", code, body)
		}
		c := id(body)
		for _, step := range []struct{ action, token string }{{"submit", li}, {"approve", wang}} {
			if code, body := callReplica(t, "POST", replica+"/v1/changes/"+c+"/"+step.action, step.token, ""); code != 200 {
				t.Fatalf("%s %s: %d %s", step.action, c, code, body)
			}
		}
		return c
	}
	c1 := draft(a, rename("110105", "朝阳新区"))
	c2 := draft(b, rename("110105", "朝阳东区"))

	type answer struct {
		code int
		body []byte
	}
	answers := make([]answer, 2)
	var wg sync.WaitGroup
	start := make(chan struct{})
	for i, x := range []struct{ replica, id string }{{a, c1}, {b, c2}} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			<-start
			code, body := callReplica(t, "POST", x.replica+"/v1/changes/"+x.id+"/apply", wang, "")
			answers[i] = answer{code, body}
		}()
	}
	close(start)
	wg.Wait()
	win := -1
	for i, ans := range answers {
		switch ans.code {
		case 200, 201:
			if win >= 0 {
				t.Fatalf("both conflicting applies won: %s / %s", answers[0].body, answers[1].body)
			}
			win = i
		case 409:
		default:
			t.Fatalf("apply %d: %d %s", i, ans.code, ans.body)
		}
	}
	if win < 0 {
		t.Fatalf("no apply won: %s / %s", answers[0].body, answers[1].body)
	}
	var rel struct{ Version string }
	json.Unmarshal(answers[win].body, &rel)
	name := []string{"朝阳新区", "朝阳东区"}[win]

	// Both replicas serve the release, without a restart.
	serves := func(replica, code, want string) bool {
		_, body := callReplica(t, "GET", replica+"/v1/divisions/"+code+"?at=2026-12-31", "", "")
		return strings.Contains(string(body), want)
	}
	waitFor := func(what string, ok func() bool) {
		t.Helper()
		// Less than the 10 s polling interval: the replica learns of a
		// release from its notice.
		for deadline := time.Now().Add(5 * time.Second); !ok(); {
			if time.Now().After(deadline) {
				t.Fatalf("%s: not within 5 s", what)
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	for _, r := range []string{a, b} {
		waitFor(r+" serves release "+rel.Version, func() bool { return serves(r, "110105", name) })
	}
	// A release applied through one replica is served by the other,
	// which did nothing meanwhile.
	c3 := draft(a, rename("110106", "丰台新区"))
	if code, body := callReplica(t, "POST", a+"/v1/changes/"+c3+"/apply", wang, ""); code != 200 && code != 201 {
		t.Fatalf("apply %s: %d %s", c3, code, body)
	}
	waitFor("the other replica serves the next release", func() bool { return serves(b, "110106", "丰台新区") })

	// The feed is the same on both replicas, each event once.
	feed := func(replica string) []change.FeedItem {
		code, body := callReplica(t, "GET", replica+"/v1/feed?since=0&limit=1000", wang, "")
		if code != 200 {
			t.Fatalf("feed: %d %s", code, body)
		}
		var items []change.FeedItem
		if err := json.Unmarshal(body, &items); err != nil {
			t.Fatal(err)
		}
		return items
	}
	fa, fb := feed(a), feed(b)
	ja, _ := json.Marshal(fa)
	jb, _ := json.Marshal(fb)
	if string(ja) != string(jb) {
		t.Errorf("the replicas' feeds differ:\n%s\n%s", ja, jb)
	}
	seen := map[string]bool{}
	releases := 0
	for _, it := range fa {
		if seen[it.ID] {
			t.Errorf("event %s twice in the feed", it.ID)
		}
		seen[it.ID] = true
		if it.Type == "release.applied" {
			releases++
		}
	}
	if releases != 2 {
		t.Errorf("%d release.applied events, want 2", releases)
	}

	// Every event reaches the webhook, once, though both replicas deliver.
	waitDelivered := time.Now().Add(30 * time.Second)
	for {
		mu.Lock()
		n := len(got)
		mu.Unlock()
		if n >= len(fa) {
			break
		}
		if time.Now().After(waitDelivered) {
			t.Fatalf("%d of %d events delivered", n, len(fa))
		}
		time.Sleep(100 * time.Millisecond)
	}
	// Both replicas look for due deliveries every 5 s: give them time to
	// send one again if they would.
	time.Sleep(6 * time.Second)
	mu.Lock()
	defer mu.Unlock()
	for _, it := range fa {
		if got[it.ID] != 1 {
			t.Errorf("event %s delivered %d times", it.ID, got[it.ID])
		}
	}
}
