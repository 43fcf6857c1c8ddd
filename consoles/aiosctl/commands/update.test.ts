// aiosctl update as a person types it: a bundle path is `update apply`, a refused bundle is exit 1
// with what is wrong (JSON on stdout under --json), a missing one exit 4.
import { spawnSync } from "node:child_process";
import { generateKeyPairSync } from "node:crypto";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { writeGrubEnv } from "../../../runtime/update/grubenv.ts";
import { envOf } from "../../../runtime/update/state.ts";
import { writeBundle } from "../../../runtime/update/write.ts";

const entry = join(import.meta.dirname, "..", "aiosctl.ts");
const dir = mkdtempSync(`${tmpdir()}/aiosctl-update-`);
const key = () => generateKeyPairSync("ed25519");
const mine = key();
writeFileSync(`${dir}/update.pub`, mine.publicKey.export({ type: "spki", format: "pem" }));
const env = { ...process.env, AIOS_CONTROL: "/nonexistent/init.sock", AIOS_STATE_DIR: `${dir}/state`, AIOS_RUN_DIR: `${dir}/run`, AIOS_UPDATE_PUBLIC_KEY: `${dir}/update.pub`, AIOS_AUDIT_DB: `${dir}/audit.db` };
const run = (...args: string[]) => spawnSync(process.execPath, [entry, ...args], { encoding: "utf8", env });

describe("aiosctl update", () => {
  it("refuses a bundle signed with another key (exit 1, JSON), and a missing file (exit 4)", () => {
    for (const f of ["k", "i", "s"]) writeFileSync(`${dir}/${f}`, f);
    writeBundle(`${dir}/other.update`, { version: "9", parts: { "vmlinuz": `${dir}/k`, "initrd.img": `${dir}/i`, "aios.sqfs": `${dir}/s` }, privateKeyPem: key().privateKey.export({ type: "pkcs8", format: "pem" }) as string });
    const r = run("update", `${dir}/other.update`, "--json");
    expect(r.status, r.stderr).toBe(1);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: expect.stringContaining("signature does not verify"), code: 1 });
    expect(run("update", `${dir}/missing.update`).status).toBe(4);
  });

  it("shows an empty status on a system that never updated", () => {
    const r = run("update", "status", "--json");
    expect(r.status, r.stderr).toBe(0);
    expect(JSON.parse(r.stdout)).toMatchObject({ running: "factory", committed: "factory", trial: "", slots: [{ slot: "a", version: null }, { slot: "b", version: null }] });
  });

  it("refuses a rollback on a freshly installed disk: no previous slot, no factory system (exit 2, with a hint)", () => {
    mkdirSync(`${dir}/state/boot`, { recursive: true });
    const grubenv = `${dir}/state/boot/grubenv`;
    writeGrubEnv(grubenv, envOf({ factory: false, committed: "a", previous: "", trial: "", tries: 0 }));
    const before = readFileSync(grubenv);
    const r = run("update", "rollback", "--json");
    expect(r.status, r.stderr).toBe(2);
    expect(JSON.parse(r.stdout)).toMatchObject({ error: expect.stringContaining("an installed disk has no factory system"), hint: expect.stringContaining("aiosctl update status"), code: 2 });
    expect(readFileSync(grubenv)).toEqual(before);
  });
});
