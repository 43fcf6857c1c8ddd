// The installed disk's grub.cfg, on the ESP, read by both GRUB images (BIOS and UEFI). Slots are found
// by filesystem UUID, so a second aiOS disk in the machine cannot be booted by mistake.

export interface Uuids { slotA: string; slotB: string; state: string }

/**
 * The installed system boots with the kernel arguments of the system that installed it (the image's
 * own, as GRUB or the test harness gave them), less what names this boot: its slot and GRUB's own.
 */
export function kernelArgs(procCmdline: string): string {
  return procCmdline.trim().split(/\s+/).filter((a) => a && !/^(BOOT_IMAGE|initrd|aios\.slot|aios\.boot)=/.test(a)).join(" ");
}

/**
 * Slot A boots by default. Boot state (for A/B updates, runtime/update) is a GRUB environment block at
 * /boot/grubenv on the state partition (/var/lib/aios/boot/grubenv on the running system):
 * `aios_committed=b` there boots slot B. A trial (`aios_try`) is not chosen here: `aios.boot=grub` tells
 * stage 1 that the slot is GRUB's default, and stage 1 spends the trial's try and kexecs it, as on the
 * medium (GRUB's save_env would be a second counter, writing raw blocks of an ext4 file behind the
 * journal's back). A slot without a kernel is never offered.
 */
export function installedGrubConfig(u: Uuids, cmdline: string): string {
  const entry = (slot: "a" | "b", uuid: string) => `search --no-floppy --fs-uuid --set=slot_${slot} ${uuid}
if [ -f ($slot_${slot})/vmlinuz ]; then
  menuentry "aiOS (slot ${slot.toUpperCase()})" --id slot-${slot} {
    set root=$slot_${slot}
    linux /vmlinuz ${cmdline} aios.slot=${slot} aios.boot=grub
    initrd /initrd.img
  }
fi
`;
  return `serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=1
set default=slot-a
search --no-floppy --fs-uuid --set=state ${u.state}
if [ -f ($state)/boot/grubenv ]; then
  load_env --file ($state)/boot/grubenv
  if [ "$aios_committed" = b ]; then set default=slot-b; fi
fi
${entry("a", u.slotA)}${entry("b", u.slotB)}`;
}
