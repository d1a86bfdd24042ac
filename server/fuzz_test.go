package server

import (
	"bytes"
	"encoding/json"
	"io"
	"net/http/httptest"
	"net/url"
	"strings"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// TestContractRejects makes sure the contract check has teeth: answers
// that do not match the document are caught.
func TestContractRejects(t *testing.T) {
	s := newTestServer(t)
	ct := newContract(t, s)
	_, good := do(t, s, ct, "GET", "/v1/divisions/220381?at=2019", nil)
	var m map[string]any
	json.Unmarshal(good, &m)
	for name, mutate := range map[string]func(map[string]any){
		"missing field": func(m map[string]any) { delete(m, "fullName") },
		"extra field":   func(m map[string]any) { m["surprise"] = 1 },
		"wrong type":    func(m map[string]any) { m["delegated"] = "yes" },
		"bad code":      func(m map[string]any) { m["code"] = "2203811" },
	} {
		c := map[string]any{}
		for k, v := range m {
			c[k] = v
		}
		mutate(c)
		b, _ := json.Marshal(c)
		inst, _ := jsonschema.UnmarshalJSON(bytes.NewReader(b))
		if err := ct.schema("#/components/schemas/Division").Validate(inst); err == nil {
			t.Errorf("%s: a wrong answer passed the contract", name)
		}
	}
}

// FuzzQuery hammers the parsing of paths and query parameters: whatever
// comes in, the answer is a documented status with a body that matches the
// OpenAPI document, and never a server error.
func FuzzQuery(f *testing.F) {
	for _, seed := range []string{
		"/v1/divisions/220381?at=2019", "/v1/divisions/220381?at=2020-06-05", "/v1/divisions/000000/children?at=1981",
		"/v1/divisions/220184/history?at=today", "/v1/search?q=公主岭&limit=5", "/v1/search?q=2203&at=1990-13",
		"/v1/translate/220381?from=2019&to=1985", "/v1/diff?from=2024&to=1981", "/v1/events?year=2020", "/v1/events/-1",
		"/v1/search?q=%ff%fe", "/v1/divisions/%E5%85%AC", "/v1/diff?from=9999-12-31&to=2019", "/v1/search?limit=0",
	} {
		f.Add(seed)
	}
	s := newTestServer(f)
	var ct *contract
	f.Fuzz(func(t *testing.T, target string) {
		if ct == nil {
			ct = newContract(t, s)
		}
		ct.t = t
		u, err := url.ParseRequestURI(target)
		if err != nil || !strings.HasPrefix(u.Path, "/v1/") || strings.HasPrefix(u.Path, "/v1/openapi") {
			return
		}
		req := httptest.NewRequest("GET", "/", nil)
		req.URL, req.RequestURI = u, u.RequestURI()
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		res := w.Result()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 500 {
			t.Fatalf("%s: %d %s", target, res.StatusCode, b)
		}
		if res.StatusCode >= 300 && res.StatusCode < 400 {
			return // the mux cleans paths with redirects
		}
		ct.check(t, "GET", req.URL.Path, res, b)
	})
}

// FuzzJSONBody hammers the JSON request bodies: malformed, oversized or
// odd input gets a documented client error, never a server error.
func FuzzJSONBody(f *testing.F) {
	for _, seed := range []string{
		`{"codes":["220381"],"from":"2019","to":"2024"}`, `{"codes":[`, `{"codes":[1]}`, `[]`, `null`, `{"from":"2019"} x`,
		`{"addresses":["吉林省公主岭市"],"at":"2019"}`, `{"number":"220381199001011235"}`, `{"number":"x","issued":"2000"}`, "",
	} {
		f.Add(0, seed)
		f.Add(1, seed)
		f.Add(2, seed)
	}
	s := newTestServer(f, func(o *Options) { o.MaxBodyBytes = 4096 })
	var ct *contract
	f.Fuzz(func(t *testing.T, which int, body string) {
		if ct == nil {
			ct = newContract(t, s)
		}
		ct.t = t
		path := []string{"/v1/translate", "/v1/address", "/v1/id"}[uint(which)%3]
		req := httptest.NewRequest("POST", path, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		w := httptest.NewRecorder()
		s.Handler().ServeHTTP(w, req)
		res := w.Result()
		b, _ := io.ReadAll(res.Body)
		if res.StatusCode >= 500 {
			t.Fatalf("%s %q: %d %s", path, body, res.StatusCode, b)
		}
		ct.check(t, "POST", path, res, b)
	})
}
