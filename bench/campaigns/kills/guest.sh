# The kills campaign's guest half, run as root inside the appliance (sh guest.sh KILLS BURSTS LOOPER).
# It leaves ssh's cgroup first (a restarted dropbear's cgroup is cleaned up, which would end us too),
# then: SIGKILLs every running service in turn KILLS times, each time waiting for it (and every other
# service) to be ready again; kills them all at once BURSTS times; crashes LOOPER (SIGSEGV) whenever it
# comes back until init marks it failed; and reports zombies and PID 1's fds and threads before and after.
# One line per event (KILL, BURST, LOOP, PROBE, LOST); the host half (campaign.ts) reads them.
echo $$ > /sys/fs/cgroup/cgroup.procs 2>/dev/null
KILLS=${1:-200}; BURSTS=${2:-5}; LOOPER=${3:-}
now() { echo $(( $(date +%s%N) / 1000000 )); }
# One `aiosctl status` a poll: "name state pid" lines (pid "-" when none).
table() { aiosctl status 2>/dev/null | awk 'NR>2 {print $1, $2, $3}'; }
row() { echo "$T" | awk -v s="$1" '$1==s {print $2, $3}'; }
probe() {
  z=0; for s in /proc/[0-9]*/stat; do case "$(cut -d' ' -f3 "$s" 2>/dev/null)" in Z) z=$((z+1));; esac; done
  echo "PROBE $1 zombies=$z init_fds=$(ls /proc/1/fd | wc -l) init_threads=$(ls /proc/1/task | wc -l) init_rss_kb=$(awk '/^VmRSS:/ {print $2}' /proc/1/status)"
}
# The services of $SERVICES not ready with a pid in $T.
down() { for s in $SERVICES; do set -- $(row "$s"); [ "$1" = ready ] && [ "$2" != - ] || echo -n " $s"; done; }
# Polls until every service in $SERVICES is ready and $1 (if given) runs under a pid other than $2;
# sets BACK (ms until $1 was back) and DOWN (what stayed down after ~120 s, empty when all came back).
settle() {
  t0=$(now); BACK=""; i=0
  while [ $i -lt 600 ]; do
    T=$(table)
    if [ -n "$1" ] && [ -z "$BACK" ]; then set -- "$1" "$2" $(row "$1"); [ "$3" = ready ] && [ "$4" != - ] && [ "$4" != "$2" ] && BACK=$(( $(now) - t0 )) && NEW=$4; fi
    DOWN=$(down); [ -z "$DOWN" ] && { [ -z "$1" ] || [ -n "$BACK" ]; } && return 0
    i=$((i+1)); sleep 0.1
  done
  echo "LOST$DOWN"; return 1
}
T=$(table)
SERVICES=$(echo "$T" | awk -v l="$LOOPER" '$2=="ready" && $3!="-" && $1!=l {print $1}' | tr '\n' ' ')
echo "SERVICES $SERVICES"
probe before
n=0
while [ $n -lt "$KILLS" ]; do
  for s in $SERVICES; do
    [ $n -ge "$KILLS" ] && break
    T=$(table); set -- $(row "$s"); old=$2; t0=$(now); NEW=none
    kill -9 "$old" 2>/dev/null
    settle "$s" "$old"; t1=$(now)
    n=$((n+1)); echo "KILL $n $s $old $NEW $([ -n "$BACK" ] && echo ready || echo down) ${BACK:-0} $((t1-t0))"
  done
done
b=0
while [ $b -lt "$BURSTS" ]; do
  T=$(table); pids=""; for s in $SERVICES; do set -- $(row "$s"); pids="$pids $2"; done
  t0=$(now); kill -9 $pids 2>/dev/null; sleep 0.5; settle; b=$((b+1)); echo "BURST $b $(echo $pids | wc -w) $(( $(now) - t0 ))"
  [ $b -lt "$BURSTS" ] && sleep 15 # apart, so that bursts alone do not reach a death tally
done
if [ -n "$LOOPER" ]; then
  # A crash loop: SIGSEGV (a crash, unlike SIGKILL, counts toward the death tally) whenever it comes
  # back; init must back off and give up.
  last=""; i=0; t0=$(now)
  while [ $i -lt 3000 ]; do
    T=$(table); set -- $(row "$LOOPER"); s=$1; p=$2
    [ "$s" = failed ] && break
    if [ "$p" != - ] && [ "$p" != "$last" ]; then kill -SEGV "$p" 2>/dev/null; echo "LOOP kill $p $(( $(now) - t0 ))"; last=$p; fi
    i=$((i+1)); sleep 0.05
  done
  echo "LOOP end $s $(( $(now) - t0 ))"
  aiosctl start "$LOOPER" >/dev/null; SERVICES=$LOOPER; settle && echo "LOOP back $(row "$LOOPER")"
fi
sleep 2
probe after
echo DONE
