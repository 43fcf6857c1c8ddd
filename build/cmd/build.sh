#!/usr/bin/env bash
# npm run build: install what is needed, then build out/aios.iso, the kernels and the initrd.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
exec bun build/main.ts "$@"
