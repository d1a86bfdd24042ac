package server

import (
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"
)

// cachedBytes sums the bytes of every answer kept by the state's caches.
func cachedBytes(st *state) int64 {
	var n int64
	add := func(b *body) { n += int64(len(b.json) + len(b.gz)) }
	for _, b := range st.division.m {
		add(b)
	}
	for _, b := range st.children.m {
		add(b)
	}
	for _, b := range st.history.m {
		add(b)
	}
	for _, b := range st.events.m {
		add(b)
	}
	for _, b := range st.event.m {
		add(b)
	}
	for _, b := range st.diff.m {
		add(b)
	}
	for _, b := range st.translate.m {
		add(b)
	}
	for _, b := range st.searches.m {
		add(b)
	}
	for _, b := range st.identify.m {
		add(b)
	}
	return n
}

func get(t *testing.T, s *Server, target string, hdr ...string) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(http.MethodGet, target, nil)
	for i := 0; i+1 < len(hdr); i += 2 {
		r.Header.Set(hdr[i], hdr[i+1])
	}
	w := httptest.NewRecorder()
	s.Handler().ServeHTTP(w, r)
	return w
}

// TestDiffCacheBounded asks for many distinct diffs spanning decades (a
// few MB each): the caches stay within their byte budget.
func TestDiffCacheBounded(t *testing.T) {
	s := newTestServer(t)
	for i := range 20 {
		target := fmt.Sprintf("/v1/diff?from=1981-01-%02d&to=2024-12-%02d", i%28+1, i/28+1)
		if w := get(t, s, target, "Accept-Encoding", "gzip"); w.Code != http.StatusOK {
			t.Fatalf("%s: %d %s", target, w.Code, w.Body)
		}
	}
	if n := cachedBytes(s.current()); n > 64<<20 {
		t.Errorf("caches hold %d MB after 20 diffs, more than the default budget of 64 MB", n>>20)
	}
}
