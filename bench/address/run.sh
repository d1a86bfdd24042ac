#!/bin/sh
# Compares quhua's address parser with the npm packages address-parse and
# zh-address-parse on the evaluation set, in one run. Needs Go, node and npm.
set -eu
cd "$(dirname "$0")/../.."
exec go run ./bench/address "$@"
