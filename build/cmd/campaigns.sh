#!/usr/bin/env bash
# npm run campaigns: issue 12's campaigns, each printing its figures.
#   npm run campaigns                      the malformed-input campaigns against real components on this
#                                          host (every HTTP route, init's control socket, aiosctl's
#                                          arguments, every kind of TOML file, the console on a PTY);
#                                          arguments pass through: `npm run campaigns -- toml --runs 500`
#   npm run campaigns -- all               every campaign at full size: the above, degraded modes, then
#                                          (after building the image) kills, power cuts, access, the console
#                                          through the serial port, a 1-hour soak
#   npm run campaigns -- kills|power|access|console-serial|soak|degraded [args]   one of them, its
#                                          arguments passed on (console-serial: the console campaign's
#                                          inputs through the booted image's serial port)
# The VM campaigns boot the appliance under QEMU; degraded, access and power need root.
set -euo pipefail
source "$(dirname "$0")/deps.sh"
vm() {
  local name=$1; shift
  echo "==> campaign: $name $*"
  local bench="bench/campaigns/$name/bench.ts"
  [ "$name" = console-serial ] && bench=bench/campaigns/console/serial.ts
  bun "$bench" "$@"
}
case "${1:-}" in
  all)
    status=0
    bun bench/campaigns/main.ts || status=1
    echo "==> campaign: degraded"; bun bench/campaigns/degraded.ts || status=1
    bun build/main.ts
    vm kills 200 5 || status=1
    vm power 24 || status=1
    vm access || status=1
    vm console-serial 1000 || status=1
    vm soak 3600 60 || status=1
    exit $status ;;
  degraded) shift; exec bun bench/campaigns/degraded.ts "$@" ;;
  kills|power|access|console-serial|soak)
    name=$1; shift
    bun build/main.ts   # the image from the current sources (downloads are cached)
    vm "$name" "$@" ;;
  *) exec bun bench/campaigns/main.ts "$@" ;;
esac
