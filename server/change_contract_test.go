package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/quhua/quhua/change"
	"github.com/quhua/quhua/store"
	"github.com/quhua/quhua/store/open"
)

// gongzhuling is the change of 2020 that moved 公主岭市 from 四平市 to
// 长春市, drafted on the registry of 2019.
const gongzhuling = `{
  "title": "变更公主岭市代管关系",
  "date": "2020-06-05",
  "documents": [
    {
      "number": "国函〔2020〕84号",
      "title": "国务院关于同意吉林省变更县级公主岭市代管关系的批复（节选）",
      "date": "2020-06-05"
    }
  ],
  "operations": [
    {"type": "admin-parent", "code": "220381", "new_code": "220184", "parent": "220100"}
  ]
}`

// chaoyang renames a district that 公主岭市's change does not touch, so
// that both can be applied.
const chaoyang = `{
  "title": "朝阳区更名",
  "date": "2020-07-01",
  "documents": [{"number": "测试〔2020〕1号"}],
  "operations": [{"type": "rename", "code": "110105", "name": "朝阳新区"}]
}`

// broken is well formed but breaks the registry's rules: a draft may, a
// submission may not.
const broken = `{
  "title": "错误的变更",
  "date": "2020-08-01",
  "documents": [{"number": "测试〔2020〕2号"}],
  "operations": [{"type": "establish", "code": "220381", "name": "新公主岭市"}]
}`

// changeAPI is a client of a real server with the change workflow mounted
// on a real SQLite store; every answer is checked against the server's
// OpenAPI document.
type changeAPI struct {
	url string
	ct  *contract
	svc *change.Service
	// calls numbers the requests: each comes from its own client address
	// (X-Forwarded-For through a trusted proxy) unless it says otherwise,
	// so that only the requests meant to hit the rate limit do.
	calls int
}

// changeLimits are the rate limits of the contract test: a burst of 2 per
// client address, and the tokens, used all along, unhindered.
var changeLimits = ChangeLimits{ClientRate: 1.0 / 3600, ClientBurst: 2, TokenRate: 1000, TokenBurst: 1000,
	TrustedProxies: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32"), netip.MustParsePrefix("::1/128")}}

// newChangeAPI serves the change workflow as quhua serve does, on a store
// authoring on the registry of 2019, and returns a client and the secret
// of an admin token.
func newChangeAPI(t *testing.T) (*changeAPI, string) { return newChangeAPIMax(t, 0) }

// newChangeAPIMax is newChangeAPI with a bound on request bodies, as
// quhua serve --max-body sets it (0: the default).
func newChangeAPIMax(t *testing.T, maxBody int64) (*changeAPI, string) {
	ctx := context.Background()
	st, err := open.Store(ctx, filepath.Join(t.TempDir(), "quhua.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if err := change.SetBase(ctx, st, "2019"); err != nil {
		t.Fatal(err)
	}
	svc, err := change.New(ctx, st, change.WithReplay())
	if err != nil {
		t.Fatal(err)
	}
	admin, err := svc.CreateToken(ctx, change.Principal{}, "root", store.Admin)
	if err != nil {
		t.Fatal(err)
	}
	paths, comps, err := ParseOpenAPIFragment(ChangeOpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	var prefixes []string
	for _, p := range ChangePrefixes {
		if p = strings.TrimSuffix(p, "/"); !slices.Contains(prefixes, p) {
			prefixes = append(prefixes, p)
		}
	}
	s := newTestServer(t, func(o *Options) {
		o.Registry = svc.Registry
		o.MaxBodyBytes = maxBody
		o.Extra = []Mount{{Name: "change", Prefixes: prefixes, Streaming: []string{"/v1/feed"},
			Handler: NewChangeHandler(svc, ChangeMaxBody(maxBody), WithChangeLimits(changeLimits)), OpenAPIPaths: paths, OpenAPIComponents: comps}}
	})
	hs := httptest.NewServer(s.Handler())
	t.Cleanup(hs.Close)
	return &changeAPI{url: hs.URL, ct: newContract(t, s), svc: svc}, admin
}

// call sends a request with a token ("" for none) and a body ("" for
// none), checks that the answer has the status want and matches the
// document, and returns its body.
func (a *changeAPI) call(t *testing.T, want int, method, target, token, body string, hdr ...string) []byte {
	t.Helper()
	var rd io.Reader
	if body != "" {
		rd = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, a.url+target, rd)
	if err != nil {
		t.Fatal(err)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	a.calls++
	req.Header.Set("X-Forwarded-For", fmt.Sprintf("198.18.%d.%d", a.calls/250, a.calls%250+1))
	for i := 0; i+1 < len(hdr); i += 2 {
		req.Header.Set(hdr[i], hdr[i+1])
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	b, err := io.ReadAll(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	if res.StatusCode != want {
		t.Fatalf("%s %s: status %d, want %d\n%.1000s", method, target, res.StatusCode, want, b)
	}
	if want >= 400 && !strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
		t.Fatalf("%s %s: Content-Type %q, want application/problem+json", method, target, res.Header.Get("Content-Type"))
	}
	if want == http.StatusUnauthorized && res.Header.Get("WWW-Authenticate") == "" {
		t.Errorf("%s %s: 401 without WWW-Authenticate", method, target)
	}
	if want == http.StatusTooManyRequests {
		if s, err := strconv.Atoi(res.Header.Get("Retry-After")); err != nil || s < 1 {
			t.Errorf("%s %s: 429 with Retry-After %q", method, target, res.Header.Get("Retry-After"))
		}
	}
	a.ct.check(t, method, req.URL.Path, res, b)
	a.checkSchema(t, method, req.URL.Path, res, b)
	return b
}

// checkSchema validates a body against the schema the document gives for
// its operation, status and media type, also where the response or the
// schema is not a reference (contract.check validates references only):
// a list of changes, a webhook, a problem given as a shared response. An
// event stream's events are validated one by one.
func (a *changeAPI) checkSchema(t *testing.T, method, path string, res *http.Response, body []byte) {
	t.Helper()
	var tmpl string
	for _, p := range a.ct.paths {
		if p.re.MatchString(path) {
			tmpl = p.tmpl
			break
		}
	}
	m := strings.ToLower(method)
	if tmpl == "" || m == "head" || a.resolve("/paths/"+escapePointer(tmpl)+"/"+m) == nil {
		return // an unknown route, a HEAD or a 405: contract.check has checked it
	}
	ptr := "/paths/" + escapePointer(tmpl) + "/" + m + "/responses/" + strconv.Itoa(res.StatusCode)
	resp, ok := a.resolve(ptr).(map[string]any)
	if !ok {
		t.Fatalf("%s %s: no response %s", method, tmpl, ptr)
	}
	if ref, ok := resp["$ref"].(string); ok {
		ptr = strings.TrimPrefix(ref, "#")
		if resp, ok = a.resolve(ptr).(map[string]any); !ok {
			t.Fatalf("%s %s: %s does not resolve", method, tmpl, ref)
		}
	}
	content, _ := resp["content"].(map[string]any)
	mt, _, _ := strings.Cut(res.Header.Get("Content-Type"), ";")
	if content == nil {
		if len(body) > 0 {
			t.Fatalf("%s %s %d: the document gives no content, got %q: %.200s", method, tmpl, res.StatusCode, mt, body)
		}
		return
	}
	if _, ok := content[mt]; !ok {
		t.Fatalf("%s %s %d: media type %q not documented", method, tmpl, res.StatusCode, mt)
	}
	ref := ptr + "/content/" + escapePointer(mt) + "/schema"
	switch {
	case mt == "text/event-stream":
		// Each event's data is a feed item.
		ref = "/components/schemas/" + a.schemaName("FeedItem")
		sc := bufio.NewScanner(bytes.NewReader(body))
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				a.ct.validate(t, "#"+ref, []byte(data))
			}
		}
	case strings.HasSuffix(mt, "json"):
		a.ct.validate(t, "#"+ref, body)
	}
}

// schemaName is the name of a component schema of the change fragment in
// the merged document.
func (a *changeAPI) schemaName(n string) string {
	schemas := a.ct.doc["components"].(map[string]any)["schemas"].(map[string]any)
	if _, ok := schemas["change."+n]; ok {
		return "change." + n
	}
	return n
}

// resolve returns the value at a JSON pointer into the document.
func (a *changeAPI) resolve(ptr string) any {
	var v any = a.ct.doc
	for _, tok := range strings.Split(strings.TrimPrefix(ptr, "/"), "/") {
		m, ok := v.(map[string]any)
		if !ok {
			return nil
		}
		v = m[strings.NewReplacer("~1", "/", "~0", "~").Replace(tok)]
	}
	return v
}

func escapePointer(s string) string { return strings.NewReplacer("~", "~0", "/", "~1").Replace(s) }

// TestChangeContract exercises every operation of the change workflow's
// OpenAPI fragment through a real server, with its successes and its
// documented refusals, checks every answer against the document, and
// fails if the fragment documents a status that no request produced.
func TestChangeContract(t *testing.T) {
	a, admin := newChangeAPI(t)
	id := func(b []byte) string {
		var v struct {
			ID int64 `json:"id"`
		}
		if err := json.Unmarshal(b, &v); err != nil || v.ID == 0 {
			t.Fatalf("no id in %s", b)
		}
		return strconv.FormatInt(v.ID, 10)
	}
	field := func(b []byte, name string) any {
		var v map[string]any
		if err := json.Unmarshal(b, &v); err != nil {
			t.Fatalf("%v: %s", err, b)
		}
		return v[name]
	}
	has := func(b []byte, want ...string) {
		t.Helper()
		for _, w := range want {
			if !bytes.Contains(b, []byte(w)) {
				t.Errorf("answer lacks %s\n%.1500s", w, b)
			}
		}
	}

	// Tokens: the admin makes one per role.
	token := func(user, role string) string {
		b := a.call(t, 201, "POST", "/v1/tokens", admin, fmt.Sprintf(`{"user":%q,"role":%q}`, user, role))
		tok, _ := field(b, "token").(string)
		if tok == "" {
			t.Fatalf("no token in %s", b)
		}
		return tok
	}
	li, wang, view := token("li", "editor"), token("wang", "approver"), token("zhou", "viewer")
	a.call(t, 401, "POST", "/v1/tokens", "", `{"user":"x","role":"viewer"}`)
	a.call(t, 401, "POST", "/v1/tokens", "qh_not-a-token", `{"user":"x","role":"viewer"}`)
	a.call(t, 403, "POST", "/v1/tokens", li, `{"user":"x","role":"viewer"}`)
	has(a.call(t, 400, "POST", "/v1/tokens", admin, `{"user":"x","role":"god"}`), "unknown role")
	a.call(t, 400, "POST", "/v1/tokens", admin, `{"user":"","role":"viewer"}`)
	a.call(t, 400, "POST", "/v1/tokens", admin, `{"user":`)
	// Who a token stands for: the web UI offers the steps of its role.
	has(a.call(t, 200, "GET", "/v1/whoami", wang, ""), `"user": "wang"`, `"role": "approver"`)
	has(a.call(t, 200, "GET", "/v1/whoami", view, ""), `"user": "zhou"`, `"role": "viewer"`)
	a.call(t, 401, "GET", "/v1/whoami", "", "")
	a.call(t, 401, "GET", "/v1/whoami", "qh_not-a-token", "")
	a.call(t, 405, "POST", "/v1/whoami", li, "")

	// Tokens are normalised, expire, are listed and revoked; only the
	// Bearer scheme is accepted.
	has(a.call(t, 201, "POST", "/v1/tokens", admin, `{"user":" ZHAO ","role":"viewer","expires":"2099-01-01T00:00:00Z"}`),
		`"user": "zhao"`, `"expires": "2099-01-01T00:00:00Z"`, `"state": "active"`)
	has(a.call(t, 400, "POST", "/v1/tokens", admin, `{"user":"x","role":"viewer","expires":"tomorrow"}`), "RFC 3339")
	has(a.call(t, 400, "POST", "/v1/tokens", admin, `{"user":"x","role":"viewer","expires":"2001-01-01T00:00:00Z"}`), "not in the future")
	has(a.call(t, 400, "POST", "/v1/tokens", admin, `{"user":"a\u0000b","role":"viewer"}`), "control character")
	tb := a.call(t, 201, "POST", "/v1/tokens", admin, `{"user":"temp","role":"viewer"}`)
	temp, _ := field(tb, "token").(string)
	tempID := id(tb)
	a.call(t, 200, "GET", "/v1/changes", temp, "")
	a.call(t, 401, "GET", "/v1/changes", "", "", "Authorization", temp)
	a.call(t, 401, "GET", "/v1/changes", "", "", "Authorization", "Basic "+temp)
	has(a.call(t, 200, "GET", "/v1/tokens", admin, ""), `"user": "zhao"`, `"state": "active"`)
	a.call(t, 403, "GET", "/v1/tokens", li, "")
	a.call(t, 401, "GET", "/v1/tokens", "", "")
	a.call(t, 403, "DELETE", "/v1/tokens/"+tempID, li, "")
	a.call(t, 401, "DELETE", "/v1/tokens/"+tempID, "", "")
	has(a.call(t, 200, "DELETE", "/v1/tokens/"+tempID, admin, ""), `"state": "revoked"`)
	has(a.call(t, 409, "DELETE", "/v1/tokens/"+tempID, admin, ""), "revoked")
	a.call(t, 404, "DELETE", "/v1/tokens/999", admin, "")
	a.call(t, 400, "DELETE", "/v1/tokens/x", admin, "")
	has(a.call(t, 401, "GET", "/v1/changes", temp, ""), "revoked")

	// Listing.
	has(a.call(t, 200, "GET", "/v1/changes", view, ""), "[]")
	a.call(t, 401, "GET", "/v1/changes", "", "")
	has(a.call(t, 400, "GET", "/v1/changes?state=nope", view, ""), "unknown state")

	// A dry run of a change set that is not stored.
	has(a.call(t, 200, "POST", "/v1/changes/validate", view, gongzhuling), `"valid": true`, `"to_code": "220184"`)
	has(a.call(t, 200, "POST", "/v1/changes/validate", view, broken), `"valid": false`, `"rule": "overlap"`, `"id": "code-in-force"`,
		`"code": "220381"`, `"name": "公主岭市"`, `"message": "220381 is in force as 公主岭市 (`)
	// A violation's explanation is a message id with its parameters, a
	// parse error's too.
	has(a.call(t, 400, "POST", "/v1/changes/validate", view, `{"title":`), `"id":"parse-incomplete","params":{"line":"1"}`,
		`"message":"line 1: the JSON ends before the change set does"`)
	a.call(t, 401, "POST", "/v1/changes/validate", "", gongzhuling)
	// A change set past the body limit (1 MiB by default) is 413.
	big := "{" + strings.Repeat(" ", 1<<20) + gongzhuling[1:]
	has(a.call(t, 413, "POST", "/v1/changes/validate", view, big), "larger than 1048576 bytes", "urn:quhua:problem:too-large")
	// So are the small bodies past theirs (64 KiB).
	for _, p := range []string{"/v1/webhooks", "/v1/tokens", "/v1/releases", "/v1/changes/1/reject"} {
		has(a.call(t, 413, "POST", p, admin, big), "larger than 65536 bytes")
	}

	// Drafting.
	b := a.call(t, 201, "POST", "/v1/changes", li, gongzhuling)
	c1 := id(b)
	has(b, `"state": "draft"`, `"base": "2019"`, `"revision": 1`)
	a.call(t, 403, "POST", "/v1/changes", view, gongzhuling)
	a.call(t, 401, "POST", "/v1/changes", "", gongzhuling)
	a.call(t, 413, "POST", "/v1/changes", li, big)
	has(a.call(t, 400, "POST", "/v1/changes", li, `{"title":"x","date":"2020","documents":[],"operations":[],"bogus":1}`), "unknown field",
		`"id":"parse-unknown-field","params":{"line":"1","name":"bogus"}`)
	has(a.call(t, 400, "POST", "/v1/changes", li, strings.Replace(gongzhuling, `"220184"`, `"22018x"`, 1)), `"violations"`)
	c2 := id(a.call(t, 201, "POST", "/v1/changes", li, chaoyang))
	bad := id(a.call(t, 201, "POST", "/v1/changes", li, broken))
	stale := id(a.call(t, 201, "POST", "/v1/changes", li, gongzhuling))
	rejected := id(a.call(t, 201, "POST", "/v1/changes", li, gongzhuling))
	withdrawn := id(a.call(t, 201, "POST", "/v1/changes", li, gongzhuling))
	has(a.call(t, 200, "GET", "/v1/changes?state=draft", view, ""), `"id": `+c1)

	// Showing.
	has(a.call(t, 200, "GET", "/v1/changes/"+c1, view, ""), `"change_set"`, `国函〔2020〕84号`)
	a.call(t, 404, "GET", "/v1/changes/999", view, "")
	a.call(t, 400, "GET", "/v1/changes/x", view, "")
	a.call(t, 401, "GET", "/v1/changes/"+c1, "", "")

	// Editing, with the revision read.
	has(a.call(t, 200, "PUT", "/v1/changes/"+c1, li, gongzhuling, "If-Match", `"1"`), `"revision": 2`)
	has(a.call(t, 409, "PUT", "/v1/changes/"+c1, li, gongzhuling, "If-Match", `"1"`), "modified meanwhile")
	has(a.call(t, 403, "PUT", "/v1/changes/"+c1, wang, gongzhuling), "only the author")
	a.call(t, 403, "PUT", "/v1/changes/"+c1, view, gongzhuling)
	a.call(t, 400, "PUT", "/v1/changes/"+c1, li, gongzhuling, "If-Match", "abc")
	a.call(t, 400, "PUT", "/v1/changes/"+c1, li, `{`)
	a.call(t, 404, "PUT", "/v1/changes/999", li, gongzhuling)
	a.call(t, 401, "PUT", "/v1/changes/"+c1, "", gongzhuling)
	a.call(t, 413, "PUT", "/v1/changes/"+c1, li, big)

	// Validating a stored change.
	has(a.call(t, 200, "POST", "/v1/changes/"+c1+"/validate", view, ""), `"valid": true`)
	a.call(t, 404, "POST", "/v1/changes/999/validate", view, "")
	a.call(t, 400, "POST", "/v1/changes/x/validate", view, "")
	a.call(t, 401, "POST", "/v1/changes/"+c1+"/validate", "", "")

	// Submitting.
	has(a.call(t, 400, "POST", "/v1/changes/"+bad+"/submit", li, ""), "does not pass validation", `"violations"`)
	a.call(t, 403, "POST", "/v1/changes/"+c1+"/submit", view, "")
	has(a.call(t, 403, "POST", "/v1/changes/"+c1+"/submit", wang, ""), "only the author")
	for _, c := range []string{c1, c2, rejected} {
		has(a.call(t, 200, "POST", "/v1/changes/"+c+"/submit", li, ""), `"state": "submitted"`)
	}
	a.call(t, 409, "POST", "/v1/changes/"+c1+"/submit", li, "")
	a.call(t, 404, "POST", "/v1/changes/999/submit", li, "")
	a.call(t, 400, "POST", "/v1/changes/x/submit", li, "")
	a.call(t, 401, "POST", "/v1/changes/"+c1+"/submit", "", "")

	// Approving: never by the author.
	a.call(t, 403, "POST", "/v1/changes/"+c1+"/approve", li, "")
	for _, c := range []string{c1, c2} {
		has(a.call(t, 200, "POST", "/v1/changes/"+c+"/approve", wang, ""), `"approver": "wang"`, `"state": "approved"`)
	}
	a.call(t, 409, "POST", "/v1/changes/"+c1+"/approve", wang, "")
	a.call(t, 404, "POST", "/v1/changes/999/approve", wang, "")
	a.call(t, 400, "POST", "/v1/changes/x/approve", wang, "")
	a.call(t, 401, "POST", "/v1/changes/"+c1+"/approve", "", "")

	// Rejecting, with a reason.
	a.call(t, 403, "POST", "/v1/changes/"+rejected+"/reject", li, `{"reason":"no"}`)
	has(a.call(t, 200, "POST", "/v1/changes/"+rejected+"/reject", wang, `{"reason":"重复"}`), `"state": "rejected"`)
	a.call(t, 409, "POST", "/v1/changes/"+rejected+"/reject", wang, `{"reason":"again"}`)
	a.call(t, 404, "POST", "/v1/changes/999/reject", wang, "")
	a.call(t, 400, "POST", "/v1/changes/x/reject", wang, "")
	a.call(t, 401, "POST", "/v1/changes/"+rejected+"/reject", "", "")

	// Withdrawing: the author or an admin.
	a.call(t, 403, "POST", "/v1/changes/"+withdrawn+"/withdraw", wang, "")
	has(a.call(t, 200, "POST", "/v1/changes/"+withdrawn+"/withdraw", li, ""), `"state": "withdrawn"`)
	a.call(t, 409, "POST", "/v1/changes/"+withdrawn+"/withdraw", admin, "")
	a.call(t, 404, "POST", "/v1/changes/999/withdraw", li, "")
	a.call(t, 400, "POST", "/v1/changes/0/withdraw", li, "")
	a.call(t, 401, "POST", "/v1/changes/"+withdrawn+"/withdraw", "", "")

	// Applying one change.
	a.call(t, 403, "POST", "/v1/changes/"+c1+"/apply", li, "")
	a.call(t, 409, "POST", "/v1/changes/"+stale+"/apply", wang, "")
	has(a.call(t, 200, "POST", "/v1/changes/"+c1+"/apply", wang, ""), `"version": "2019+1"`, `"changes": [`)
	a.call(t, 409, "POST", "/v1/changes/"+c1+"/apply", wang, "")
	a.call(t, 404, "POST", "/v1/changes/999/apply", wang, "")
	a.call(t, 400, "POST", "/v1/changes/x/apply", wang, "")
	a.call(t, 401, "POST", "/v1/changes/"+c1+"/apply", "", "")

	// A change drafted before the release that touches the same code is
	// stale.
	has(a.call(t, 409, "POST", "/v1/changes/"+stale+"/submit", li, ""), `"rule":"stale"`)
	has(a.call(t, 200, "POST", "/v1/changes/"+stale+"/validate", view, ""), `"valid": false`, `"rule": "stale"`)
	has(a.call(t, 200, "GET", "/v1/changes?state=applied", view, ""), `"release": "2019+1"`)

	// Applying changes as one release.
	has(a.call(t, 201, "POST", "/v1/releases", wang, `{"changes":[`+c2+`]}`), `"version": "2019+2"`, `"parent": "2019+1"`)
	a.call(t, 409, "POST", "/v1/releases", wang, `{"changes":[`+c1+`]}`)
	a.call(t, 404, "POST", "/v1/releases", wang, `{"changes":[999]}`)
	has(a.call(t, 400, "POST", "/v1/releases", wang, `{"changes":[]}`), "name the approved changes")
	a.call(t, 400, "POST", "/v1/releases", wang, `{"change":[1]}`)
	a.call(t, 403, "POST", "/v1/releases", li, `{"changes":[`+c2+`]}`)
	a.call(t, 401, "POST", "/v1/releases", "", `{"changes":[`+c2+`]}`)

	// Releases.
	has(a.call(t, 200, "GET", "/v1/releases", view, ""), `"version": "2019+1"`, `"version": "2019+2"`)
	a.call(t, 401, "GET", "/v1/releases", "", "")
	has(a.call(t, 200, "GET", "/v1/releases/2019+1", view, ""), `"base": "2019"`, `"change_sets": [`, `国函〔2020〕84号`)
	if b := a.call(t, 200, "GET", "/v1/releases/2019+2?format=snapshot", view, ""); len(b) == 0 {
		t.Error("empty snapshot")
	}
	a.call(t, 400, "GET", "/v1/releases/2019+1?format=xml", view, "")
	a.call(t, 404, "GET", "/v1/releases/2019+9", view, "")
	a.call(t, 401, "GET", "/v1/releases/2019+1", "", "")

	// The feed: JSON, long-polled, and as Server-Sent Events.
	has(a.call(t, 200, "GET", "/v1/feed", view, ""), `"type": "change.submitted"`, `"type": "release.applied"`)
	has(a.call(t, 200, "GET", "/v1/feed?since=1000&wait=10ms", view, ""), "[]")
	has(a.call(t, 200, "GET", "/v1/feed?limit=1&wait=1s", view, "", "Accept", "text/event-stream"), "id: 1\n", "event: change.submitted\n")
	a.call(t, 400, "GET", "/v1/feed?since=x", view, "")
	a.call(t, 400, "GET", "/v1/feed", view, "", "Last-Event-ID", "-1")
	a.call(t, 400, "GET", "/v1/feed?wait=1h", view, "")
	a.call(t, 401, "GET", "/v1/feed", "", "")

	// Webhooks: secrets of at least 32 bytes, or generated; no private,
	// loopback, link-local or metadata receivers; credentials redacted.
	const secret = "s3cret-s3cret-s3cret-s3cret-s3cret"
	b = a.call(t, 201, "POST", "/v1/webhooks", admin, `{"url":"https://hooks.example.com/quhua","secret":"`+secret+`"}`)
	hook := id(b)
	if bytes.Contains(b, []byte(secret)) {
		t.Error("the webhook's secret is shown")
	}
	has(a.call(t, 201, "POST", "/v1/webhooks", admin, `{"url":"https://hook:pa55word@hooks.example.com/q"}`), `"secret": "qhw_`, `hook:xxxxx@`)
	has(a.call(t, 400, "POST", "/v1/webhooks", admin, `{"url":"ftp://x","secret":"`+secret+`"}`), "http://")
	has(a.call(t, 400, "POST", "/v1/webhooks", admin, `{"url":"http://169.254.169.254/latest","secret":"`+secret+`"}`), "metadata")
	has(a.call(t, 400, "POST", "/v1/webhooks", admin, `{"url":"http://127.0.0.1:9/hook","secret":"`+secret+`"}`), "loopback")
	has(a.call(t, 400, "POST", "/v1/webhooks", admin, `{"url":"https://hooks.example.com/q","secret":"s"}`), "at least 32")
	a.call(t, 400, "POST", "/v1/webhooks", admin, `{"url":`)
	a.call(t, 403, "POST", "/v1/webhooks", wang, `{"url":"https://hooks.example.com/quhua","secret":"`+secret+`"}`)
	a.call(t, 401, "POST", "/v1/webhooks", "", `{"url":"https://hooks.example.com/quhua","secret":"`+secret+`"}`)
	b = a.call(t, 200, "GET", "/v1/webhooks", admin, "")
	has(b, `"url": "https://hooks.example.com/quhua"`, `"url": "https://hook:xxxxx@hooks.example.com/q"`)
	if bytes.Contains(b, []byte("pa55word")) || bytes.Contains(b, []byte("qhw_")) {
		t.Errorf("the listing shows a credential or a secret: %s", b)
	}
	a.call(t, 403, "GET", "/v1/webhooks", wang, "")
	a.call(t, 401, "GET", "/v1/webhooks", "", "")
	a.call(t, 403, "DELETE", "/v1/webhooks/"+hook, wang, "")
	a.call(t, 401, "DELETE", "/v1/webhooks/"+hook, "", "")
	a.call(t, 204, "DELETE", "/v1/webhooks/"+hook, admin, "")
	a.call(t, 404, "DELETE", "/v1/webhooks/"+hook, admin, "")
	a.call(t, 400, "DELETE", "/v1/webhooks/x", admin, "")

	// The audit log, refusals included: counted per client and minute.
	if err := a.svc.FlushRefusals(context.Background()); err != nil {
		t.Fatal(err)
	}
	has(a.call(t, 200, "GET", "/v1/audit?limit=1000", admin, ""), `"action": "change.approve"`, `"action": "refused"`,
		`1 request refused`, `change.approve change/`)
	has(a.call(t, 200, "GET", "/v1/audit?since=1000", admin, ""), "[]")
	has(a.call(t, 200, "GET", "/v1/audit?since=1&limit=1", admin, ""), `"seq": 2`)
	a.call(t, 400, "GET", "/v1/audit?since=x", admin, "")
	a.call(t, 400, "GET", "/v1/audit?limit=-1", admin, "")
	a.call(t, 403, "GET", "/v1/audit", wang, "")
	a.call(t, 401, "GET", "/v1/audit", "", "")
	has(a.call(t, 200, "GET", "/v1/audit/verify", admin, ""), `"ok": true`, `"problems": []`)
	a.call(t, 403, "GET", "/v1/audit/verify", wang, "")
	a.call(t, 401, "GET", "/v1/audit/verify", "", "")

	// Unknown actions and paths under the workflow's prefixes are
	// problems too.
	a.call(t, 404, "POST", "/v1/changes/"+c1+"/frobnicate", li, "")
	a.call(t, 404, "GET", "/v1/releases/2019+1/x", view, "")

	// A path with a method it does not serve is a 405 problem, checked
	// against the document as for the server's own paths.
	for _, c := range [][2]string{{"DELETE", "/v1/changes"}, {"PATCH", "/v1/changes/" + c1}, {"GET", "/v1/changes/validate"},
		{"GET", "/v1/changes/" + c1 + "/submit"}, {"DELETE", "/v1/releases/2019+1"}, {"POST", "/v1/feed"},
		{"GET", "/v1/webhooks/1"}, {"PUT", "/v1/tokens"}, {"GET", "/v1/tokens/1"}, {"POST", "/v1/audit"}, {"POST", "/v1/audit/verify"}} {
		has(a.call(t, 405, c[0], c[1], admin, ""), "method-not-allowed")
	}
	a.call(t, 200, "HEAD", "/v1/changes/"+c1, view, "")

	// A client over its rate limit is answered 429 on every operation.
	paths, _, err := ParseOpenAPIFragment(ChangeOpenAPI())
	if err != nil {
		t.Fatal(err)
	}
	flood := []string{"X-Forwarded-For", "192.0.2.99"}
	for range changeLimits.ClientBurst {
		a.call(t, 401, "GET", "/v1/changes", "qh_not-a-token", "", flood...)
	}
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		target := strings.NewReplacer("{id}", c1, "{version}", "2019+1").Replace(p)
		for m := range paths[p].(map[string]any) {
			has(a.call(t, 429, strings.ToUpper(m), target, admin, "", flood...), "too many requests")
		}
	}

	// Every status the fragment documents was answered.
	for _, p := range slices.Sorted(maps.Keys(paths)) {
		for m, op := range paths[p].(map[string]any) {
			for status := range op.(map[string]any)["responses"].(map[string]any) {
				if !a.ct.covered[strings.ToUpper(m)+" "+p+" "+status] {
					t.Errorf("no request answered %s %s with %s", strings.ToUpper(m), p, status)
				}
			}
		}
	}
}
