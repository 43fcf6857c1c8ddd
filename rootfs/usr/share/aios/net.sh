#!/bin/sh
# The network service: the uplink (the first card, by kernel order) from the settings table
# (network.*: the first-boot setup writes them). A static address when network.address is set; else
# DHCP with busybox udhcpc, which keeps the lease renewed and asks with the name in /etc/hostname.
# The kernel's hostname is not set here (that takes sys_admin, which this service lacks): stage 1 sets
# it from /etc/hostname, the setup sets both at once, and the network agent proposes system.hostname.
mkdir -p /run/aios/net
rm -f /run/aios/net/online   # ready again only once this run has brought the uplink up
# Without an answer (a broken aios binary) every variable stays empty: DHCP.
eval "$(/usr/bin/aios settings-env network.address network.gateway network.dns)"
for dev in /sys/class/net/*; do
  name=${dev##*/}
  [ "$name" = lo ] && continue
  [ -e "$dev/device" ] || continue
  # -R: a stop releases the lease and runs the hook's deconfig, which removes the online mark, so a
  # restart is not "ready" on the last run's mark.
  [ -z "$network_address" ] && exec /usr/bin/busybox udhcpc -f -R -i "$name" -s /usr/share/aios/udhcpc.script -x hostname:"$(cat /etc/hostname)"
  /usr/sbin/ip link set "$name" up
  /usr/sbin/ip addr flush dev "$name" scope global
  /usr/sbin/ip addr add "$network_address" dev "$name" || echo "cannot set $network_address on $name" >&2
  [ -n "$network_gateway" ] && /usr/sbin/ip route replace default via "$network_gateway" dev "$name"
  if [ -n "$network_dns" ]; then
    for d in $network_dns; do echo "nameserver $d"; done > /etc/resolv.conf.new && mv /etc/resolv.conf.new /etc/resolv.conf
  fi
  rm -f /run/aios/net/lease
  echo "$name $network_address static gateway=$network_gateway dns=$network_dns" > /run/aios/net/online
  trap 'rm -f /run/aios/net/online; kill $! 2>/dev/null; exit 0' TERM INT   # a stop takes the mark away (see -R above)
  sleep infinity & wait $!
done
echo "no network card found" >&2
exec sleep infinity
