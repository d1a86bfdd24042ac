#!/usr/bin/env bash
# Benchmark: quhua recode --from-column year (each row's source date from a
# column: a panel) against --from auto on the same file, and both against
# cp of the file, all from an in-memory file system.
#
#   bash bench/recode/panel.sh                 # 5 million rows, 3 runs each
#   ROWS=1000000 REPEAT=5 bash bench/recode/panel.sh
#   REF=/path/to/other/quhua bash bench/recode/panel.sh  # also cmp the outputs
#   BIN=/path/to/other/quhua bash bench/recode/panel.sh  # measure that binary
#
# The machine may be loaded: the figures are CPU time (user + system, from
# /usr/bin/time -v), the median of the runs, and the largest peak memory
# (maximum resident set size). The runs of the two paths alternate, so
# that both see the same load. Targets: panel CPU within 1.3x of auto,
# panel peak under 120 MB.
set -euo pipefail

ROWS=${ROWS:-5000000}
REPEAT=${REPEAT:-3}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
DIR=${DIR:-/dev/shm/quhua-bench-panel}
[ -d /dev/shm ] || DIR=${DIR/\/dev\/shm/${TMPDIR:-/tmp}}
mkdir -p "$DIR"
cd "$ROOT"

[ -x /usr/bin/time ] || { echo "panel.sh needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
QUHUA=${BIN:-$DIR/quhua}
[ -n "${BIN:-}" ] || go build -o "$QUHUA" ./cmd/quhua
DATA="$DIR/data-$ROWS.csv"
[ -s "$DATA" ] || go run ./bench/recode/gen -rows "$ROWS" -out "$DATA"

# run NAME ARGS...: one run, writing NAME.csv; prints "cpu_seconds max_kb".
run() {
  local name=$1; shift
  /usr/bin/time -v -o "$DIR/$name.time" "$QUHUA" recode "$DATA" --column code -q -o "$DIR/$name.csv" "$@"
  awk -F': ' '/User time/ { u = $2 } /System time/ { s = $2 } /Maximum resident/ { m = $2 }
    END { printf "%.2f %d\n", u + s, m }' "$DIR/$name.time"
}
median() { sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }

declare -a A_CPU P_CPU C_CPU
A_RSS=0; P_RSS=0
for ((i = 0; i < REPEAT; i++)); do
  read -r c m < <(run auto --from auto); A_CPU+=("$c"); ((m > A_RSS)) && A_RSS=$m
  read -r c m < <(run panel --from-column year); P_CPU+=("$c"); ((m > P_RSS)) && P_RSS=$m
  /usr/bin/time -f '%U %S' -o "$DIR/cp.time" cp "$DATA" "$DIR/copy.csv"
  C_CPU+=("$(awk '{ printf "%.2f", $1 + $2 }' "$DIR/cp.time")")
  rm -f "$DIR/copy.csv"
done
a=$(printf '%s\n' "${A_CPU[@]}" | median)
p=$(printf '%s\n' "${P_CPU[@]}" | median)
c=$(printf '%s\n' "${C_CPU[@]}" | median)
printf '%d rows, %s MB, median of %d runs, load average %s\n' "$ROWS" \
  "$(awk -v b="$(stat -c %s "$DATA")" 'BEGIN { printf "%.1f", b / 1e6 }')" "$REPEAT" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %8s %10s  runs (cpu s)\n' path "cpu s" "peak RSS"
printf '%-6s %8s %7d MB  %s\n' auto "$a" $((A_RSS / 1024)) "${A_CPU[*]}"
printf '%-6s %8s %7d MB  %s\n' panel "$p" $((P_RSS / 1024)) "${P_CPU[*]}"
printf '%-6s %8s %10s  %s\n' cp "$c" "" "${C_CPU[*]}"
awk -v a="$a" -v p="$p" -v c="$c" 'BEGIN { printf "panel/auto %.2fx (target 1.3x); auto/cp %.1fx\n", p / a, (c > 0 ? a / c : 0) }'
if [ -n "${REF:-}" ]; then
  "$REF" recode "$DATA" --column code --from auto -q -o "$DIR/ref-auto.csv"
  "$REF" recode "$DATA" --column code --from-column year -q -o "$DIR/ref-panel.csv"
  cmp "$DIR/auto.csv" "$DIR/ref-auto.csv" && cmp "$DIR/panel.csv" "$DIR/ref-panel.csv" && echo "outputs identical to $REF's"
fi
