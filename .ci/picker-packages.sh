#!/usr/bin/env bash
# Installs the npm packages whose data quhua's picker exports are compared
# with (export/picker_node_test.go) into the git-ignored .npm-pickers/.
# Versions are pinned so that the comparison figures are reproducible.
set -euo pipefail
cd "$(dirname "$0")/.."
dir=.npm-pickers
mkdir -p "$dir"
if [ ! -f "$dir/package.json" ]; then
	echo '{"private": true}' > "$dir/package.json"
fi
npm install --prefix "$dir" --no-audit --no-fund --loglevel=error \
	element-china-area-data@6.1.0 @vant/area-data@2.1.0 china-area-data@5.0.1 >&2
echo "picker packages installed in $dir" >&2
