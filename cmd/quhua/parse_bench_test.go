package main

import (
	"io"
	"strings"
	"testing"

	"github.com/quhua/quhua"
	"github.com/quhua/quhua/address"
	"github.com/quhua/quhua/internal/evalset"
)

// parseFileLines is 100,000 lines of the evaluation sets' addresses.
func parseFileLines(b *testing.B) []string {
	b.Helper()
	var inputs []string
	for _, path := range []string{"../../testdata/address/eval.tsv", "../../testdata/address/eval2.tsv"} {
		items, err := evalset.Load(path)
		if err != nil {
			b.Fatal(err)
		}
		for _, it := range items {
			inputs = append(inputs, strings.ReplaceAll(it.Input, "\n", " "))
		}
	}
	lines := make([]string, 100_000)
	for i := range lines {
		lines[i] = inputs[i%len(inputs)]
	}
	return lines
}

// BenchmarkParseFile measures `quhua parse --file` on 100,000 lines (the
// batch path: read a line, parse, write a TSV row) against the library's
// Parse on the same lines, in the same run, and reports the ratio of the
// two per-address costs (cli/lib; the target is at most 1.5). Both run on
// one goroutine; the ratio holds steadier on a busy machine than either
// time.
func BenchmarkParseFile(b *testing.B) {
	lines := parseFileLines(b)
	text := strings.Join(lines, "\n") + "\n"
	p := address.Default()
	at := quhua.MustParseDate("2024")
	var cli, lib float64
	for b.Loop() {
		c0 := cpuSeconds()
		for _, l := range lines {
			p.Parse(l, at)
		}
		c1 := cpuSeconds()
		if err := parseLines(io.Discard, strings.NewReader(text), p, at, false); err != nil {
			b.Fatal(err)
		}
		c2 := cpuSeconds()
		lib += c1 - c0
		cli += c2 - c1
	}
	n := float64(b.N * len(lines))
	if lib > 0 {
		b.ReportMetric(cli/lib, "cli/lib")
		b.ReportMetric(cli/n*1e9, "cli-cpu-ns/line")
		b.ReportMetric(lib/n*1e9, "lib-cpu-ns/line")
	}
}
