#!/usr/bin/env bash
# npm start: build the image and boot it in QEMU with the serial console on this terminal.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
bun build/main.ts
exec bun build/qemu/start.ts "$@"
