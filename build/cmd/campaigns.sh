#!/usr/bin/env bash
# npm run campaigns: the malformed-input campaigns (issue 12, item 4) against real components on this
# host — every HTTP route, init's control socket, aiosctl's arguments, every kind of TOML file and the
# console on a PTY — each printing its table, then the totals. Arguments pass through:
# `npm run campaigns -- toml --runs 500 --seed 7`.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
exec bun bench/campaigns/main.ts "$@"
