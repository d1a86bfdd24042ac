package web_test

import (
	"encoding/json"
	"io"
	"log/slog"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/server"
)

// An exact code comes first in /v1/search, and a county-level code ranks
// above the townships whose codes start with it, in force or not (the
// township level is linked into this test binary, as in quhua serve).
func TestSearchExactCode(t *testing.T) {
	srv, err := server.New(server.Options{Registry: quhua.Default, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	for q, want := range map[string]string{
		"220381": "公主岭市", // retired in 2020; its old townships carry its prefix
		"220184": "公主岭市",
		"320611": "",
		"2203":   "",
	} {
		rec := httptest.NewRecorder()
		srv.Handler().ServeHTTP(rec, httptest.NewRequest("GET", "/v1/search?q="+q+"&limit=50", nil))
		if rec.Code != 200 {
			t.Fatalf("search %s: %d %s", q, rec.Code, rec.Body)
		}
		var res struct {
			Hits []struct{ Code, Name, Match string }
		}
		if err := json.Unmarshal(rec.Body.Bytes(), &res); err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) == 0 {
			t.Fatalf("search %s: no hits", q)
		}
		if first := res.Hits[0]; len(q) == 6 && (first.Code != q || first.Match != "exact") {
			t.Errorf("search %s: first hit %+v, want the exact code", q, first)
		} else if want != "" && first.Name != want {
			t.Errorf("search %s: first hit %s, want %s", q, first.Name, want)
		}
		sawTownship := false
		for _, h := range res.Hits {
			if !strings.HasPrefix(h.Code, q) {
				t.Errorf("search %s: hit %s does not start with the query", q, h.Code)
			}
			if len(h.Code) == 9 {
				sawTownship = true
			} else if sawTownship && h.Match != "exact" {
				t.Errorf("search %s: county-level %s ranked after a township", q, h.Code)
			}
		}
		if q == "220381" && !sawTownship {
			t.Errorf("search %s: none of its townships listed: %v", q, res.Hits)
		}
	}
}
