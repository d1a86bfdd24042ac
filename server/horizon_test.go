package server

import (
	"strings"
	"testing"
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
