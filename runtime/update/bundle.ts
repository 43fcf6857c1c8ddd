// The update bundle, one file: "AIOSUPD1", the manifest's length (u32 LE), the manifest (JSON), its
// ed25519 signature (64 bytes), then each part's bytes in the manifest's order. The signature covers
// everything before it, so a reader checks it before trusting a single size or digest; each part's
// sha256 is then checked while it streams into the slot (runtime/update/apply.ts).
import { createPrivateKey, createPublicKey, sign, verify, type KeyObject } from "node:crypto";
import { closeSync, fstatSync, openSync, readSync } from "node:fs";
import { AiosError } from "../errors.ts";

export const MAGIC = "AIOSUPD1";
export const SIG_BYTES = 64;
/** The parts every bundle carries, in this order, and the names they have in a slot. */
export const PARTS = ["vmlinuz", "initrd.img", "aios.sqfs"] as const;
export type PartName = (typeof PARTS)[number];
const MAX_MANIFEST = 64 * 1024;

export interface Part { name: PartName; size: number; sha256: string }
export interface Manifest { format: 1; version: string; built: string; parts: Part[] }

export type RefusalKind = "not-a-bundle" | "truncated" | "bad-manifest" | "bad-signature" | "bad-checksum";

/** A bundle we will not install; `kind` says what is wrong with it. */
export class UpdateRefused extends AiosError {
  constructor(readonly kind: RefusalKind, message: string, hint?: string) { super(message, hint); }
}

/** The signed header: magic, length and manifest. */
export function headerBytes(manifest: Manifest): Buffer {
  const json = Buffer.from(JSON.stringify(manifest));
  const len = Buffer.alloc(4);
  len.writeUInt32LE(json.length);
  return Buffer.concat([Buffer.from(MAGIC), len, json]);
}

export function signHeader(header: Buffer, privateKeyPem: string): Buffer {
  return sign(null, header, createPrivateKey(privateKeyPem));
}

function checkManifest(raw: unknown): Manifest {
  const bad = (why: string): never => { throw new UpdateRefused("bad-manifest", `the bundle's manifest is malformed: ${why}`); };
  const m = raw as Manifest;
  if (!m || typeof m !== "object") bad("not an object");
  if (m.format !== 1) bad(`format ${JSON.stringify(m.format)} (this system reads format 1)`);
  if (typeof m.version !== "string" || !/^[\w.+~:-]{1,64}$/.test(m.version)) bad("version must be 1-64 characters of letters, digits and . + ~ : - _");
  if (typeof m.built !== "string") bad("built is missing");
  if (!Array.isArray(m.parts) || m.parts.length !== PARTS.length) bad(`parts must be ${PARTS.join(", ")}`);
  m.parts.forEach((p, i) => {
    if (p?.name !== PARTS[i]) bad(`part ${i + 1} is ${JSON.stringify(p?.name)}, expected ${PARTS[i]}`);
    if (!Number.isSafeInteger(p.size) || p.size <= 0) bad(`${p.name}: size must be a positive integer`);
    if (typeof p.sha256 !== "string" || !/^[0-9a-f]{64}$/.test(p.sha256)) bad(`${p.name}: sha256 must be 64 hex digits`);
  });
  return m;
}

export interface OpenedBundle { manifest: Manifest; /** Where each part's bytes start in the file. */ offsets: number[]; fd: number; size: number }

/**
 * Opens a bundle and checks its header: magic, signature (before the manifest is believed), and that
 * the file is as long as the manifest says. The caller closes `fd` (closeBundle).
 */
export function openBundle(path: string, publicKey: KeyObject | string): OpenedBundle {
  const fd = openSync(path, "r");
  try {
    const size = fstatSync(fd).size;
    const head = Buffer.alloc(12);
    if (readSync(fd, head, 0, 12, 0) < 12) throw new UpdateRefused("truncated", `${path} is ${size} bytes: too short to be an update bundle`);
    if (head.subarray(0, 8).toString("latin1") !== MAGIC) throw new UpdateRefused("not-a-bundle", `${path} is not an aiOS update bundle (no ${MAGIC} magic)`, "use the out/aios.update file a build writes");
    const len = head.readUInt32LE(8);
    if (len === 0 || len > MAX_MANIFEST) throw new UpdateRefused("bad-manifest", `the bundle's manifest length (${len}) is not plausible`);
    const header = Buffer.alloc(12 + len + SIG_BYTES);
    if (readSync(fd, header, 0, header.length, 0) < header.length) throw new UpdateRefused("truncated", `${path} ends inside its header (${size} bytes)`, "copy the bundle again");
    const signed = header.subarray(0, 12 + len);
    const sig = header.subarray(12 + len);
    const key = typeof publicKey === "string" ? createPublicKey(publicKey) : publicKey;
    if (!verify(null, signed, key, sig)) {
      throw new UpdateRefused("bad-signature", "the bundle's signature does not verify with this system's update key (/usr/share/aios/update.pub)", "install only bundles built with this appliance's build key");
    }
    let raw: unknown;
    try { raw = JSON.parse(signed.subarray(12).toString("utf8")); } catch { throw new UpdateRefused("bad-manifest", "the bundle's manifest is not JSON"); }
    const manifest = checkManifest(raw);
    const offsets: number[] = [];
    let at = header.length;
    for (const p of manifest.parts) { offsets.push(at); at += p.size; }
    if (size < at) throw new UpdateRefused("truncated", `${path} is ${size} bytes, the manifest says ${at}: the file is truncated`, "copy the bundle again");
    if (size > at) throw new UpdateRefused("bad-manifest", `${path} has ${size - at} bytes past its last part`);
    return { manifest, offsets, fd, size };
  } catch (err) { closeSync(fd); throw err; }
}

export const closeBundle = (b: OpenedBundle) => closeSync(b.fd);
