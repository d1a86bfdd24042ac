#!/usr/bin/env bash
# Benchmark: quhua serve's memory under heavy answers (issue 22). Builds
# quhua, serves it on 127.0.0.1 and runs a 60-second mix of random diffs,
# the 28 MB township export fetched by 8 clients at once, and
# cache-busting lookups and searches; prints the server's peak RSS and the
# requests per second of each kind, with their statuses. The goal is a
# peak under 300 MB.
#
#   bash bench/memory/run.sh                       # 60 s, default limits
#   DURATION=20s bash bench/memory/run.sh          # a shorter run
#   bash bench/memory/run.sh -- --memory-limit off # flags for quhua serve
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
cd "$ROOT"
go build -o "$TMP/quhua" ./cmd/quhua
go build -o "$TMP/memory" ./bench/memory
"$TMP/memory" -bin "$TMP/quhua" -duration "${DURATION:-60s}" "$@"
