// QEMU command lines for the appliance, shared by `npm start`, the boot tests and the benchmarks.
// No KVM here: TCG with -cpu max (Bun needs SSE4.2; the default qemu64 CPU dies with SIGILL).
import { existsSync } from "node:fs";
import { image } from "../../image/image.ts";
import { seedKeysFile } from "../steps/rootfs.ts";

export interface VmOptions {
  out: string;
  /**
   * direct: -kernel/-initrd (fast), with the ISO as a read-only virtio disk for stage 1 to find the
   * system image on; bios/uefi: boot the ISO from a CD drive through GRUB.
   */
  boot: "direct" | "bios" | "uefi";
  kernel?: "cloud" | "generic";
  stateDisk?: string;
  /** bios/uefi: boot this installed disk (qcow2, boot index 0) through its own GRUB instead of the ISO. */
  bootDisk?: string;
  /** More qcow2 disks after all the others (an install's target): vdc on a direct boot with a state disk. */
  extraDisks?: string[];
  /** Where the serial console goes: a unix socket the caller connects to, or this terminal. */
  serial: { socket: string; log?: string } | "stdio";
  sshPort?: number;
  webPort?: number;
  memoryMb?: number;
  extraCmdline?: string;
  initrd?: string;
  /** A QMP socket (QEMU's machine protocol), for tests: system_powerdown presses the ACPI power button. */
  qmp?: string;
  /**
   * First-boot seeds through fw_cfg, read by the seed service: root's ssh keys (default: out/ssh/seed_keys
   * when the build made it; false: none) and whether the console's first-boot setup runs ("skip" by default).
   */
  seed?: { sshKeys?: string | false; setup?: "skip" | "ask" };
  /**
   * The network card on a tap device inside a network namespace (which the caller made, with the tap
   * in it) instead of user-mode networking; QEMU runs inside that namespace. The tap is then the only
   * card, because the appliance runs DHCP on its first card: a neighbour on a LAN sees exactly this.
   */
  tap?: TapNic;
}

export interface TapNic { netns: string; ifname: string; mac?: string }

export const OVMF_CODE = "/usr/share/OVMF/OVMF_CODE.fd";

export function qemuArgs(o: VmOptions): string[] {
  const args = ["qemu-system-x86_64", "-machine", "q35", "-cpu", "max", "-smp", "2", "-m", String(o.memoryMb ?? 2048),
    "-no-reboot", "-display", "none", "-vga", "std", "-device", "virtio-rng-pci",
    // A hardware watchdog that PID 1 feeds (init/watchdog.ts): a hung system resets, which -no-reboot turns into QEMU exiting.
    "-device", "i6300esb"];
  if (o.boot === "direct") {
    const cmdline = `${image.cmdline.replace("console=tty0 ", "")}${o.extraCmdline ? ` ${o.extraCmdline}` : ""}`;
    args.push("-kernel", `${o.out}/vmlinuz-${o.kernel ?? "cloud"}`, "-initrd", o.initrd ?? `${o.out}/initrd.img`, "-append", cmdline);
  } else {
    if (o.boot === "uefi") args.push("-drive", `if=pflash,format=raw,readonly=on,file=${OVMF_CODE}`);
    // bootindex makes SeaBIOS and OVMF alike try this disk first (no CD, no network boot).
    if (o.bootDisk) args.push("-drive", `file=${o.bootDisk},if=none,id=boot0,format=qcow2`, "-device", "virtio-blk-pci,drive=boot0,bootindex=0");
    else args.push("-drive", `file=${o.out}/aios.iso,media=cdrom,readonly=on`, "-boot", "d");
  }
  if (o.stateDisk) args.push("-drive", `file=${o.stateDisk},if=virtio,format=qcow2`);
  // After the state disk, so that it keeps the first virtio name (vda).
  if (o.boot === "direct") args.push("-drive", `file=${o.out}/aios.iso,if=virtio,format=raw,readonly=on`);
  for (const d of o.extraDisks ?? []) args.push("-drive", `file=${d},if=virtio,format=qcow2`);
  if (o.tap) {
    args.push("-netdev", `tap,id=n0,ifname=${o.tap.ifname},script=no,downscript=no`, "-device", `virtio-net-pci,netdev=n0${o.tap.mac ? `,mac=${o.tap.mac}` : ""}`);
  } else {
    const fwd = [o.sshPort ? `,hostfwd=tcp:127.0.0.1:${o.sshPort}-:22` : "", o.webPort ? `,hostfwd=tcp:127.0.0.1:${o.webPort}-:9090` : ""].join("");
    args.push("-nic", `user,model=virtio-net-pci${fwd}`);
  }
  const keys = o.seed?.sshKeys ?? seedKeysFile(o.out);
  if (keys && existsSync(keys)) args.push("-fw_cfg", `name=opt/aios/ssh_key,file=${keys}`);
  if ((o.seed?.setup ?? "skip") === "skip") args.push("-fw_cfg", "name=opt/aios/setup,string=skip");
  if (o.qmp) args.push("-qmp", `unix:${o.qmp},server=on,wait=off`);
  if (o.serial === "stdio") args.push("-serial", "mon:stdio");
  else args.push("-chardev", `socket,id=s0,path=${o.serial.socket},server=on,wait=on${o.serial.log ? `,logfile=${o.serial.log}` : ""}`, "-serial", "chardev:s0");
  return o.tap ? ["ip", "netns", "exec", o.tap.netns, ...args] : args;
}
