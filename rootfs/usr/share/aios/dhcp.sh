#!/bin/sh
# DHCP on the first network card (by kernel order); busybox udhcpc keeps the lease renewed.
for dev in /sys/class/net/*; do
  name=${dev##*/}
  [ "$name" = lo ] && continue
  [ -e "$dev/device" ] || continue
  exec /usr/bin/busybox udhcpc -f -i "$name" -s /usr/share/aios/udhcpc.script -x hostname:"$(cat /etc/hostname)"
done
echo "no network card found" >&2
exec sleep infinity
