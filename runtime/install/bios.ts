// What grub-bios-setup does for a core image embedded in a BIOS boot partition, for the one layout we
// write: boot.img in the MBR pointing at core.img's first sector, and core.img's first sector
// (diskboot) pointing at the rest of it. Offsets are GRUB's (include/grub/i386/pc/boot.h).
import { SystemError } from "../errors.ts";

const KERNEL_SECTOR = 0x5c;   // boot.img: LBA of core.img's first sector (8 bytes)
const DRIVE_CHECK = 0x66;     // boot.img: a jmp over the floppy workaround; nop'd for hard disks
const MBR_CODE_END = 0x1b8;   // boot.img's code ends where the disk signature and partition table begin
const BLOCKLIST = 0x200 - 12; // diskboot: {start: u64, len: u16, segment: u16} at the end of sector 0

/** The MBR: boot.img's code over the disk's own sector 0, whose signature and protective MBR stay. */
export function bootSector(bootImg: Uint8Array, mbr: Uint8Array, coreLba: number): Buffer {
  if (bootImg.length !== 512 || mbr.length !== 512) throw new SystemError("boot.img and the MBR must be one 512-byte sector each");
  if (mbr[510] !== 0x55 || mbr[511] !== 0xaa) throw new SystemError("the disk has no protective MBR (sfdisk should have written one)");
  const out = Buffer.from(mbr);
  Buffer.from(bootImg).copy(out, 0, 0, MBR_CODE_END);
  out.writeBigUInt64LE(BigInt(coreLba), KERNEL_SECTOR);
  out[DRIVE_CHECK] = 0x90;
  out[DRIVE_CHECK + 1] = 0x90;
  return out;
}

/** core.img with its block list pointing at the sectors after its first one, at `coreLba`. */
export function coreImage(coreImg: Uint8Array, coreLba: number, room: number): Buffer {
  const out = Buffer.from(coreImg);
  const sectors = Math.ceil(out.length / 512) - 1;
  if (out.length > room) throw new SystemError(`GRUB's core image (${out.length} bytes) does not fit the ${room}-byte BIOS boot partition`);
  if (out.readUInt16LE(BLOCKLIST + 8) !== sectors) throw new SystemError(`core.img's block list says ${out.readUInt16LE(BLOCKLIST + 8)} sectors, not ${sectors}: not an i386-pc core image from grub-mkimage`);
  out.writeBigUInt64LE(BigInt(coreLba + 1), BLOCKLIST);
  return out;
}
