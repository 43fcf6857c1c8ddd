#!/usr/bin/env bash
# npm test: install what is needed, type-check, then every test tier (unit, integration, boot: the
# boot tier builds the image and drives it in QEMU). Ends with vitest's summary and a plain count line.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
echo "==> tsc --noEmit"
tsc --noEmit -p .
mkdir -p out
set +e
bun --bun vitest run --reporter=default --reporter=json --outputFile.json=out/test-results.json "$@"
rc=$?
set -e
bun build/cmd/summary.ts out/test-results.json || true
exit $rc
