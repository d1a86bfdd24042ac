#!/usr/bin/env bash
# Benchmark: quhua recode against the same mapping done by DuckDB (a join
# against the exported crosswalk), Miller (mlr join) and awk hash joins.
#
#   bash bench/recode/run.sh              # 10 million rows
#   ROWS=1000000 bash bench/recode/run.sh # a smaller run
#   REPEAT=3 bash bench/recode/run.sh     # each tool 3 times, the median
#   ROWS=5000000 bash bench/recode/run.sh # the 5M-row run; "panel" is --from-column year
#
# It generates the input itself (codes of every vintage, 1981–2024, read
# with --from auto), installs the peers (miller, gawk, mawk from Debian;
# DuckDB from npm, @duckdb/node-api, which ships the engine) into
# bench/recode/out/, and prints rows/s, MB/s, peak memory and the ratio of
# each peer's time to quhua's. Set SKIP_INSTALL=1 to use what is there.
set -euo pipefail

ROWS=${ROWS:-10000000}
REPEAT=${REPEAT:-1}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
OUT=${OUT:-$HERE/out}
mkdir -p "$OUT"
cd "$ROOT"

log() { printf '%s\n' "$*" >&2; }

# --- peers -----------------------------------------------------------------
if [ -z "${SKIP_INSTALL:-}" ]; then
  need=()
  command -v mlr >/dev/null || need+=(miller)
  command -v gawk >/dev/null || need+=(gawk)
  command -v mawk >/dev/null || need+=(mawk)
  [ -x /usr/bin/time ] || need+=(time)
  if [ ${#need[@]} -gt 0 ]; then
    log "installing ${need[*]} (apt-get)"
    SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -qq >/dev/null
    $SUDO apt-get install -y -qq "${need[@]}" >/dev/null
  fi
  if command -v npm >/dev/null && [ ! -d "$OUT/node_modules/@duckdb/node-api" ]; then
    log "installing DuckDB (npm @duckdb/node-api)"
    (cd "$OUT" && npm install --silent --no-audit --no-fund --prefix "$OUT" @duckdb/node-api@1.5.6-r.1 >/dev/null)
  fi
fi

# --- inputs ------------------------------------------------------------------
log "building quhua"
go build -o "$OUT/quhua" ./cmd/quhua
DATA="$OUT/data-$ROWS.csv"
if [ ! -s "$DATA" ]; then
  log "generating $ROWS rows → $DATA"
  go run ./bench/recode/gen -rows "$ROWS" -out "$DATA"
fi
# The crosswalk of every code at its latest date to the latest list, and
# the same collapsed to one row per code (candidates joined by ";") for the
# joins of Miller and awk, which cannot aggregate while joining.
"$OUT/quhua" export crosswalk --from auto --format csv -o "$OUT/crosswalk.csv" 2>/dev/null
LOOKUP="$OUT/lookup.csv"
awk -F, 'NR == 1 { next }
  $9 == "false" {
    k = $3
    if (!(k in st)) { order[++n] = k; st[k] = $5; vin[k] = $1 }
    if ($6 != "") { code[k] = code[k] (code[k] == "" ? "" : ";") $6; name[k] = name[k] (name[k] == "" ? "" : ";") $7 }
  }
  END {
    print "code,quhua_code,quhua_name,quhua_relation,quhua_vintage"
    for (i = 1; i <= n; i++) { k = order[i]; print k "," code[k] "," name[k] "," st[k] "," vin[k] }
  }' "$OUT/crosswalk.csv" > "$LOOKUP"

BYTES=$(stat -c %s "$DATA")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
log "input: $ROWS rows, $MB MB; lookup: $(($(wc -l < "$LOOKUP") - 1)) codes"

# --- runs --------------------------------------------------------------------
declare -a NAMES TIMES CPUS RSS ROWSOUT
# Data rows of an output: lines other than headers and blank lines (Miller
# starts a new header block whenever the columns change: between rows with
# and without a match; it also puts the join column first).
datarows() { grep -cvE '^(id,|code,quhua_code,|$)' "$1" || true; }
measure() { # name, output file, command...
  local name=$1 outf=$2; shift 2
  local times=() rsss=() cpus=() i tf secs kb usr sys
  for ((i = 0; i < REPEAT; i++)); do
    [ "$outf" = /dev/null ] || rm -f "$outf"
    sync; cat "$DATA" > /dev/null # the same warm page cache for everyone
    tf=$(mktemp)
    if ! /usr/bin/time -f '%e %M %U %S' -o "$tf" "$@" > "$outf" 2> "$OUT/$name.err"; then
      log "$name failed:"; cat "$OUT/$name.err" >&2; rm -f "$tf"; return 0
    fi
    read -r secs kb usr sys < "$tf"; rm -f "$tf"
    times+=("$secs"); rsss+=("$kb"); cpus+=("$secs $(awk -v u="$usr" -v s="$sys" 'BEGIN { print u + s }')")
  done
  # The median run (by time) and the largest peak memory.
  secs=$(printf '%s\n' "${times[@]}" | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
  kb=$(printf '%s\n' "${rsss[@]}" | sort -g | tail -1)
  local cpu; cpu=$(printf '%s\n' "${cpus[@]}" | awk -v t="$secs" '$1 == t { print $2; exit }')
  NAMES+=("$name"); TIMES+=("$secs"); CPUS+=("$cpu"); RSS+=("$kb"); ROWSOUT+=("$(datarows "$outf")")
  log "  $name: ${times[*]} s"
}

log "running (each reads $DATA, writes to $OUT)"
measure quhua "$OUT/out-quhua.csv" "$OUT/quhua" recode "$DATA" --column code --from auto -q
# The panel case: each row read at the year in its own column (the input's
# year is the vintage its code was drawn from).
measure panel "$OUT/out-panel.csv" "$OUT/quhua" recode "$DATA" --column code --from-column year -q

if [ -d "$OUT/node_modules/@duckdb/node-api" ]; then
  cat > "$OUT/duckdb-join.mjs" <<'JS'
import { DuckDBInstance } from '@duckdb/node-api';
const [data, crosswalk, out] = process.argv.slice(2);
const db = await DuckDBInstance.create(':memory:', { threads: '2' });
const c = await db.connect();
// The join of docs/crosswalk.md: non-partial targets, collapsed to one row
// per source code, left-joined so that no data row is lost.
await c.run(`
COPY (
  WITH cw AS (
    SELECT from_code,
           string_agg(to_code, ';' ORDER BY to_code) AS quhua_code,
           string_agg(to_name, ';' ORDER BY to_code) AS quhua_name,
           any_value(status) AS quhua_relation,
           any_value(from_date) AS quhua_vintage
    FROM read_csv('${crosswalk}', all_varchar = true)
    WHERE partial = 'false'
    GROUP BY from_code)
  SELECT d.*, cw.quhua_code, cw.quhua_name, coalesce(cw.quhua_relation, 'unknown') AS quhua_relation, cw.quhua_vintage
  FROM read_csv('${data}', all_varchar = true) d
  LEFT JOIN cw ON cw.from_code = d.code
) TO '${out}' (HEADER, DELIMITER ',')`);
JS
  measure duckdb /dev/null node "$OUT/duckdb-join.mjs" "$DATA" "$OUT/crosswalk.csv" "$OUT/out-duckdb.csv"
  ROWSOUT[${#ROWSOUT[@]}-1]=$(datarows "$OUT/out-duckdb.csv")
else
  log "DuckDB not available (npm missing): skipped"
fi
if command -v mlr >/dev/null; then
  measure miller "$OUT/out-miller.csv" mlr --csv join --ur -j code -f "$LOOKUP" "$DATA"
fi
AWKJOIN='BEGIN { FS = OFS = "," }
  NR == FNR { if (FNR > 1) { k = $1; $1 = ""; m[k] = substr($0, 2) }; next }
  FNR == 1 { print $0, "quhua_code,quhua_name,quhua_relation,quhua_vintage"; next }
  { print $0, (($3 in m) ? m[$3] : ",,unknown,") }'
for a in gawk mawk; do
  command -v $a >/dev/null && measure $a "$OUT/out-$a.csv" $a "$AWKJOIN" "$LOOKUP" "$DATA"
done

# --- table -------------------------------------------------------------------
printf '\n%d rows, %s MB, %d cores (%s), median of %d runs, load average %s\n' "$ROWS" "$MB" "$(nproc)" "$(uname -m)" "$REPEAT" "$(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-8s %9s %9s %12s %9s %11s %10s %12s\n' tool seconds "cpu s" rows/s MB/s "peak RSS" "rows out" "time/quhua"
q=${TIMES[0]}
for i in "${!NAMES[@]}"; do
  awk -v n="${NAMES[$i]}" -v t="${TIMES[$i]}" -v c="${CPUS[$i]}" -v r="$ROWS" -v b="$BYTES" -v k="${RSS[$i]}" -v o="${ROWSOUT[$i]}" -v q="$q" 'BEGIN {
    if (t <= 0) t = 0.01
    printf "%-8s %9.2f %9.2f %12.0f %9.1f %8.0f MB %10d %11.2fx\n", n, t, c, r / t, b / 1e6 / t, k / 1024, o, t / q }'
done
echo "seconds: wall clock (the median run); cpu s: user + system time of that run;"
echo "peak RSS: the largest of the runs. Other load on the machine inflates seconds."
