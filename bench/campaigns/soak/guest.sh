# The soak campaign's guest half (sh guest.sh SECONDS INTERVAL [MIN_SAMPLES]): steady load inside the appliance
# (chat turns, tool calls, agents' and incidents' reads, a chatty service's log volume, a crash now and
# then for the agents to notice), and every INTERVAL seconds one sample of each service: its pid, RSS
# (VmRSS, KiB) and open fds, plus how long `aiosctl status` took. Out of ssh's cgroup, like the kills.
echo $$ > /sys/fs/cgroup/cgroup.procs 2>/dev/null
SECS=${1:-3600}; EVERY=${2:-60}; MIN=${3:-4}
now() { echo $(( $(date +%s%N) / 1000000 )); }
# Log volume: a service that prints ~20 lines a second, supervised like any other.
mkdir -p /etc/aios/services
cat > /etc/aios/services/chatty.toml <<'TOML'
description = "soak test: log volume"
command = ["/bin/sh", "-c", "i=0; while :; do i=$((i+1)); echo \"soak line $i: the quick brown fox jumps over the lazy dog\"; sleep 0.05; done"]
TOML
aiosctl reload >/dev/null 2>&1
rm -f /run/soak.sampled
end=$(( $(date +%s) + SECS )) # the load runs SECS from here, and sampling goes on until MIN samples
( while [ "$(date +%s)" -lt $end ] || [ ! -e /run/soak.sampled ]; do
    aiosctl chat "how is the disk?" >/dev/null 2>&1
    aiosctl tool call disks.usage --why soak >/dev/null 2>&1
    aiosctl agents --json >/dev/null 2>&1
    aiosctl incidents --json >/dev/null 2>&1
    aiosctl logs chatty -n 200 >/dev/null 2>&1
  done ) &
# An incident now and then: ntp crashes (a SIGSEGV counts as a crash) every 5 minutes.
( while [ "$(date +%s)" -lt $end ]; do sleep 300; p=$(aiosctl status ntp --json 2>/dev/null | tr -d '\n' | sed -n 's/.*"pid": *\([0-9][0-9]*\).*/\1/p'); [ -n "$p" ] && kill -SEGV "$p"; done ) &
# Samples on a fixed grid (start + k*EVERY), so a slow sample does not push the rest back; a grid
# point already passed is skipped, never caught up.
next=$(date +%s); k=0
while :; do
  t=$(date +%s)
  t0=$(now); st=$(aiosctl status 2>/dev/null); t1=$(now)
  echo "T $t $((t1-t0))"
  echo "$st" | awk 'NR>2 && $3 != "-" {print $1, $3}' | while read -r name pid; do
    rss=$(awk '/^VmRSS:/ {print $2}' /proc/$pid/status 2>/dev/null); fds=$(ls /proc/$pid/fd 2>/dev/null | wc -l)
    [ -n "$rss" ] && echo "S $t $name $pid $rss $fds"
  done
  k=$((k + 1))
  [ "$t" -ge $end ] && [ "$k" -ge "$MIN" ] && break
  next=$((next + EVERY)); now_s=$(date +%s)
  while [ "$next" -lt "$now_s" ]; do next=$((next + EVERY)); done
  [ "$next" -gt $end ] && [ "$k" -ge $((MIN - 1)) ] && next=$end
  [ "$next" -gt "$now_s" ] && sleep $((next - now_s))
done
touch /run/soak.sampled
aiosctl stop chatty >/dev/null 2>&1; rm -f /etc/aios/services/chatty.toml
echo DONE
