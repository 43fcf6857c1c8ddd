#!/bin/sh
# The update oneshot (image/services/update.toml). The TypeScript role (`aios update-boot`,
# runtime/update/boot.ts) starts only when it has work: a slot is running (aios.slot=a|b: a trial to
# commit) or stage 1 left boot events (a fallback to audit). A factory boot without events, which is
# nearly every boot of the medium, skips one process start (about a second of CPU under emulation,
# in the middle of the boot). This is hasBootWork (runtime/update/boot.ts) in shell, the TypeScript
# being the rule: tests/unit/update/update-boot.test.ts runs both over a table of boots. init passes
# AIOS_STATE_DIR.
events="${AIOS_STATE_DIR:-/var/lib/aios}/boot/events"
case " $(cat /proc/cmdline) " in
  *" aios.slot=a "* | *" aios.slot=b "*) exec /usr/bin/aios update-boot ;;
esac
[ -s "$events" ] && exec /usr/bin/aios update-boot
exit 0
