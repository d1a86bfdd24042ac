//go:build unix

package towntest

import (
	"syscall"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/internal/evalset"
)

// BenchmarkParse parses the first evaluation set's addresses with the
// township level loaded and reports addresses per CPU-second (addr/cpu-s;
// the target is 1.2 million on one core: go test -run XXX -bench
// 'BenchmarkParse$' -cpu 1 ./address/towntest) and allocations.
func BenchmarkParse(b *testing.B) {
	items, err := evalset.Load("../../testdata/address/eval.tsv")
	if err != nil {
		b.Fatal(err)
	}
	p := parser()
	at := quhua.MustParseDate("2024")
	b.ReportAllocs()
	c0 := cpuSeconds()
	for i := 0; b.Loop(); i++ {
		p.Parse(items[i%len(items)].Input, at)
	}
	if c := cpuSeconds() - c0; c > 0 {
		b.ReportMetric(float64(b.N)/c, "addr/cpu-s")
	}
}

func cpuSeconds() float64 {
	var ru syscall.Rusage
	if err := syscall.Getrusage(syscall.RUSAGE_SELF, &ru); err != nil {
		return 0
	}
	return float64(ru.Utime.Nano()+ru.Stime.Nano()) / 1e9
}
