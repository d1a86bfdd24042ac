package change

import (
	"context"
	"testing"
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
