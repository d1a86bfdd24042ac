#!/bin/sh
# Measures the cost of the township level: the registry's load with
# townships against the county-only load, and a township lookup against a
# county lookup, in one run; then the instructions each takes, which the
# machine's load does not change.
#
#	bench/towncost/run.sh            # from the repository root
#	COUNT=10 bench/towncost/run.sh
#
# Goals (township/bench_test.go): load with townships under 30 ms and
# 20 MB live heap, township lookup under 50 ns. The instruction counts need
# valgrind; they are skipped without it.
set -eu
count=${COUNT:-5}
bin=$(mktemp -d)/township.test
trap 'rm -rf "$(dirname "$bin")"' EXIT
go test -c -o "$bin" ./township
cd township
"$bin" -test.run '^$' -test.bench 'Load(CountyOnly|WithTownships)$|Lookup$' -test.benchmem -test.cpu 1 -test.count "$count" |
	awk '/^Benchmark/ { n[$1]++; t[$1, n[$1]] = $3; m[$1] = $0 }
	END {
		for (b in n) {
			k = n[b]; for (i = 1; i <= k; i++) v[i] = t[b, i]
			for (i = 2; i <= k; i++) for (j = i; j > 1 && v[j-1] > v[j]; j--) { x = v[j]; v[j] = v[j-1]; v[j-1] = x }
			med[b] = k % 2 ? v[(k+1)/2] : (v[k/2] + v[k/2+1]) / 2
			printf "%-28s median %12.1f ns/op  min %12.1f  (%d runs)\n", b, med[b], v[1], k
		}
		if (med["BenchmarkLoadCountyOnly"] > 0)
			printf "load with townships / county-only: %.2f\n", med["BenchmarkLoadWithTownships"] / med["BenchmarkLoadCountyOnly"]
		if (med["BenchmarkCountyLookup"] > 0)
			printf "township lookup / county lookup: %.2f\n", med["BenchmarkTownshipLookup"] / med["BenchmarkCountyLookup"]
	}'
command -v valgrind >/dev/null || exit 0
# Instructions per operation: the difference between two run lengths, so
# that the setup cancels out. Go's asynchronous preemption signals upset
# callgrind; the counts do not depend on it.
irefs() {
	GODEBUG=asyncpreemptoff=1 valgrind --tool=callgrind --callgrind-out-file=/dev/null \
		"$bin" -test.run '^$' -test.bench "^$1\$" -test.benchtime "$2x" -test.cpu 1 2>&1 |
		sed -n 's/.*I *refs: *//p' | tr -d ,
}
for spec in BenchmarkLoadCountyOnly:1:11 BenchmarkLoadWithTownships:1:11 BenchmarkCountyLookup:1:5000001 BenchmarkTownshipLookup:1:5000001; do
	b=${spec%%:*} r=${spec#*:} lo=${r%:*} hi=${r#*:}
	a=$(irefs "$b" "$lo") z=$(irefs "$b" "$hi")
	echo "$b $(( (z - a) / (hi - lo) )) instructions/op"
done
