# The power-cut campaign's workloads, run in the appliance over ssh (sh workload.sh RUN KIND): each
# prints "ACK <kind> ..." only after the command that did the write returned 0, so every ACK the host
# has read was acknowledged before the cut.
# writers (three loops at once):
#  audit:  a tool call (an entry in the hash-chained audit log, audit.db) whose reason is power-RUN-n
#  config: aiosctl config set logs.ring_lines 1000+n (config.toml, rewritten in place of the old)
#  memory: the maintenance agent paused on odd n, resumed on even n (the agents' state in the database)
# packages: apt-get install, or remove when it is installed, of aios-pc-(n mod 4) from the local
#  repository (packages.ts copied it in and ran apt-get update); "ACK pkg install|remove NAME n"
# update: aiosctl update of the bundle the campaign copied in, once; "ACK update SLOT"
RUN=$1
KIND=${2:-writers}
case "$KIND" in
writers)
  ( n=0; while :; do n=$((n+1)); aiosctl tool call disks.usage --why "power-$RUN-$n" >/dev/null 2>&1 && echo "ACK audit $n"; done ) &
  ( n=0; while :; do n=$((n+1)); aiosctl config set logs.ring_lines $((1000+n)) >/dev/null 2>&1 && echo "ACK config $n"; done ) &
  ( n=0; while :; do n=$((n+1)); if [ $((n % 2)) = 1 ]; then v=pause; else v=resume; fi
    aiosctl agent maintenance $v >/dev/null 2>&1 && echo "ACK memory $n"; done ) &
  wait;;
packages)
  APT="apt-get -q -y -o Dir::Etc::sourcelist=/var/lib/aios/power-repo.list -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0"
  export DEBIAN_FRONTEND=noninteractive
  echo "ACK start"
  n=0; while :; do n=$((n+1)); p=aios-pc-$((n % 4))
    if [ "$(dpkg-query -W -f '${Status}' $p 2>/dev/null)" = "install ok installed" ]; then op=remove; else op=install; fi
    $APT $op $p >/dev/null 2>&1 && echo "ACK pkg $op $p $n"
  done;;
update)
  echo "ACK start"
  if out=$(aiosctl update /var/lib/aios/power.update --json 2>/dev/null); then
    echo "ACK update $(printf '%s' "$out" | tr -d '\n' | sed 's/.*"slot": *"\([ab]\)".*/\1/')"
  fi
  sleep 600;;
esac
