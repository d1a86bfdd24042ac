package address

import (
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/internal/evalset"
)

func loadEval(t testing.TB) []evalset.Item {
	t.Helper()
	items, err := evalset.Load("../testdata/address/eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	return items
}

func codeOf(p Part) string {
	if p.IsZero() {
		return ""
	}
	return p.Code.String()
}

// evalAt is the date the expected codes hold on.
var evalAt = quhua.MustParseDate("2024")

// TestEval measures accuracy per level and per family on the evaluation
// set and fails below 97% of rows fully right (province, prefecture and
// county as the source states them) or when a level drops below what the
// parser reached before.
func TestEval(t *testing.T) {
	items := loadEval(t)
	p := Default()
	var ok [3]int
	full := 0
	famN, famOK := map[string]int{}, map[string]int{}
	for _, it := range items {
		r := p.Parse(it.Input, evalAt)
		got := [3]string{codeOf(r.Province), codeOf(r.Prefecture), codeOf(r.County)}
		want := [3]string{it.Province, it.Prefecture, it.County}
		for l := range 3 {
			if got[l] == want[l] {
				ok[l]++
			}
		}
		for _, f := range it.Families {
			famN[f]++
			if got == want {
				famOK[f]++
			}
		}
		if got == want {
			full++
		} else {
			t.Logf("wrong [%s %v] %q: got %v, want %v", it.Source, it.Families, it.Input, got, want)
		}
	}
	n := len(items)
	pct := func(a, b int) float64 { return 100 * float64(a) / float64(b) }
	t.Logf("accuracy on %d addresses: fully right %d (%.1f%%); province %d (%.1f%%), prefecture %d (%.1f%%), county %d (%.1f%%)",
		n, full, pct(full, n), ok[0], pct(ok[0], n), ok[1], pct(ok[1], n), ok[2], pct(ok[2], n))
	for _, f := range []string{"0", "1", "2", "3", "4", "5", "7"} {
		if famN[f] > 0 {
			t.Logf("family %s: %d/%d fully right (%.1f%%)", f, famOK[f], famN[f], pct(famOK[f], famN[f]))
		}
	}
	if n < 490 {
		t.Errorf("the set has %d addresses, want at least 490", n)
	}
	if float64(full) < 0.97*float64(n) {
		t.Errorf("%d/%d fully right, below 97%%", full, n)
	}
	for l, min := range [3]float64{0.95, 0.90, 0.85} {
		if float64(ok[l]) < min*float64(n) {
			t.Errorf("level %d accuracy %d/%d below %.0f%%", l, ok[l], n, min*100)
		}
	}
}

// BenchmarkParse parses the first evaluation set's addresses at county
// level: a realistic mix of delivery, business and office addresses with
// names, phone numbers and postcodes. Besides ns/op and allocs/op (most
// parses allocate nothing; a rest with a phone number cut out, notes and
// candidates do) it reports addresses per CPU-second of the process
// (addr/cpu-s), which a busy machine disturbs less than the wall clock:
// the target is 1.5 million on one core, and 1.2 million with the
// township level (BenchmarkParse of package towntest):
//
//	go test -run XXX -bench 'BenchmarkParse$' -cpu 1 ./address ./address/towntest
//
// On a loaded machine neither figure holds still; the instructions per
// address do (valgrind --tool=cachegrind on the test binary, the
// difference of -test.benchtime 20000x and 2000x over 18,000).
func BenchmarkParse(b *testing.B) {
	items := loadEval(b)
	p := Default()
	b.ReportAllocs()
	c0 := cpuSeconds()
	for i := 0; b.Loop(); i++ {
		p.Parse(items[i%len(items)].Input, evalAt)
	}
	ReportCPU(b, c0)
}

// ReportCPU reports the addresses parsed per CPU-second since c0.
func ReportCPU(b *testing.B, c0 float64) {
	if c := cpuSeconds() - c0; c > 0 {
		b.ReportMetric(float64(b.N)/c, "addr/cpu-s")
	}
}

// BenchmarkParseClean parses addresses without noise.
func BenchmarkParseClean(b *testing.B) {
	in := []string{"长春市朝阳区西安大路289号", "北京市海淀区中关村大街1号", "广东省深圳市南山区科技园南路", "浙江省杭州市余杭区径山镇小古城村"}
	p := Default()
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p.Parse(in[i%len(in)], evalAt)
	}
}

func BenchmarkNew(b *testing.B) {
	reg := quhua.Default()
	for b.Loop() {
		if _, err := New(reg); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkParseParallel is BenchmarkParse on all cores: one Parser shared
// by every goroutine.
func BenchmarkParseParallel(b *testing.B) {
	items := loadEval(b)
	p := Default()
	b.ReportAllocs()
	b.RunParallel(func(pb *testing.PB) {
		i := 0
		for pb.Next() {
			p.Parse(items[i%len(items)].Input, evalAt)
			i++
		}
	})
}
