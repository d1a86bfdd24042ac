package server

import (
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/quhua/quhua"
)

// discard is a ResponseWriter that keeps nothing, so benchmarks measure the
// handler and not a recorder's buffers.
type discard struct{ h http.Header }

func (d *discard) Header() http.Header         { return d.h }
func (d *discard) Write(b []byte) (int, error) { return len(b), nil }
func (d *discard) WriteHeader(int)             {}

func bench(b *testing.B, target string) {
	s := newTestServer(b)
	h := s.Handler()
	req := httptest.NewRequest("GET", target, nil)
	w := &discard{h: http.Header{}}
	h.ServeHTTP(w, req)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		clear(w.h)
		h.ServeHTTP(w, req)
	}
}

func BenchmarkLookup(b *testing.B)   { bench(b, "/v1/divisions/220381?at=2019") }
func BenchmarkSearch(b *testing.B)   { bench(b, "/v1/search?q=公主岭") }
func BenchmarkHistory(b *testing.B)  { bench(b, "/v1/divisions/220184/history") }
func BenchmarkChildren(b *testing.B) { bench(b, "/v1/divisions/000000/children?at=2019") }

// BenchmarkSearchUncached measures the index scan itself, as for a query
// never seen before.
func BenchmarkSearchUncached(b *testing.B) {
	idx := newSearchIndex(quhua.Default())
	at := quhua.MustParseDate("2024")
	b.ReportAllocs()
	for b.Loop() {
		idx.search("朝阳", at, 10)
	}
}

// BenchmarkLookupUncached renders a division answer, as on a cache miss.
func BenchmarkLookupUncached(b *testing.B) {
	v := quhua.Default().At(quhua.MustParseDate("2019"))
	b.ReportAllocs()
	for b.Loop() {
		d, _ := v.Lookup(220381)
		newBody(division(d))
	}
}

func BenchmarkSearchPathUncached(b *testing.B) {
	idx := newSearchIndex(quhua.Default())
	at := quhua.MustParseDate("2024")
	b.ReportAllocs()
	for b.Loop() {
		idx.search("长春公主岭", at, 10)
	}
}
