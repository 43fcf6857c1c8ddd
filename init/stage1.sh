#!/bin/sh
# Stage 1 (the small initrd's /init): load the drivers for disks, mount the state disk, find the system
# image on the boot medium and check it, mount it read-only under an overlay whose upper layer lives on
# the state disk, then switch root into that and exec PID 1 proper (`aios init`). A compiled Bun
# program needs /proc before it starts, hence this shell.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin
mount -t proc -o nosuid,nodev,noexec proc /proc
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mount -t devtmpfs -o mode=0755,nosuid devtmpfs /dev

say() { echo "aios: $*" > /dev/console; }
read -r CMDLINE < /proc/cmdline
arg() { for a in $CMDLINE; do case "$a" in "$1"=*) echo "${a#*=}";; esac; done; }
# aios.trace=1 on the kernel command line prints when each phase ends (read is a builtin: no fork).
case " $CMDLINE " in *" aios.trace=1 "*) TRACE=1;; esac
mark() { [ -n "$TRACE" ] && { read -r up _ < /proc/uptime; echo "stage1: $1 at $up s" > /dev/console; }; }
# Without a root there is nothing to run: say why and leave a shell on the console.
rescue() { say "$*"; say "stage 1 cannot go on; here is a shell (the initrd's busybox)"; exec sh; }
mark "mounted"

# Drivers for the hardware that is there (what udev's coldplug would do). A bus driver (virtio_pci,
# ahci, xhci) brings new devices with new modaliases, so repeat until nothing new appears. $1 runs
# modprobe: the initrd's (disk drivers only) or, after the overlay is up, the system's (all of them).
# (Globbing the buses, not walking /sys/devices with find: every fork and stat is slow under emulation.)
coldplug() {
  seen=""
  for pass in 1 2 3 4; do
    now=$(cat /sys/bus/*/devices/*/modalias 2>/dev/null)
    [ "$now" = "$seen" ] && break
    $1 -qab $now 2>/dev/null
    seen=$now
  done
}
coldplug modprobe
# crc32c by name: ext4 asks the crypto API for it (metadata checksums; without it a mount fails with
# ENOENT), and the kernel cannot autoload it here (the initrd has no /sbin/modprobe). The generic
# kernel needs this, the cloud kernel has it built in.
modprobe -qa loop squashfs overlay isofs ext4 crc32c_generic 2>/dev/null
mark "disk drivers loaded (pass $pass)"

# The state disk: ext4 labelled AIOS-STATE. A wholly blank disk is formatted on first boot; anything
# with a partition table or a filesystem on it is never touched.
STATE=/state
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
if [ -n "$state_dev" ] && mount -t ext4 -o noatime,commit=5 "$state_dev" "$STATE"; then
  state_kind=$state_dev
else
  mount -t tmpfs -o mode=0755 tmpfs "$STATE"
  state_kind=ram state_dev=""
  say "no state disk (ext4 labelled AIOS-STATE): state lives in RAM and is lost at power-off"
fi
mark "state disk ($state_kind)"

# `aiosctl reset --factory` leaves this marker: drop the overlay (configuration and installed
# packages) before it is mounted; "wipe-state" erases the rest of the state disk too.
if [ -f "$STATE/factory-reset" ]; then
  read -r how < "$STATE/factory-reset"
  if [ "$how" = wipe-state ]; then
    say "factory reset: erasing the state disk"
    for f in "$STATE"/* "$STATE"/.[!.]*; do [ "$f" = "$STATE/lost+found" ] || rm -rf "$f"; done
  else
    say "factory reset: dropping the overlay (configuration and installed packages)"
    rm -rf "$STATE/overlay" "$STATE/factory-reset"
  fi
fi

# The boot medium: a system slot on an installed disk (below), else an iso9660 filesystem labelled AIOS
# (the ISO as a CD, a USB stick or, for direct -kernel boots, a read-only virtio disk) holding the system
# image. CD and USB drives come up slowly.
# Whole devices are probed one by one: blkid's label search skips a disk that has partitions, and the
# hybrid ISO carries a partition table beside its iso9660 filesystem.
IMAGE=/medium/aios.sqfs
find_medium() {
  for b in /sys/block/sr* /sys/block/vd* /sys/block/sd* /sys/block/nvme*n*; do
    [ -e "$b" ] || continue
    dev=/dev/${b##*/}
    [ "$(blkid -p -s LABEL -o value "$dev" 2>/dev/null)" = AIOS ] || continue
    mount -t iso9660 -o ro "$dev" /medium 2>/dev/null || continue
    [ -f "$IMAGE" ] && return 0
    umount /medium
  done
  return 1
}
# Installed systems: the installed GRUB passes aios.slot=X, and the partition labelled AIOS-SLOT-X
# (ext4, written by `aiosctl install` or an update) holds vmlinuz, initrd.img, aios.sqfs and
# manifest.json at its root. Without such a partition this finds nothing and the boot medium is used.
find_slot_partition() {
  slot=$(arg aios.slot)
  [ -n "$slot" ] || return 1
  dev=$(blkid -L "AIOS-SLOT-$(echo "$slot" | tr a-z A-Z)" 2>/dev/null)
  [ -n "$dev" ] || return 1
  mount -t ext4 -o ro,noatime "$dev" /medium 2>/dev/null || return 1
  [ -f "$IMAGE" ] && return 0
  umount /medium
  return 1
}
i=0
while [ $i -lt 100 ] && ! find_slot_partition && ! find_medium; do i=$((i + 1)); sleep 0.1; done
[ -f "$IMAGE" ] || rescue "no boot medium (iso9660 labelled AIOS holding aios.sqfs) found"
mark "boot medium ($dev)"

# Check the image against the digests recorded at build time (/etc/aios-image). By default only the
# superblock and the metadata tables (a few MB, read at mount anyway); aios.verify=full hashes it all.
. /etc/aios-image
verify=$(arg aios.verify)
[ "$(stat -c %s "$IMAGE")" = "$IMAGE_SIZE" ] || rescue "$IMAGE is $(stat -c %s "$IMAGE") bytes, not the $IMAGE_SIZE this initrd was built with"
case "$verify" in
  off) ;;
  full) [ "$(sha256sum < "$IMAGE" | cut -d" " -f1)" = "$FULL_SHA256" ] || rescue "$IMAGE does not match its sha256 (corrupt or not this build's image)";;
  *) got=$({ dd if="$IMAGE" bs=4096 count=1; dd if="$IMAGE" bs=4096 skip="$META_SKIP"; } 2>/dev/null | sha256sum | cut -d" " -f1)
     [ "$got" = "$META_SHA256" ] || rescue "$IMAGE's metadata does not match its sha256 (corrupt or not this build's image)";;
esac
mount -t squashfs -o ro,loop "$IMAGE" /lower || rescue "cannot mount $IMAGE"
# PID 1 and every service run one binary (/usr/bin/aios, ~118 MB, half the image). Reading it whole in
# the background decompresses it in large sequential runs on the second CPU while stage 1 goes on, and
# PID 1's page faults then find it cached (the open file outlives the move of /lower and the switch).
[ "$(arg aios.preread)" = 0 ] || cat /lower/usr/bin/aios > /dev/null 2>&1 &
mark "system image checked (${verify:-meta}) and mounted"

# The root: the image read-only below, the overlay's upper layer on the state disk above (/etc, and
# what the package agent installs under /usr and /var/lib/dpkg, survive reboots).
mkdir -p "$STATE/overlay/upper" "$STATE/overlay/work"
ROOT=/newroot
mount -t overlay overlay -o "lowerdir=/lower,upperdir=$STATE/overlay/upper,workdir=$STATE/overlay/work" "$ROOT" \
  || rescue "cannot mount the overlay on $STATE/overlay"
mount --move "$STATE" "$ROOT/var/lib/aios"
STATE=$ROOT/var/lib/aios
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$ROOT/run"
mkdir -p "$ROOT/run/aios/medium" "$ROOT/run/aios/image" "$ROOT/run/lock"
mount --move /medium "$ROOT/run/aios/medium"
mount --move /lower "$ROOT/run/aios/image"
# Fresh mounts of the API filesystems in the new root (the same kernel objects); the initrd's go at the switch.
mount -t proc -o nosuid,nodev,noexec proc "$ROOT/proc"
mount -t sysfs -o nosuid,nodev,noexec sysfs "$ROOT/sys"
mount -t devtmpfs -o mode=0755,nosuid devtmpfs "$ROOT/dev"
mkdir -p "$ROOT/dev/pts" "$ROOT/dev/shm"
mount -t devpts -o gid=5,mode=0620,ptmxmode=0666 devpts "$ROOT/dev/pts"
mount -t tmpfs -o nosuid,nodev tmpfs "$ROOT/dev/shm"
mount -t tmpfs -o mode=1777,nosuid,nodev tmpfs "$ROOT/tmp"
mount -t cgroup2 -o nsdelegate cgroup2 "$ROOT/sys/fs/cgroup" 2>/dev/null
[ -e "$ROOT/dev/fd" ] || ln -s /proc/self/fd "$ROOT/dev/fd"
echo "${state_dev:-ram}" > "$ROOT/run/aios/state-device"
mark "overlay root"

# Every other driver (network cards, the firewall, the power button) from the system's own modules.
coldplug "chroot $ROOT modprobe"
# button + evdev: the ACPI power button as an input device, which init reads (init/power-button.ts).
chroot "$ROOT" modprobe -qa af_packet crc32c_generic nf_tables button evdev 2>/dev/null
mark "drivers loaded (pass $pass)"
hostname -F "$ROOT/etc/hostname"
ip link set lo up
# Unprivileged ICMP echo (datagram sockets, as systemd allows by default): the agents probe the gateway
# without raw-socket powers.
echo "0 2147483647" > /proc/sys/net/ipv4/ping_group_range 2>/dev/null
# Operator services and agents live on the state disk (as before the overlay existed, so they also
# outlive a factory reset).
for d in services agents; do
  mkdir -p "$STATE/config/$d"
  [ -L "$ROOT/etc/aios/$d" ] && continue
  [ "$d" = services ] && cp -n "$ROOT/etc/aios/services/README" "$STATE/config/services/" 2>/dev/null
  rm -rf "$ROOT/etc/aios/$d" && ln -s "/var/lib/aios/config/$d" "$ROOT/etc/aios/$d"
done
# config.toml, models.toml and config.d persist in the overlay's upper layer (and go with a factory
# reset). Before the overlay existed they lived in $STATE/config: bring such copies in once.
for f in config.toml models.toml config.d; do
  [ -e "$STATE/config/$f" ] && [ ! -L "$STATE/config/$f" ] || continue
  rm -rf "$ROOT/etc/aios/$f" && cp -a "$STATE/config/$f" "$ROOT/etc/aios/$f" && mv "$STATE/config/$f" "$STATE/config/$f.moved-to-etc"
done
# root's ssh keys stay on the state disk: the image carries none (the setup or QEMU's fw_cfg, through the
# seed service, adds them), and a factory reset must not lock the operator out.
mkdir -p -m 700 "$STATE/ssh" "$STATE/ssh/root"
[ -L "$ROOT/root/.ssh" ] || { rm -rf "$ROOT/root/.ssh" && ln -s /var/lib/aios/ssh/root "$ROOT/root/.ssh"; }

say "stage 1 done at $(cut -d" " -f1 /proc/uptime) s"
umount -l /proc /sys /dev
exec switch_root "$ROOT" /usr/bin/aios init
