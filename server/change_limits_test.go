package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestChangeMaxBody: the change API honours the server's body limit
// (quhua serve --max-body): a change set under it is read, one over it is
// refused with 413.
func TestChangeMaxBody(t *testing.T) {
	a, admin := newChangeAPIMax(t, 4<<20)
	pad := func(n int) string { return "{" + strings.Repeat(" ", n) + gongzhuling[1:] }
	b := a.call(t, 200, "POST", "/v1/changes/validate", admin, pad(2<<20))
	if !strings.Contains(string(b), `"valid": true`) {
		t.Errorf("a 2 MiB change set under a 4 MiB limit: %.300s", b)
	}
	b = a.call(t, 413, "POST", "/v1/changes/validate", admin, pad(5<<20))
	if !strings.Contains(string(b), "larger than 4194304 bytes") {
		t.Errorf("413 without the limit: %s", b)
	}
}

// TestProblemTypesOneScheme: both APIs name their problems in one scheme,
// urn:quhua:problem:SLUG.
func TestProblemTypesOneScheme(t *testing.T) {
	a, _ := newChangeAPI(t)
	for _, tc := range []struct {
		method, target string
		status         int
		slug           string
	}{
		{"GET", "/v1/events?year=%2B2019", 400, "invalid-parameter"},
		{"GET", "/v1/divisions/999999", 404, "unknown-code"},
		{"GET", "/v1/divisions/220381?at=2019%2F06", 400, "invalid-date"},
		{"POST", "/v1/diff", 405, "method-not-allowed"},
		{"GET", "/v1/changes", 401, "unauthorized"},
		{"DELETE", "/v1/changes", 405, "method-not-allowed"},
		{"GET", "/v1/nothing", 404, "unknown-route"},
	} {
		req, _ := http.NewRequest(tc.method, a.url+tc.target, nil)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var p struct{ Type string }
		err = json.NewDecoder(res.Body).Decode(&p)
		res.Body.Close()
		if err != nil || res.StatusCode != tc.status || p.Type != ProblemType(tc.slug) {
			t.Errorf("%s %s: %d %q, want %d %q (%v)", tc.method, tc.target, res.StatusCode, p.Type, tc.status, ProblemType(tc.slug), err)
		}
	}
}

// TestChangeAPIMasksIDNumbers: the change API's problems do not echo an ID
// number given in the path either.
func TestChangeAPIMasksIDNumbers(t *testing.T) {
	a, admin := newChangeAPI(t)
	n18 := idNumber(t, "22038119900101123")
	for _, target := range []string{"/v1/changes/" + n18, "/v1/changes/" + n18 + "/approve", "/v1/releases/" + n18} {
		method := "GET"
		if strings.HasSuffix(target, "/approve") {
			method = "POST"
		}
		req, _ := http.NewRequest(method, a.url+target, nil)
		req.Header.Set("Authorization", "Bearer "+admin)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		var p struct{ Detail string }
		json.NewDecoder(res.Body).Decode(&p)
		res.Body.Close()
		if res.StatusCode < 400 || strings.Contains(p.Detail, n18) || strings.Contains(p.Detail, "19900101") {
			t.Errorf("%s %s: %d %q", method, redact(target), res.StatusCode, redact(p.Detail))
		}
	}
}
