#!/bin/sh
# Loads the default firewall. A ruleset that does not load leaves the previous one (one transaction),
# so a failure cannot lock anyone out: it is reported and the boot goes on (the network agent sees
# the missing table and restores or escalates).
mkdir -p /run/aios/net
if err=$(/usr/sbin/nft -f /etc/aios/firewall.nft 2>&1); then
  rm -f /run/aios/net/firewall-failed
else
  echo "firewall not loaded: $err" >&2
  echo "$err" > /run/aios/net/firewall-failed
fi
exit 0
