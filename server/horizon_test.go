package server

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/quhua/quhua"
)

// TestHorizonHeaders: every API answer names the horizon; an answer dated
// after it says so in a header, and one within it does not.
func TestHorizonHeaders(t *testing.T) {
	s := newTestServer(t)
	ct := newContract(t, s)
	for _, tc := range []struct {
		target, beyond string
	}{
		{"/v1/divisions/110105?at=2025", ""},
		{"/v1/divisions/110105?at=2030", "2030-12-31"},
		{"/v1/divisions/110105", "2026-"}, // today, after the horizon
		{"/v1/divisions/653100/children?at=2026-06", "2026-06-30"},
		{"/v1/diff?from=2024&to=2025", ""},
		{"/v1/diff?from=2025&to=2026-06", "2026-06-30"},
		{"/v1/translate/500112?from=2024&to=2025", ""},
		{"/v1/translate/500112?from=2024&to=2027", "2027-12-31"},
		{"/v1/export/divisions?at=2030&format=csv", "2030-12-31"},
		{"/v1/version", ""},
	} {
		res, b := do(t, s, ct, "GET", tc.target, nil)
		if res.StatusCode != 200 {
			t.Errorf("%s: status %d\n%.500s", tc.target, res.StatusCode, b)
			continue
		}
		if got := res.Header.Get("Quhua-Horizon"); got != "2025-12-31" {
			t.Errorf("%s: Quhua-Horizon %q", tc.target, got)
		}
		got := res.Header.Get("Quhua-Beyond-Horizon")
		if tc.beyond == "" && got != "" || tc.beyond != "" && !strings.HasPrefix(got, tc.beyond) {
			t.Errorf("%s: Quhua-Beyond-Horizon %q, want %q", tc.target, got, tc.beyond)
		}
		if strings.Contains(string(b), `"beyondHorizon"`) != (tc.beyond != "" && !strings.Contains(tc.target, "export")) {
			t.Errorf("%s: beyondHorizon in the body: %v", tc.target, !(tc.beyond != ""))
		}
	}
}

// Every JSON answer object carries the registry's horizon, as the
// Quhua-Horizon header does.
func TestHorizonField(t *testing.T) {
	s := newTestServer(t)
	for _, path := range []string{"/v1/divisions/220184", "/v1/divisions/220100/children", "/v1/divisions/220184/history",
		"/v1/search?q=公主岭", "/v1/translate/220381?from=2019&to=2024", "/v1/diff?from=2019&to=2020", "/v1/events?year=2020",
		"/v1/stats/kinds", "/v1/identify/220381", "/v1/address?q=吉林省长春市", "/v1/plate/吉A", "/v1/version"} {
		w := get(t, s, path)
		if w.Code != 200 {
			t.Errorf("%s: %d %s", path, w.Code, w.Body)
			continue
		}
		var top map[string]any
		if err := json.Unmarshal(w.Body.Bytes(), &top); err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		if h, _ := top["horizon"].(string); h != quhua.Default().Horizon().String() || h != w.Header().Get("Quhua-Horizon") {
			t.Errorf("%s: horizon %v, header %q, want %s", path, top["horizon"], w.Header().Get("Quhua-Horizon"), quhua.Default().Horizon())
		}
	}
}
