// `aiosctl update <file>`: verify the bundle, write it into the inactive slot, arm a trial boot. The
// slot's manifest.json goes first (the slot is then incomplete) and comes back last, and the trial is
// armed only after every part is on disk and checked: a power cut at any point leaves the old system
// booting, with at worst a slot that holds nothing.
import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readFileSync, readSync, renameSync, rmSync, writeSync } from "node:fs";
import { syncDir, writeAtomic } from "../durable.ts";
import { NotFoundError, SystemError } from "../errors.ts";
import { closeBundle, openBundle, UpdateRefused, type Manifest, type OpenedBundle } from "./bundle.ts";
import { readGrubEnv, writeGrubEnv } from "./grubenv.ts";
import { bootDir, grubenvPath, locateSlot, overlayDir, runningSystem, type UpdatePaths } from "./slots.ts";
import { arm, envOf, inactiveSlot, release, stateOf, type SlotId } from "./state.ts";

const CHUNK = 1 << 20;

export function publicKeyOf(p: UpdatePaths): string {
  if (!existsSync(p.publicKey)) throw new SystemError(`no update key at ${p.publicKey}: this image cannot check bundles`, "set update.public_key to the build's update.pub");
  return readFileSync(p.publicKey, "utf8");
}

/** Checks a bundle's signature and structure without writing anything. */
export function checkBundle(file: string, p: UpdatePaths): Manifest {
  if (!existsSync(file)) throw new NotFoundError(`no such file: ${file}`, "give the path of an update bundle (out/aios.update from a build), or an http(s) URL");
  const b = openBundle(file, publicKeyOf(p));
  closeBundle(b);
  return b.manifest;
}

/** Copies one part out of the bundle, hashing as it goes; a mismatch leaves nothing behind. */
function copyPart(b: OpenedBundle, i: number, to: string): void {
  const part = b.manifest.parts[i]!;
  const hash = createHash("sha256");
  const out = openSync(to, "w", 0o644);
  const buf = Buffer.alloc(CHUNK);
  try {
    for (let done = 0; done < part.size;) {
      const n = readSync(b.fd, buf, 0, Math.min(CHUNK, part.size - done), b.offsets[i]! + done);
      if (n === 0) throw new UpdateRefused("truncated", `the bundle ends inside ${part.name}`, "copy the bundle again");
      hash.update(buf.subarray(0, n));
      writeSync(out, buf, 0, n);
      done += n;
    }
    fsyncSync(out);
  } catch (err) { closeSync(out); rmSync(to, { force: true }); throw err; }
  closeSync(out);
  const got = hash.digest("hex");
  if (got !== part.sha256) {
    rmSync(to, { force: true });
    throw new UpdateRefused("bad-checksum", `the bundle's ${part.name} does not match its sha256 (manifest ${part.sha256.slice(0, 12)}…, content ${got.slice(0, 12)}…): it was changed or damaged after signing`, "get the bundle again from the build");
  }
}

export interface Applied { slot: SlotId; manifest: Manifest; dir: string }

export async function applyBundle(file: string, p: UpdatePaths, tries = 1): Promise<Applied> {
  if (!existsSync(file)) throw new NotFoundError(`no such file: ${file}`, "give the path of an update bundle (out/aios.update from a build), or an http(s) URL");
  const b = openBundle(file, publicKeyOf(p));
  try {
    mkdirSync(bootDir(p), { recursive: true });
    const env = readGrubEnv(grubenvPath(p));
    let state = stateOf(env);
    const running = runningSystem(p.cmdline);
    const slot = inactiveSlot(state, running);
    // Never write into a slot that a boot or a rollback may pick: drop it from the boot state first.
    if (state.trial === slot || state.previous === slot) { state = release(state, slot); writeGrubEnv(grubenvPath(p), envOf(state, env)); }
    // The slot's old upper layer belonged to the image being replaced. The new one starts on its first
    // boot from this system's /etc and packages (carry.ts; stage 1 reads carry-from).
    rmSync(overlayDir(p, slot), { recursive: true, force: true });
    mkdirSync(overlayDir(p, slot), { recursive: true });
    // What this system's own image installed, so the carry-over tells the operator's packages from it.
    const imageStatus = `${p.imageDir}/var/lib/dpkg/status`;
    if (p.imageDir && existsSync(imageStatus)) writeAtomic(`${overlayDir(p, slot)}/from-image-status`, readFileSync(imageStatus));
    writeAtomic(`${overlayDir(p, slot)}/carry-from`, `${running}\n`);
    const { dir } = await locateSlot(p, slot);
    mkdirSync(dir, { recursive: true });
    rmSync(`${dir}/manifest.json`, { force: true });
    syncDir(dir);
    b.manifest.parts.forEach((part, i) => copyPart(b, i, `${dir}/${part.name}.new`));
    for (const part of b.manifest.parts) renameSync(`${dir}/${part.name}.new`, `${dir}/${part.name}`);
    syncDir(dir);
    writeAtomic(`${dir}/manifest.json`, `${JSON.stringify(b.manifest, null, 2)}\n`);
    writeGrubEnv(grubenvPath(p), envOf(arm(state, slot, tries), env));
    return { slot, manifest: b.manifest, dir };
  } finally { closeBundle(b); }
}
