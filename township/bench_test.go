package township_test

import (
	"os"
	"runtime"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/internal/evalset"
	"github.com/quhua/quhua/snapshot"
	"github.com/quhua/quhua/township"
)

func countySnapshot(b *testing.B) []byte {
	snap, err := os.ReadFile("../snapshot.bin")
	if err != nil {
		b.Fatal(err)
	}
	return snap
}

// load is what quhua.Default does in a program importing package
// township: decode both snapshots (embedded, so read in place), merge
// them, build the registry.
func load(b *testing.B, county, town []byte) *quhua.Registry {
	c, err := snapshot.DecodeReadOnly(county)
	if err != nil {
		b.Fatal(err)
	}
	t, err := snapshot.DecodeReadOnly(town)
	if err != nil {
		b.Fatal(err)
	}
	d, err := snapshot.Merge(c, t)
	if err != nil {
		b.Fatal(err)
	}
	reg, err := quhua.Build(d)
	if err != nil {
		b.Fatal(err)
	}
	return reg
}

// BenchmarkLoadCountyOnly is the load without the township level, to set
// BenchmarkLoadWithTownships against in the same run.
func BenchmarkLoadCountyOnly(b *testing.B) {
	county := countySnapshot(b)
	build := func() *quhua.Registry {
		c, err := snapshot.DecodeReadOnly(county)
		if err != nil {
			b.Fatal(err)
		}
		reg, err := quhua.Build(c)
		if err != nil {
			b.Fatal(err)
		}
		return reg
	}
	b.ReportAllocs()
	for b.Loop() {
		build()
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	reg := build()
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(reg)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "live-MB")
}

// BenchmarkLoadWithTownships measures the first load of the registry with
// the township level, and reports the heap it keeps as live-MB. Goal:
// under 30 ms and 20 MB.
func BenchmarkLoadWithTownships(b *testing.B) {
	county := countySnapshot(b)
	td, err := township.Data()
	if err != nil {
		b.Fatal(err)
	}
	town := snapshot.Encode(td)
	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		load(b, county, town)
	}
	b.StopTimer()
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	reg := load(b, county, town)
	runtime.GC()
	runtime.ReadMemStats(&after)
	runtime.KeepAlive(reg)
	b.ReportMetric(float64(after.HeapAlloc-before.HeapAlloc)/(1<<20), "live-MB")
}

// BenchmarkLoadSteps measures the steps of BenchmarkLoadWithTownships
// apart: decoding each snapshot, merging them, building the registry (and
// building it from the county level alone, to set against).
func BenchmarkLoadSteps(b *testing.B) {
	county := countySnapshot(b)
	td, err := township.Data()
	if err != nil {
		b.Fatal(err)
	}
	town := snapshot.Encode(td)
	c, err := snapshot.DecodeReadOnly(county)
	if err != nil {
		b.Fatal(err)
	}
	d, err := snapshot.Merge(c, td)
	if err != nil {
		b.Fatal(err)
	}
	for _, step := range []struct {
		name string
		run  func() error
	}{
		{"DecodeCounty", func() error { _, err := snapshot.DecodeReadOnly(county); return err }},
		{"DecodeTownship", func() error { _, err := snapshot.DecodeReadOnly(town); return err }},
		{"Merge", func() error { _, err := snapshot.Merge(c, td); return err }},
		{"Build", func() error { _, err := quhua.Build(d); return err }},
		{"BuildCountyOnly", func() error { _, err := quhua.Build(c); return err }},
	} {
		b.Run(step.name, func(b *testing.B) {
			b.ReportAllocs()
			for b.Loop() {
				if err := step.run(); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

// BenchmarkTownshipLookup: a 9-digit code at a date, with its county.
// Goal: under 50 ns.
func BenchmarkTownshipLookup(b *testing.B) {
	v := quhua.Default().At(quhua.EndOfYear(2019))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := v.Lookup(220381103); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkCountyLookup: a county code at a date, to set the township
// lookup against in the same run.
func BenchmarkCountyLookup(b *testing.B) {
	v := quhua.Default().At(quhua.EndOfYear(2019))
	b.ReportAllocs()
	for b.Loop() {
		if _, ok := v.Lookup(220381); !ok {
			b.Fatal("not found")
		}
	}
}

// BenchmarkFindTownship: a township by name. Goal: under 2 µs. (The
// first query by name builds the name index with the townships; see
// BenchmarkFirstFind.)
func BenchmarkFindTownship(b *testing.B) {
	v := quhua.Default().At(quhua.NewDate(2023, 6, 30))
	v.Find("范家屯镇")
	b.ReportAllocs()
	for b.Loop() {
		if len(v.Find("范家屯镇")) != 1 {
			b.Fatal("not found")
		}
	}
}

// BenchmarkFindTownshipInCounty: a township by its county and name.
func BenchmarkFindTownshipInCounty(b *testing.B) {
	v := quhua.Default().At(quhua.NewDate(2023, 6, 30))
	v.Find("龙华区龙华街道")
	b.ReportAllocs()
	for b.Loop() {
		if len(v.Find("龙华区龙华街道")) != 1 {
			b.Fatal("not found")
		}
	}
}

// BenchmarkFirstFind: loading the registry with townships and answering a
// first query by name, which builds the name index including townships.
func BenchmarkFirstFind(b *testing.B) {
	county := countySnapshot(b)
	td, err := township.Data()
	if err != nil {
		b.Fatal(err)
	}
	town := snapshot.Encode(td)
	b.ReportAllocs()
	for b.Loop() {
		if len(load(b, county, town).At(quhua.NewDate(2023, 6, 30)).Find("范家屯镇")) != 1 {
			b.Fatal("not found")
		}
	}
}

// BenchmarkParseWithTownships parses the address evaluation set with the
// township level (each address also looked up for its township). Goal:
// still over 1,000,000 addresses a second per core.
func BenchmarkParseWithTownships(b *testing.B) {
	items, err := evalset.Load("../testdata/address/eval.tsv")
	if err != nil {
		b.Fatal(err)
	}
	p, err := address.New(quhua.Default())
	if err != nil {
		b.Fatal(err)
	}
	at := quhua.MustParseDate("2024")
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		p.Parse(items[i%len(items)].Input, at)
	}
}

// TestEvalWithTownships: the township level leaves the parser's county
// answers on the evaluation set as they are.
func TestEvalWithTownships(t *testing.T) {
	items, err := evalset.Load("../testdata/address/eval.tsv")
	if err != nil {
		t.Fatal(err)
	}
	f, err := os.Open("../snapshot.bin")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	county, err := quhua.Load(f)
	if err != nil {
		t.Fatal(err)
	}
	plain, err := address.New(county)
	if err != nil {
		t.Fatal(err)
	}
	towns, err := address.New(quhua.Default())
	if err != nil {
		t.Fatal(err)
	}
	at := quhua.MustParseDate("2024")
	changed := 0
	for _, it := range items {
		a, b := plain.Parse(it.Input, at), towns.Parse(it.Input, at)
		if a.Code() != 0 && a.Code() != b.Code() {
			changed++
			if changed <= 5 {
				t.Logf("%s: %s without townships, %s with", it.Input, a.Code(), b.Code())
			}
		}
	}
	// A township may settle an ambiguous county, never unsettle one.
	if changed > 0 {
		t.Fatalf("%d of %d county answers changed", changed, len(items))
	}
}
