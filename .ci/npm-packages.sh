#!/usr/bin/env bash
# Installs the npm packages that tests load with node, into the git-ignored
# .npm-test/, and prints the export line for the tests to find them:
#   - the picker packages whose data quhua's picker exports are compared
#     with (export/picker_node_test.go);
#   - DuckDB (@duckdb/node-api, which ships the engine), for the crosswalk
#     SQL of docs/crosswalk.md (crosswalk/doc_test.go) and the divisions
#     export (export/duckdb_test.go).
# Versions are pinned so that the comparison figures are reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=$PWD/.npm-test
mkdir -p "$dir"
if [ ! -f "$dir/package.json" ]; then
	echo '{"private": true}' > "$dir/package.json"
fi
want="element-china-area-data@6.1.0 @vant/area-data@2.1.0 china-area-data@5.0.1 @duckdb/node-api@1.5.6-r.1"
missing=0
for p in element-china-area-data @vant/area-data china-area-data @duckdb/node-api; do
	[ -d "$dir/node_modules/$p" ] || missing=1
done
if [ "$missing" = 1 ]; then
	# shellcheck disable=SC2086
	npm install --prefix "$dir" --no-audit --no-fund --loglevel=error $want >&2
fi
echo "export QUHUA_NPM_TEST=$dir QUHUA_DUCKDB_NODE_MODULES=$dir/node_modules"
