# The power-cut campaign's writers, run in the appliance over ssh (sh workload.sh RUN): three loops at
# once, each printing "ACK <kind> <n>" only after aiosctl said the write was done, so every ACK the
# host has read was acknowledged before the cut.
#  audit:  a tool call (an entry in the hash-chained audit log, audit.db) whose reason is power-RUN-n
#  config: aiosctl config set logs.ring_lines 1000+n (config.toml, rewritten in place of the old)
#  memory: the maintenance agent paused on odd n, resumed on even n (the agents' state in the database)
RUN=$1
( n=0; while :; do n=$((n+1)); aiosctl tool call disks.usage --why "power-$RUN-$n" >/dev/null 2>&1 && echo "ACK audit $n"; done ) &
( n=0; while :; do n=$((n+1)); aiosctl config set logs.ring_lines $((1000+n)) >/dev/null 2>&1 && echo "ACK config $n"; done ) &
( n=0; while :; do n=$((n+1)); if [ $((n % 2)) = 1 ]; then v=pause; else v=resume; fi
  aiosctl agent maintenance $v >/dev/null 2>&1 && echo "ACK memory $n"; done ) &
wait
