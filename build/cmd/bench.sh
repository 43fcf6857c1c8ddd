#!/usr/bin/env bash
# npm run bench: build the image, then run every benchmark (each prints ratios against a baseline
# measured in the same run).
set -euo pipefail
source "$(dirname "$0")/deps.sh"
bun build/main.ts
for b in bench/*.ts bench/*/bench.ts; do echo "==> $b"; bun "$b"; done
