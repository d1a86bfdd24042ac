package change

import (
	"context"
	"net/http/httptest"
	"testing"

	"github.com/quhua/quhua"
)

// BenchmarkRegistry is what a server does on every request.
func BenchmarkRegistry(b *testing.B) {
	svc := newService(&testing.T{}, "2019")
	ctx := context.Background()
	c := must(svc.Draft(ctx, li, gongzhuling()))
	must(svc.Submit(ctx, li, c.ID))
	must(svc.Approve(ctx, wang, c.ID))
	must(svc.Apply(ctx, wang, c.ID))
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if svc.Registry() == nil {
			b.Fatal("no registry")
		}
	}
}

func BenchmarkValidate(b *testing.B) {
	base, _ := quhua.Build(Truncate(quhua.Default().Data(), quhua.EndOfYear(2019)))
	cs := gongzhuling()
	b.ReportAllocs()
	for b.Loop() {
		if !Validate(base, cs).Valid {
			b.Fatal("invalid")
		}
	}
}

// BenchmarkBuildRelease builds a release with every 2020 event re-entered.
func BenchmarkBuildRelease(b *testing.B) {
	up := quhua.Default()
	base := Truncate(up.Data(), quhua.EndOfYear(2019))
	var applied []Applied
	for i, e := range up.EventsOfYear(2020) {
		applied = append(applied, Applied{ID: int64(i + 1), Set: FromEvent(up, e)})
	}
	b.ReportAllocs()
	for b.Loop() {
		if _, err := Build(base, "2019+1", applied); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkFloodRefused measures the cost of refusing a request of a
// client over its limit (429, counted for the audit log).
func BenchmarkFloodRefused(b *testing.B) {
	svc := newService(&testing.T{}, "2019")
	h := NewHandler(svc, WithLimits(Limits{ClientRate: 1.0 / 3600, ClientBurst: 1}))
	req := httptest.NewRequest("GET", "/v1/changes", nil)
	req.RemoteAddr = "203.0.113.9:4000"
	req.Header.Set("Authorization", "Bearer qh_wrong")
	b.ReportAllocs()
	for b.Loop() {
		rec := httptest.NewRecorder()
		h.ServeHTTP(rec, req)
	}
}
