package quhua_test

import (
	"bytes"
	"runtime"
	"testing"

	"github.com/quhua/quhua"
)

// BenchmarkLoad measures the first load of the embedded registry: decoding
// the snapshot and building every index (what Default does once). It
// reports the heap the registry keeps as live-MB.
func BenchmarkLoad(b *testing.B) {
	snap := quhua.Default().Snapshot()
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		if _, err := quhua.Load(bytes.NewReader(snap)); err != nil {
			b.Fatal(err)
		}
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	reg, _ := quhua.Load(bytes.NewReader(snap))
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(reg)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "live-MB")
}

// BenchmarkLookup: a code at a date, with both parents.
func BenchmarkLookup(b *testing.B) {
	v := quhua.Default().At(quhua.MustParseDate("2019"))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := v.Lookup(220381); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkRecord: a code at a date, the record only.
func BenchmarkRecord(b *testing.B) {
	v := quhua.Default().At(quhua.MustParseDate("2019"))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := v.Record(220381); !ok {
			b.Fatal("not found")
		}
	}
}

func BenchmarkFind(b *testing.B) {
	v := quhua.Default().At(quhua.MustParseDate("2024"))
	for _, q := range []string{"公主岭市", "公主岭", "朝阳区", "吉林省长春市公主岭市"} {
		b.Run(q, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if len(v.Find(q)) == 0 {
					b.Fatal("not found")
				}
			}
		})
	}
}

func BenchmarkHistory(b *testing.B) {
	reg := quhua.Default()
	r, _ := reg.At(quhua.MustParseDate("2024")).Record(220184)
	b.ReportAllocs()
	for b.Loop() {
		if len(reg.History(r).Steps) == 0 {
			b.Fatal("no steps")
		}
	}
}

func BenchmarkTranslate(b *testing.B) {
	reg := quhua.Default()
	from, to := quhua.MustParseDate("2000"), quhua.MustParseDate("2024")
	b.ReportAllocs()
	for b.Loop() {
		if _, err := reg.Translate(220381, from, to); err != nil {
			b.Fatal(err)
		}
	}
}
