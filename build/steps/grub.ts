// GRUB for installed disks, made here with the host's grub-mkimage so the appliance needs no GRUB
// packages (a few hundred KB instead of ~25 MB): boot.img + core.img for BIOS (aiosctl install writes
// them to the MBR and the BIOS boot partition) and a removable-path BOOTX64.EFI for UEFI. Both carry
// every module they need and look for grub.cfg on their own disk's ESP (partition 2).
import { copyFileSync, mkdirSync, statSync } from "node:fs";
import { GRUB_DIR } from "../../runtime/install/write.ts";
import type { BuildContext } from "../context.ts";

/**
 * "(,gpt2)": the disk GRUB was loaded from, partition 2 (the ESP in the installer's layout). GRUB
 * fills in the disk itself, so the same image works on whatever disk it is written to.
 */
const PREFIX = "(,gpt2)/boot/grub";

const COMMON = ["part_gpt", "fat", "ext2", "normal", "linux", "search", "search_fs_uuid", "search_label", "configfile",
  "echo", "test", "loadenv", "serial", "terminal", "sleep", "true", "halt", "reboot"];

export async function makeGrubImages(ctx: BuildContext): Promise<string> {
  const dir = `${ctx.rootfs}${GRUB_DIR}`;
  mkdirSync(dir, { recursive: true });
  await ctx.run(["grub-mkimage", "-O", "i386-pc", "-o", `${dir}/core.img`, "-p", PREFIX, "biosdisk", ...COMMON]);
  copyFileSync("/usr/lib/grub/i386-pc/boot.img", `${dir}/boot.img`);
  await ctx.run(["grub-mkimage", "-O", "x86_64-efi", "-o", `${dir}/bootx64.efi`, "-p", PREFIX, ...COMMON, "efi_gop", "efi_uga", "all_video"]);
  const kb = (f: string) => Math.ceil(statSync(`${dir}/${f}`).size / 1024);
  return `core.img ${kb("core.img")} KB, bootx64.efi ${kb("bootx64.efi")} KB`;
}
