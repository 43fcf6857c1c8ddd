// The system image: the rootfs as one read-only squashfs (zstd), plus the digests stage 1 checks.
// Stage 1 hashes only the superblock and the metadata tables (a few MB, read at mount time anyway), so
// checking costs no seconds at boot; the full-image digest is there for `aios.verify=full`.
import { createHash } from "node:crypto";
import { closeSync, openSync, readSync, statSync, writeFileSync } from "node:fs";
import { image } from "../../image/image.ts";
import { die, type BuildContext } from "../context.ts";

/** Stage 1 reads with dd in blocks of this size: the metadata range starts on such a block. */
export const VERIFY_BLOCK = 4096;

/**
 * Where the squashfs metadata begins, rounded down to a VERIFY_BLOCK: the inode table comes after all
 * the data blocks and fragments, and the directory, fragment, export, id and xattr tables follow it.
 */
export function metadataSkip(superblock: Buffer): number {
  if (superblock.length < 96 || superblock.readUInt32LE(0) !== 0x73717368) die("not a squashfs image (bad magic)");
  const inodeTable = Number(superblock.readBigUInt64LE(64));
  return Math.floor(inodeTable / VERIFY_BLOCK);
}

/** sha256 of the first block (the superblock) followed by every block from `skip` to the end. */
export function metadataDigest(file: string): { skip: number; sha256: string } {
  const fd = openSync(file, "r");
  try {
    const first = Buffer.alloc(VERIFY_BLOCK);
    const n = readSync(fd, first, 0, VERIFY_BLOCK, 0);
    const skip = metadataSkip(first);
    const hash = createHash("sha256").update(first.subarray(0, n));
    const buf = Buffer.alloc(1 << 20);
    for (let pos = skip * VERIFY_BLOCK; ;) {
      const got = readSync(fd, buf, 0, buf.length, pos);
      if (got === 0) break;
      hash.update(buf.subarray(0, got));
      pos += got;
    }
    return { skip, sha256: hash.digest("hex") };
  } finally { closeSync(fd); }
}

export async function fullDigest(file: string): Promise<string> {
  const hash = new Bun.CryptoHasher("sha256");
  const reader = Bun.file(file).stream().getReader();
  for (let r = await reader.read(); !r.done; r = await reader.read()) hash.update(r.value);
  return hash.digest("hex");
}

/** The shell-readable record stage 1 sources from the initrd (/etc/aios-image). */
export function imageRecord(meta: { skip: number; sha256: string }, full: string, size: number): string {
  return `IMAGE_SIZE=${size}\nMETA_SKIP=${meta.skip}\nMETA_SHA256=${meta.sha256}\nFULL_SHA256=${full}\n`;
}

export const squashfsPath = (ctx: BuildContext) => `${ctx.out}/aios.sqfs`;

export async function makeSquashfs(ctx: BuildContext): Promise<string> {
  const out = squashfsPath(ctx);
  const { level, blockSize } = image.systemImage;
  if (!Bun.which("mksquashfs")) die("mksquashfs not found", "apt-get install squashfs-tools on the build host");
  await ctx.run(["mksquashfs", ctx.rootfs, out, "-noappend", "-quiet", "-no-progress", "-comp", "zstd",
    "-Xcompression-level", String(level), "-b", blockSize, "-all-root"]);
  const size = statSync(out).size;
  writeFileSync(`${out}.record`, imageRecord(metadataDigest(out), await fullDigest(out), size));
  return `${(size / 1e6).toFixed(0)} MB (zstd -${level}, ${blockSize} blocks)`;
}
