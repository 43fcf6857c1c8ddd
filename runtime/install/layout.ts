// The installed disk's layout, as data: a GPT with a BIOS boot partition (GRUB's core on BIOS), an ESP
// (GRUB for UEFI and the one grub.cfg both read), two system slots and the state partition. Pure: the
// sfdisk script and the sizes come from here, the writing from ./write.ts.
import { UserError } from "../errors.ts";

export const MiB = 1024 * 1024;
const SECTOR = 512;

export interface Part { name: string; label: string; type: string; startMiB: number; sizeMiB?: number }

/** GPT type GUIDs (sfdisk takes them as type=). */
export const TYPE = {
  biosBoot: "21686148-6449-6E6F-744E-656564454649",
  esp: "C12A7328-F81F-11D2-BA4B-00A0C93EC93B",
  linux: "0FC63DAF-8483-4772-8E79-3D69D8477DE4",
} as const;

export const ESP_MIB = 64;
/** The state partition's least size: below that the appliance has no room for models and snapshots. */
export const MIN_STATE_MIB = 512;
/** A slot holds twice what the running system needs (room for bigger updates), and never less than this. */
export const MIN_SLOT_MIB = 512;

/** Slot size for a system of `bytes` (kernel + initrd + image): twice that, in whole 64 MiB steps. */
export function slotMiB(bytes: number): number {
  return Math.max(MIN_SLOT_MIB, Math.ceil((2 * bytes) / (64 * MiB)) * 64);
}

/**
 * Partition 1 starts at 1 MiB (LBA 2048, where the BIOS boot sector points GRUB's core); the ESP is
 * partition 2 (the GRUB images look for grub.cfg on "(,gpt2)"); the state partition takes the rest.
 */
export function planLayout(diskBytes: number, systemBytes: number): Part[] {
  const slot = slotMiB(systemBytes);
  const parts: Part[] = [
    { name: "bios", label: "", type: TYPE.biosBoot, startMiB: 1, sizeMiB: 1 },
    { name: "esp", label: "AIOS-ESP", type: TYPE.esp, startMiB: 2, sizeMiB: ESP_MIB },
    { name: "slot-a", label: "AIOS-SLOT-A", type: TYPE.linux, startMiB: 2 + ESP_MIB, sizeMiB: slot },
    { name: "slot-b", label: "AIOS-SLOT-B", type: TYPE.linux, startMiB: 2 + ESP_MIB + slot, sizeMiB: slot },
    { name: "state", label: "AIOS-STATE", type: TYPE.linux, startMiB: 2 + ESP_MIB + 2 * slot },
  ];
  const need = 2 + ESP_MIB + 2 * slot + MIN_STATE_MIB + 1; // + the backup GPT at the end
  const have = Math.floor(diskBytes / MiB);
  if (have < need) throw new UserError(`the disk holds ${have} MiB; an install needs at least ${need} MiB (two ${slot} MiB system slots, the ESP and ${MIN_STATE_MIB} MiB of state)`, "choose a bigger disk");
  return parts;
}

/** sfdisk's input for the layout (sectors; the last partition takes the rest of the disk). */
export function sfdiskScript(parts: Part[]): string {
  const lines = parts.map((p) => {
    const size = p.sizeMiB === undefined ? "" : `, size=${(p.sizeMiB * MiB) / SECTOR}`;
    return `start=${(p.startMiB * MiB) / SECTOR}${size}, type=${p.type}, name="${p.label || p.name}"`;
  });
  return `label: gpt\nunit: sectors\n\n${lines.join("\n")}\n`;
}

/** The device node of partition n: sda → sda1, nvme0n1 and mmcblk0 → …p1. */
export function partitionPath(disk: string, n: number): string {
  return /\d$/.test(disk) ? `${disk}p${n}` : `${disk}${n}`;
}
