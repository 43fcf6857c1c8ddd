// The bundle format and what applying one does to real files in a temp dir: a good bundle lands in
// the inactive slot and arms a trial; a bad signature, a changed part and a truncated file are refused
// with their kind, and leave nothing armed.
import { generateKeyPairSync } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { beforeEach, describe, expect, it } from "vitest";
import { applyBundle, checkBundle } from "../../../runtime/update/apply.ts";
import { UpdateRefused } from "../../../runtime/update/bundle.ts";
import { UserError } from "../../../runtime/errors.ts";
import { readGrubEnv, writeGrubEnv } from "../../../runtime/update/grubenv.ts";
import { grubenvPath, type UpdatePaths } from "../../../runtime/update/slots.ts";
import { envOf, stateOf } from "../../../runtime/update/state.ts";
import { writeBundle } from "../../../runtime/update/write.ts";

const pair = () => {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return { priv: privateKey.export({ type: "pkcs8", format: "pem" }) as string, pub: publicKey.export({ type: "spki", format: "pem" }) as string };
};
const key = pair();

let dir: string;
let paths: UpdatePaths;
const make = (name: string, version = "2.0", priv = key.priv) => {
  const parts = { "vmlinuz": `${dir}/k`, "initrd.img": `${dir}/i`, "aios.sqfs": `${dir}/s` };
  writeFileSync(parts.vmlinuz, "kernel bytes");
  writeFileSync(parts["initrd.img"], "initrd bytes");
  writeFileSync(parts["aios.sqfs"], Buffer.alloc(3 << 20, 7)); // more than one copy chunk
  writeBundle(`${dir}/${name}`, { version, parts, privateKeyPem: priv });
  return `${dir}/${name}`;
};
const refusal = async (f: () => unknown): Promise<UpdateRefused> => {
  try { await f(); } catch (e) { if (e instanceof UpdateRefused) return e; throw e; }
  throw new Error("not refused");
};

beforeEach(() => {
  dir = mkdtempSync(`${tmpdir()}/aios-update-`);
  writeFileSync(`${dir}/update.pub`, key.pub);
  paths = { stateDir: `${dir}/state`, runDir: `${dir}/run`, cmdline: "console=ttyS0", publicKey: `${dir}/update.pub`, versionFile: `${dir}/version`, partitions: false };
});

describe("update bundles", () => {
  it("writes the parts into the inactive slot, then arms one trial boot of it", async () => {
    const file = make("good.update");
    expect(readFileSync(file).subarray(0, 8).toString()).toBe("AIOSUPD1");
    expect(checkBundle(file, paths).version).toBe("2.0");
    const r = await applyBundle(file, paths);
    expect(r.slot).toBe("a");
    expect(readFileSync(`${dir}/state/slots/a/initrd.img`, "utf8")).toBe("initrd bytes");
    expect(readFileSync(`${dir}/state/slots/a/aios.sqfs`).length).toBe(3 << 20);
    expect(JSON.parse(readFileSync(`${dir}/state/slots/a/manifest.json`, "utf8")).version).toBe("2.0");
    expect(stateOf(readGrubEnv(grubenvPath(paths)))).toEqual({ factory: true, committed: "factory", previous: "", trial: "a", tries: 1 });
  });

  it("refuses a bundle signed with another key before believing its manifest", async () => {
    const file = make("other.update", "2.0", pair().priv);
    const e = await refusal(() => applyBundle(file, paths));
    expect(e.kind).toBe("bad-signature");
    expect(e.message).toContain("signature");
    expect(existsSync(`${dir}/state/slots`)).toBe(false);
  });

  it("refuses a part changed after signing, and leaves the slot incomplete and nothing armed", async () => {
    const file = make("changed.update");
    const bytes = readFileSync(file);
    bytes[bytes.length - 100] = bytes[bytes.length - 100]! ^ 0xff; // inside aios.sqfs
    writeFileSync(file, bytes);
    const e = await refusal(() => applyBundle(file, paths));
    expect(e.kind).toBe("bad-checksum");
    expect(e.message).toContain("aios.sqfs does not match its sha256");
    expect(existsSync(`${dir}/state/slots/a/manifest.json`)).toBe(false);
    expect(existsSync(`${dir}/state/slots/a/aios.sqfs.new`)).toBe(false);
    expect(stateOf(readGrubEnv(grubenvPath(paths))).trial).toBe("");
  });

  it("refuses a truncated file and one that is not a bundle", async () => {
    const file = make("short.update");
    truncateSync(file, readFileSync(file).length - 10);
    expect((await refusal(() => applyBundle(file, paths))).kind).toBe("truncated");
    truncateSync(file, 30);
    expect((await refusal(() => applyBundle(file, paths))).kind).toBe("truncated");
    writeFileSync(`${dir}/junk`, "PK\x03\x04 not an update at all");
    expect((await refusal(() => applyBundle(`${dir}/junk`, paths))).kind).toBe("not-a-bundle");
  });

  it("writes the next update into the other slot once one is committed", async () => {
    await applyBundle(make("one.update", "2.0"), paths);
    writeFileSync(grubenvPath(paths), readFileSync(grubenvPath(paths), "latin1").replace("aios_committed=factory", "aios_committed=a").replace("aios_try=a", "aios_try="));
    const r = await applyBundle(make("two.update", "3.0"), { ...paths, cmdline: "quiet aios.slot=a" });
    expect(r.slot).toBe("b");
    expect(stateOf(readGrubEnv(grubenvPath(paths)))).toMatchObject({ committed: "a", trial: "b", tries: 1 });
  });

  it("drops the previous system from the boot state before it overwrites that slot, and refuses when no slot is free", async () => {
    // An installed disk: b committed, a before it, b running.
    mkdirSync(`${dir}/state/boot`, { recursive: true });
    writeGrubEnv(grubenvPath(paths), envOf({ factory: false, committed: "b", previous: "a", trial: "", tries: 0 }));
    const running = { ...paths, cmdline: "aios.slot=b aios.boot=grub" };
    expect((await applyBundle(make("next.update", "3.0"), running)).slot).toBe("a");
    // Slot a holds the new system now: a rollback from b must not pick it.
    expect(stateOf(readGrubEnv(grubenvPath(paths)))).toEqual({ factory: false, committed: "b", previous: "", trial: "a", tries: 1 });
    // Slot a's trial runs, not yet committed: both slots are taken.
    const e = await applyBundle(make("third.update", "4.0"), { ...paths, cmdline: "aios.slot=a" }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(UserError);
    expect((e as UserError).message).toBe("no slot is free for an update: slot a runs and slot b is committed");
    expect(stateOf(readGrubEnv(grubenvPath(paths)))).toMatchObject({ committed: "b", trial: "a", tries: 1 });
  });
});
