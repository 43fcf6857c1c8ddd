#!/usr/bin/env bash
# npm run bench: build the image, then run every benchmark (each prints ratios against a baseline
# measured in the same run). `npm run bench:incidents` (bench.sh incidents) runs one.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
bun build/main.ts
if [ $# -gt 0 ]; then
  for name in "$@"; do b="bench/$name/bench.ts"; [ -f "$b" ] || b="bench/$name.ts"; echo "==> $b"; bun "$b"; done
  exit 0
fi
for b in bench/*.ts bench/*/bench.ts; do echo "==> $b"; bun "$b"; done
