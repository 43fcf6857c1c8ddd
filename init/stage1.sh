#!/bin/sh
# Stage 1 (the kernel's rdinit): mount the API filesystems, load drivers, mount the state disk, then
# exec PID 1 proper (`aios init`). A compiled Bun program needs /proc before it starts, hence this shell.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc -o nosuid,nodev,noexec proc /proc
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mount -t devtmpfs -o mode=0755,nosuid devtmpfs /dev
mkdir -p /dev/pts /dev/shm /run /run/aios
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts /dev/pts
mount -t tmpfs -o nosuid,nodev tmpfs /dev/shm
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs /run
mkdir -p /run/aios /run/lock
mount -t cgroup2 -o nsdelegate cgroup2 /sys/fs/cgroup 2>/dev/null
[ -e /dev/fd ] || ln -s /proc/self/fd /dev/fd
hostname -F /etc/hostname
ip link set lo up

say() { echo "aios: $*" > /dev/console; }
read -r CMDLINE < /proc/cmdline
arg() { for a in $CMDLINE; do case "$a" in "$1"=*) echo "${a#*=}";; esac; done; }
# aios.trace=1 on the kernel command line prints when each phase ends (read is a builtin: no fork).
case " $CMDLINE " in *" aios.trace=1 "*) TRACE=1;; esac
mark() { [ -n "$TRACE" ] && { read -r up _ < /proc/uptime; echo "stage1: $1 at $up s" > /dev/console; }; }
mark "mounted"

# Drivers for the hardware that is there (what udev's coldplug would do). A bus driver (virtio_pci,
# ahci, xhci) brings new devices with new modaliases, so repeat until nothing new appears.
# (Globbing the buses, not walking /sys/devices with find: every fork and stat is slow under emulation.)
seen=""
for pass in 1 2 3 4; do
  now=$(cat /sys/bus/*/devices/*/modalias 2>/dev/null)
  [ "$now" = "$seen" ] && break
  modprobe -qab $now 2>/dev/null
  seen=$now
done
# button + evdev: the ACPI power button as an input device, which init reads (init/power-button.ts).
modprobe -qa ext4 af_packet crc32c_generic nf_tables button evdev 2>/dev/null
mark "drivers loaded (pass $pass)"

# The state disk: ext4 labelled AIOS-STATE. A wholly blank disk is formatted on first boot; anything
# with a partition table or a filesystem on it is never touched.
STATE=/var/lib/aios
state_dev=""
any_disk() {
  for b in /sys/block/vd* /sys/block/sd* /sys/block/nvme*; do [ -e "$b" ] && return 0; done
  return 1
}
blank_disk() {
  for b in /sys/block/vd* /sys/block/sd* /sys/block/nvme*n*; do
    [ -e "$b" ] || continue
    d=${b##*/}
    [ "$(cat "$b/removable" 2>/dev/null)" = 1 ] && continue
    [ "$(cat "$b/ro" 2>/dev/null)" = 1 ] && continue
    ls "$b" | grep -q "^$d" && continue                      # has partitions
    blkid -p "/dev/$d" >/dev/null 2>&1 && continue           # has a signature
    cmp -s -n 1048576 "/dev/$d" /dev/zero || continue        # first MiB not all zeros
    echo "/dev/$d"; return
  done
}
if [ "$(arg aios.state)" != ram ]; then
  i=0
  while [ $i -lt 20 ]; do                                    # disks appear asynchronously
    any_disk || { i=$((i + 1)); sleep 0.1; continue; }      # cheap while no disk has appeared
    state_dev=$(blkid -L AIOS-STATE 2>/dev/null)
    [ -n "$state_dev" ] && break
    new=$(blank_disk)
    if [ -n "$new" ]; then
      say "formatting blank disk $new as the state disk (AIOS-STATE)"
      mkfs.ext4 -q -F -L AIOS-STATE -E lazy_itable_init=1,lazy_journal_init=1 "$new" && state_dev=$new
      break
    fi
    i=$((i + 1)); sleep 0.1
  done
fi
mkdir -p "$STATE"
if [ -n "$state_dev" ] && mount -t ext4 -o noatime,commit=5 "$state_dev" "$STATE"; then
  echo "$state_dev" > /run/aios/state-device
else
  mount -t tmpfs -o mode=0755 tmpfs "$STATE"
  echo ram > /run/aios/state-device
  say "no state disk (ext4 labelled AIOS-STATE): state lives in RAM and is lost at power-off"
fi
mark "state disk ($state_dev)"
# Operator configuration lives on the state disk.
mkdir -p "$STATE/config/services"
cp -n /etc/aios/services/README "$STATE/config/services/" 2>/dev/null
rm -rf /etc/aios/services && ln -s "$STATE/config/services" /etc/aios/services
# Unprivileged ICMP echo (datagram sockets, as systemd allows by default): the agents probe the gateway
# without raw-socket powers.
echo "0 2147483647" > /proc/sys/net/ipv4/ping_group_range 2>/dev/null
mkdir -p "$STATE/config/agents"
rm -rf /etc/aios/agents && ln -s "$STATE/config/agents" /etc/aios/agents
# Settings drop-ins (the first-boot setup's hostname and network among them) live on the state disk.
mkdir -p "$STATE/config/config.d"
rm -rf /etc/aios/config.d && ln -s "$STATE/config/config.d" /etc/aios/config.d
# The system configuration too (config.toml, and models.toml and secrets.toml beside it): what
# `aiosctl config set` was told is done survives a reboot. The first boot starts from the shipped files.
for f in config.toml models.toml secrets.toml; do
  [ -e "$STATE/config/$f" ] || [ ! -f "/etc/aios/$f" ] || cp -p "/etc/aios/$f" "$STATE/config/$f"
  rm -f "/etc/aios/$f" && ln -s "$STATE/config/$f" "/etc/aios/$f"
done
# root's ssh keys too: the image carries none; the setup or QEMU's fw_cfg (the seed service) adds them.
mkdir -p -m 700 "$STATE/ssh" "$STATE/ssh/root"
rm -rf /root/.ssh && ln -s "$STATE/ssh/root" /root/.ssh

say "stage 1 done at $(cut -d" " -f1 /proc/uptime) s"
exec /usr/bin/aios init
