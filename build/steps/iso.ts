// The hybrid ISO (BIOS + UEFI, CD and USB stick) via grub-mkrescue, with GRUB on serial and VGA. It holds
// the kernel, the small initrd and the system image (/aios.sqfs), which stage 1 finds by the label AIOS.
import { copyFileSync, linkSync, mkdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { image } from "../../image/image.ts";
import type { BuildContext } from "../context.ts";
import { squashfsPath } from "./squashfs.ts";

export function grubConfig(): string {
  // all_video gives the kernel a framebuffer under UEFI (else GRUB boots it "blind": no VGA console).
  return `insmod all_video
serial --unit=0 --speed=115200
terminal_input serial console
terminal_output serial console
set timeout=2
set default=0
menuentry "aiOS" {
  linux /boot/vmlinuz ${image.cmdline}
  initrd /boot/initrd.img
}
menuentry "aiOS factory system (ignore installed updates)" {
  linux /boot/vmlinuz ${image.cmdline} aios.slot=factory
  initrd /boot/initrd.img
}
menuentry "aiOS (state in RAM, ignore disks)" {
  linux /boot/vmlinuz ${image.cmdline} aios.state=ram
  initrd /boot/initrd.img
}
`;
}

export async function makeIso(ctx: BuildContext): Promise<string> {
  const tree = `${ctx.out}/iso`;
  rmSync(tree, { recursive: true, force: true });
  mkdirSync(`${tree}/boot/grub`, { recursive: true });
  const generic = Object.entries(image.kernels).find(([, k]) => k.iso)![0];
  copyFileSync(`${ctx.out}/vmlinuz-${generic}`, `${tree}/boot/vmlinuz`);
  copyFileSync(`${ctx.out}/initrd.img`, `${tree}/boot/initrd.img`);
  linkSync(squashfsPath(ctx), `${tree}/aios.sqfs`); // a hard link: no 100 MB copy
  writeFileSync(`${tree}/boot/grub/grub.cfg`, grubConfig());
  // No locales, fonts or themes (GRUB talks plain text on serial and VGA) and xz-packed modules: ~11 MB less.
  await ctx.run(["grub-mkrescue", "--locales=", "--fonts=", "--themes=", "--compress=xz", "-o", `${ctx.out}/aios.iso`, tree, "--", "-volid", "AIOS"]);
  rmSync(tree, { recursive: true, force: true });
  return `${(statSync(`${ctx.out}/aios.iso`).size / 1e6).toFixed(0)} MB`;
}
