package server

import (
	"bytes"
	"compress/gzip"
	"encoding/json"
	"io"
	"net/http"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/api"
)

// TestCacheBudget fills a small cache: it stays within its budget, keeps
// what fits and never keeps an entry above an eighth of it.
func TestCacheBudget(t *testing.T) {
	c := newCache[int](64 << 10)
	small := bodyOf(bytes.Repeat([]byte("a"), 900))
	for i := range 1000 {
		c.put(i, small)
		if _, n := c.stats(); n > c.max {
			t.Fatalf("after %d entries: %d bytes, budget %d", i+1, n, c.max)
		}
	}
	if e, _ := c.stats(); e < 40 {
		t.Errorf("%d entries of %d bytes in a budget of %d", e, small.size(), c.max)
	}
	big := restBody(bytes.Repeat([]byte("b"), int(c.max/8)))
	c.put(-1, big)
	if _, ok := c.get(-1); ok {
		t.Error("an entry larger than an eighth of the budget was kept")
	}
	c.put(7, small)
	c.put(7, small)
	if _, n := c.stats(); n > c.max {
		t.Errorf("replacing an entry: %d bytes, budget %d", n, c.max)
	}
}

// TestDiffKey: dates between the same change points share one cache entry,
// and the answer is the same as rendering the diff in one piece.
func TestDiffKey(t *testing.T) {
	s := newTestServer(t)
	st := s.current()
	st.diffKey(0, 0)
	// Two dates strictly between two consecutive change points after 2016.
	var a, b quhua.Date
	for i := 1; i < len(st.diffPoints); i++ {
		p, q := st.diffPoints[i-1], st.diffPoints[i]
		if p.Year() >= 2016 && q.Time().Sub(p.Time()).Hours() > 72 {
			a, b = p.AddDays(1), p.AddDays(2)
			break
		}
	}
	if a == 0 {
		t.Fatal("no span of more than three days between change points")
	}
	for _, tc := range [][2]string{{"2015", a.String()}, {"2015-01-01", b.String()}, {b.String(), "2015"}, {"2019", "2020"}, {"2020", "2020"}} {
		from, to := quhua.MustParseDate(tc[0]), quhua.MustParseDate(tc[1])
		w := get(t, s, "/v1/diff?from="+tc[0]+"&to="+tc[1])
		if w.Code != http.StatusOK {
			t.Fatalf("%v: %d %s", tc, w.Code, w.Body)
		}
		want, err := json.Marshal(api.NewDiff(st.reg, st.reg.Diff(from, to)))
		if err != nil {
			t.Fatal(err)
		}
		want = withHorizon(want, st.horizon)
		if got := w.Body.Bytes(); !bytes.Equal(got, append(want, '\n')) {
			t.Errorf("%v: answer differs from the diff rendered whole (%d bytes, want %d)", tc, len(got), len(want)+1)
		}
		gz := get(t, s, "/v1/diff?from="+tc[0]+"&to="+tc[1], "Accept-Encoding", "gzip")
		if gz.Header().Get("Content-Encoding") == "gzip" {
			zr, err := gzip.NewReader(gz.Body)
			if err != nil {
				t.Fatal(err)
			}
			plain, err := io.ReadAll(zr)
			if err != nil || !bytes.Equal(plain, w.Body.Bytes()) {
				t.Errorf("%v: the gzip answer differs (%v)", tc, err)
			}
		}
		if nm := get(t, s, "/v1/diff?from="+tc[0]+"&to="+tc[1], "If-None-Match", w.Header().Get("ETag")); nm.Code != http.StatusNotModified {
			t.Errorf("%v: If-None-Match with the ETag: %d", tc, nm.Code)
		}
	}
	if st.diffKey(quhua.MustParseDate("2015"), a) != st.diffKey(quhua.MustParseDate("2015"), b) {
		t.Errorf("diffs to %s and %s have different keys", a, b)
	}
	// 2015 (its end) and 2015-01-01 differ by the events of 2015;
	// 2015→a and b→2015 share one entry.
	if e, _ := st.diff.stats(); e != 4 {
		t.Errorf("%d cached diffs, want 4", e)
	}
	// Different dates in one span: different ETags, as the dates in the
	// answer differ.
	e1 := get(t, s, "/v1/diff?from=2015&to="+a.String()).Header().Get("ETag")
	e2 := get(t, s, "/v1/diff?from=2015&to="+b.String()).Header().Get("ETag")
	if e1 == e2 {
		t.Errorf("same ETag %s for answers with different dates", e1)
	}
}
