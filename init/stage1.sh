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
# crc32c first: ext4 asks the crypto API for it at mount (a softdep busybox's modprobe ignores), and the
# generic kernel (the ISO's, an update slot's) has it as a module: without it mount says ENOENT.
modprobe -qa loop squashfs overlay isofs crc32c_generic ext4 2>/dev/null
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

# `aiosctl reset --factory` leaves this marker: drop the overlay, every system's upper layer
# (configuration and installed packages, and the .debs kept to carry them over) before it is mounted;
# "wipe-state" erases the rest of the state disk too.
if [ -f "$STATE/factory-reset" ]; then
  read -r how < "$STATE/factory-reset"
  if [ "$how" = wipe-state ]; then
    say "factory reset: erasing the state disk"
    for f in "$STATE"/* "$STATE"/.[!.]*; do [ "$f" = "$STATE/lost+found" ] || rm -rf "$f"; done
  else
    say "factory reset: dropping the overlay (configuration and installed packages)"
    rm -rf "$STATE/overlay" "$STATE/packages" "$STATE/factory-reset"
  fi
fi

# A/B updates (runtime/update/): the boot state is a GRUB environment block on the state disk. Without
# aios.slot= this is the boot medium's own stage 1: it spends one try of an armed trial and boots that
# slot, drops a trial whose tries are spent (the fallback, recorded for the audit log), and boots the
# committed slot, each by kexec into the slot's own kernel and initrd with aios.slot=X added. With
# aios.slot=X this is that slot's stage 1: its system image comes from the slot, checked against this
# initrd's digests. aios.slot=factory (or nothing committed) boots the medium's own system. An installed
# disk's GRUB boots the committed slot with aios.slot=X aios.boot=grub: X is then only the default, and
# an armed trial is spent and kexeced here as on the medium (one counter, kept by one program).
BOOT=$STATE/boot
SLOT="" GRUB_SLOT="" args=""
for a in $CMDLINE; do case "$a" in aios.slot=*) SLOT=${a#*=};; aios.boot=*) ;; *) args="$args $a";; esac; done   # no fork: arg would take one
case " $CMDLINE " in *" aios.boot=grub "*) GRUB_SLOT=$SLOT SLOT="";; esac
event() { mkdir -p "$BOOT"; echo "$(date +%s) $*" >> "$BOOT/events"; sync; }
read_env() {
  committed=factory previous="" try="" tries=0 factory=yes extra=""
  [ -f "$BOOT/grubenv" ] || return 0
  while IFS= read -r line || [ -n "$line" ]; do
    case "$line" in
      aios_committed=*) committed=${line#*=};; aios_previous=*) previous=${line#*=};;
      aios_try=*) try=${line#*=};; aios_tries=*) tries=${line#*=};; aios_factory=*) factory=${line#*=};;
      "#"*|"") ;;
      *=*) extra="$extra$line
";;
    esac
  done < "$BOOT/grubenv"
  case "$tries" in ""|*[!0-9]*) tries=0;; esac
  no_factory
}
# An installed disk (aios_factory=no) has no factory system: its GRUB boots slot a unless b is
# committed, and a previous that is no slot names nothing (as stateOf in runtime/update/state.ts).
no_factory() {
  [ "$factory" = no ] || return 0
  case "$committed" in a|b) ;; *) committed=a;; esac
  case "$previous" in a|b) ;; *) previous="";; esac
}
# Same format as runtime/update/grubenv.ts: 1024 bytes, '#'-padded; a new file renamed over the old.
write_env() {
  body="# GRUB Environment Block
${extra}aios_committed=$committed
aios_previous=$previous
aios_try=$try
aios_tries=$tries
aios_factory=$factory
"
  { printf '%s' "$body"; head -c $((1024 - ${#body})) /dev/zero | tr '\0' '#'; } > "$BOOT/grubenv.new" && sync && mv "$BOOT/grubenv.new" "$BOOT/grubenv" && sync
}
# SLOTDIR for slot $1: its partition (labelled AIOS-SLOT-A/B, mounted at /slot) or its folder on the state disk.
slot_dir() {
  case "$1" in a) label=AIOS-SLOT-A;; *) label=AIOS-SLOT-B;; esac
  dev=$(blkid -L "$label" 2>/dev/null)
  if [ -n "$dev" ] && mount -o ro "$dev" /slot 2>/dev/null; then SLOTDIR=/slot; else SLOTDIR=$STATE/slots/$1; fi
}
boot_slot() {
  slot_dir "$1"
  why=""
  for f in manifest.json vmlinuz initrd.img aios.sqfs; do [ -f "$SLOTDIR/$f" ] || why="slot $1 has no $f"; done
  if [ -z "$why" ]; then
    say "booting update slot $1"
    mark "kexec slot $1"
    if kexec -l "$SLOTDIR/vmlinuz" --initrd="$SLOTDIR/initrd.img" --command-line="${args# } aios.slot=$1" 2>/kexec.err \
      || kexec -s -l "$SLOTDIR/vmlinuz" --initrd="$SLOTDIR/initrd.img" --command-line="${args# } aios.slot=$1" 2>>/kexec.err; then
      umount /slot 2>/dev/null; umount "$STATE"
      kexec -e
      mount -t ext4 -o noatime,commit=5 "$state_dev" "$STATE"
    fi
    why="kexec of slot $1's kernel failed: $(tail -n 1 /kexec.err)"
  fi
  umount /slot 2>/dev/null; SLOTDIR=""
  event "slot-failed $1 $why; booted ${GRUB_SLOT:-the factory system} instead"
  say "$why: booting ${GRUB_SLOT:-the factory system}"
}
if [ -z "$SLOT" ] && [ -n "$state_dev" ] && [ -f "$BOOT/grubenv" ]; then   # the medium's, or GRUB's default
  read_env
  # GRUB booted a slot: this is an installed disk, whose boot state says so (disks installed before
  # aios_factory existed learn it here, once).
  [ -n "$GRUB_SLOT" ] && [ "$factory" != no ] && { factory=no; no_factory; write_env; }
  target=${GRUB_SLOT:-$committed}
  if [ -n "$try" ]; then
    if [ "$tries" -gt 0 ]; then
      tries=$((tries - 1)); write_env; target=$try
      say "trial boot of update slot $try ($tries more left)"
    else
      event "fallback $try the trial boot of slot $try never committed (not healthy, hung or crashed); booted $target"
      say "update slot $try never committed: falling back to $target"
      try="" tries=0; write_env
    fi
  fi
  [ "$target" = "$GRUB_SLOT" ] || case "$target" in a|b) boot_slot "$target";; esac
fi
SLOT=${SLOT:-$GRUB_SLOT}
# A slot that cannot come up must not leave the box in a shell: record why, un-commit it (a trial
# has spent its try already) and reboot into the previous system, else the factory one. An installed
# disk has no factory system: with no previous slot either, rebooting would boot this slot again, in
# a loop, so the shell it is.
slot_rescue() {
  event "slot-failed $SLOT stage 1 of slot $SLOT: $*"
  read_env
  if [ "$committed" = "$SLOT" ] && [ "$try" != "$SLOT" ]; then
    back=$previous
    [ -z "$back" ] && [ "$factory" != no ] && back=factory
    if [ -z "$back" ]; then
      say "$*; there is no other system to boot (no previous slot, and an installed disk has no factory system)"
      say "stage 1 cannot go on; here is a shell (the initrd's busybox)"; exec sh
    fi
    committed=$back previous=""; write_env
  fi
  say "$*; rebooting into the previous system"
  sync; umount /slot "$STATE" 2>/dev/null; sleep 2; reboot -f
}
case "$SLOT" in
  a|b) rescue() { slot_rescue "$@"; }
       slot_dir "$SLOT"; IMAGE=$SLOTDIR/aios.sqfs
       [ -f "$IMAGE" ] || rescue "slot $SLOT holds no aios.sqfs"
       mark "update slot $SLOT ($SLOTDIR)";;
esac

# The boot medium: an iso9660 filesystem labelled AIOS (the ISO as a CD, a USB stick or, for direct
# -kernel boots, a read-only virtio disk) holding the system image. CD and USB drives come up slowly.
# Whole devices are probed one by one: blkid's label search skips a disk that has partitions, and the
# hybrid ISO carries a partition table beside its iso9660 filesystem.
[ -n "$IMAGE" ] || IMAGE=/medium/aios.sqfs
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
if [ "$IMAGE" = /medium/aios.sqfs ]; then
  i=0
  while [ $i -lt 100 ] && ! find_medium; do i=$((i + 1)); sleep 0.1; done
  [ -f "$IMAGE" ] || rescue "no boot medium (iso9660 labelled AIOS holding aios.sqfs) found"
  mark "boot medium ($dev)"
fi

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
# what the package agent installs under /usr and /var/lib/dpkg, survive reboots). Each system (factory,
# slot a, slot b) has its own upper layer, so no image is shadowed by another's /usr or dpkg database.
# An updated slot's first boot starts from a copy of the /etc of the system `aiosctl update` ran on
# (carry-from); the update service then installs that system's packages again (runtime/update/carry.ts).
OV=$STATE/overlay/${SLOT:-factory}
# Before A/B upper layers there was one, for whichever system ran: it is this one's.
[ -d "$STATE/overlay/upper" ] && [ ! -e "$OV/upper" ] && mkdir -p "$OV" && mv "$STATE/overlay/upper" "$STATE/overlay/work" "$OV/" 2>/dev/null
if [ ! -d "$OV/upper" ]; then
  rm -rf "$OV/upper.new" && mkdir -p "$OV/upper.new"
  from=""; [ -f "$OV/carry-from" ] && read -r from < "$OV/carry-from"
  case "$from" in factory|a|b) ;; *) from="";; esac
  if [ -n "$from" ] && [ -d "$STATE/overlay/$from/upper/etc" ]; then
    say "first boot of this system: configuration carried over from the $from system"
    cp -a "$STATE/overlay/$from/upper/etc" "$OV/upper.new/" || say "copying $from's /etc failed: some configuration stays as built"
    # Generated from the old image's libraries: the new image's own is right (ldconfig runs after the carry).
    rm -f "$OV/upper.new/etc/ld.so.cache"
    # Accounts the new image brings (a new service's user) must not be hidden by the carried copies.
    for f in passwd group shadow gshadow; do
      [ -f "$OV/upper.new/etc/$f" ] && awk -F: 'NR == FNR { seen[$1] = 1; next } !seen[$1]' "$OV/upper.new/etc/$f" "/lower/etc/$f" >> "$OV/upper.new/etc/$f"
    done
  fi
  sync && mv "$OV/upper.new" "$OV/upper"
fi
mkdir -p "$OV/work"
ROOT=/newroot
mount -t overlay overlay -o "lowerdir=/lower,upperdir=$OV/upper,workdir=$OV/work" "$ROOT" \
  || rescue "cannot mount the overlay on $OV"
mount --move "$STATE" "$ROOT/var/lib/aios"
STATE=$ROOT/var/lib/aios
mount -t tmpfs -o mode=0755,nosuid,nodev tmpfs "$ROOT/run"
mkdir -p "$ROOT/run/aios/medium" "$ROOT/run/aios/image" "$ROOT/run/lock"
[ "$IMAGE" = /medium/aios.sqfs ] && mount --move /medium "$ROOT/run/aios/medium"
if [ "$SLOTDIR" = /slot ]; then
  mkdir -p "$ROOT/run/aios/slot" "$ROOT/run/aios/slots/$SLOT" && mount --move /slot "$ROOT/run/aios/slot"
  # Also where runtime/update looks for slot X's partition: the update service has no power to mount
  # it there itself, and a second mount of a read-only mounted ext4 could only be read-only anyway.
  mount --bind "$ROOT/run/aios/slot" "$ROOT/run/aios/slots/$SLOT"
fi
[ -n "$SLOT" ] && echo "$SLOT" > "$ROOT/run/aios/slot-booted"
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
# The image's /etc/machine-id is empty: each appliance makes its own once (the overlay's upper layer keeps it).
[ -s "$ROOT/etc/machine-id" ] || { read -r id < /proc/sys/kernel/random/uuid; echo "${id//-/}" > "$ROOT/etc/machine-id"; }
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
