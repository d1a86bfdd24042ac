package server

import (
	"encoding/json"
	"net/http"
	"strings"
	"testing"
)

// TestStrictDates: every date the API reads, in a query or in a body,
// follows the one grammar (YYYY, YYYY-MM or YYYY-MM-DD); anything else is
// a problem naming the parameter and what is wrong. Years (?year=) are
// plain digits.
func TestStrictDates(t *testing.T) {
	s := newTestServer(t)
	ct := newContract(t, s)
	bad := map[string]string{
		"+2019":      "no sign",
		"2019/06/05": `separate year, month and day with \"-\"`,
		"20190605":   "write 20190605 as 2019-06-05",
		" 2019":      "spaces",
		"2019-6-5":   "two digits each",
	}
	esc := func(v string) string { return strings.NewReplacer("+", "%2B", " ", "%20", "/", "%2F").Replace(v) }
	for v, want := range bad {
		for _, tc := range []struct{ method, target, body, param string }{
			{"GET", "/v1/divisions/220381?at=" + esc(v), "", "at"},
			{"GET", "/v1/divisions/000000/children?at=" + esc(v), "", "at"},
			{"GET", "/v1/divisions/220381/history?at=" + esc(v), "", "at"},
			{"GET", "/v1/search?q=公主岭&at=" + esc(v), "", "at"},
			{"GET", "/v1/diff?from=" + esc(v) + "&to=2020", "", "from"},
			{"GET", "/v1/diff?from=2019&to=" + esc(v), "", "to"},
			{"GET", "/v1/translate/220381?from=" + esc(v), "", "from"},
			{"GET", "/v1/identify/220381?at=" + esc(v), "", "at"},
			{"GET", "/v1/address?q=吉林省公主岭市&at=" + esc(v), "", "at"},
			{"POST", "/v1/translate", `{"codes":["220381"],"from":"` + v + `"}`, "from"},
			{"POST", "/v1/translate", `{"codes":["220381"],"from":"2019","to":"` + v + `"}`, "to"},
			{"POST", "/v1/address", `{"addresses":["吉林省公主岭市"],"at":"` + v + `"}`, "at"},
			{"POST", "/v1/id", `{"number":"22038119900101123X","issued":"` + v + `"}`, "issued"},
		} {
			var body *strings.Reader
			if tc.body != "" {
				body = strings.NewReader(tc.body)
			}
			var res *http.Response
			var b []byte
			if body != nil {
				res, b = do(t, s, ct, tc.method, tc.target, body, "Content-Type", "application/json")
			} else {
				res, b = do(t, s, ct, tc.method, tc.target, nil)
			}
			if res.StatusCode != http.StatusBadRequest && res.StatusCode != http.StatusUnprocessableEntity {
				t.Errorf("%s %s: %d, want 400 or 422: %.200s", tc.method, tc.target, res.StatusCode, b)
				continue
			}
			var p struct{ Type, Detail, Param string }
			json.Unmarshal(b, &p)
			if !strings.HasSuffix(p.Type, "invalid-date") || p.Param != tc.param || !strings.Contains(string(b), want) {
				t.Errorf("%s %s: %s, want invalid-date of %s saying %s", tc.method, tc.target, b, tc.param, want)
			}
		}
	}
	for _, y := range []string{"%2B2019", "2019%20", "02019", "-1"} {
		res, b := do(t, s, ct, "GET", "/v1/events?year="+y, nil)
		if res.StatusCode != http.StatusBadRequest {
			t.Errorf("/v1/events?year=%s: %d %.200s", y, res.StatusCode, b)
		}
	}
	if res, b := do(t, s, ct, "GET", "/v1/divisions/220381?at=2019-06-05", nil); res.StatusCode != http.StatusOK {
		t.Errorf("at=2019-06-05: %d %.200s", res.StatusCode, b)
	}
}

// TestOperationsMethods: /healthz, /readyz and /metrics answer GET and
// HEAD; anything else is a 405 with Allow.
func TestOperationsMethods(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/healthz", "/readyz", "/metrics"} {
		for _, m := range []string{"GET", "HEAD"} {
			if res, _ := do(t, s, nil, m, path, nil); res.StatusCode != http.StatusOK {
				t.Errorf("%s %s: %d", m, path, res.StatusCode)
			}
		}
		for _, m := range []string{"POST", "PUT", "DELETE", "PATCH"} {
			res, b := do(t, s, nil, m, path, nil)
			if res.StatusCode != http.StatusMethodNotAllowed || res.Header.Get("Allow") != "GET, HEAD" ||
				!strings.HasPrefix(res.Header.Get("Content-Type"), "application/problem+json") {
				t.Errorf("%s %s: %d, Allow %q: %s", m, path, res.StatusCode, res.Header.Get("Allow"), b)
			}
		}
	}
}
