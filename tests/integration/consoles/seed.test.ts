// The seed service's script (rootfs/usr/share/aios/seed.sh) run by the real shell against a fw_cfg tree
// laid out as the kernel's qemu_fw_cfg driver shows it (by_name/opt/aios/<name>/raw).
import { mkdirSync, mkdtempSync, readFileSync, statSync, writeFileSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { repo } from "../init/fixture.ts";

const K1 = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxcJpeGeEJdjFlIeg8POsjdmS3MWMqBzyaOwVjrjrjf ops@laptop";
const K2 = "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBE ci";

function seed(fw: string, state: string) {
  const r = Bun.spawnSync(["/bin/sh", `${repo}/rootfs/usr/share/aios/seed.sh`], { env: { ...process.env, AIOS_SEED_FW: fw, AIOS_SEED_STATE: state } });
  return { code: r.exitCode, out: r.stdout.toString() };
}

describe("seed service", () => {
  it("adds public key lines once (nothing else), 0600 in a 0700 folder, and marks setup skipped", () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-seed-")), fw = join(dir, "fw"), state = join(dir, "state");
    mkdirSync(join(fw, "ssh_key"), { recursive: true });
    mkdirSync(join(fw, "setup"));
    writeFileSync(join(fw, "ssh_key/raw"), `${K1}\n-----BEGIN OPENSSH PRIVATE KEY-----\nb3BlbnNzaC1rZXktdjE=\n# a comment\n${K2}\n`);
    writeFileSync(join(fw, "setup/raw"), "skip");
    expect(seed(fw, state)).toEqual({ code: 0, out: "seed: 2 new ssh key(s) for root from fw_cfg\nseed: first-boot setup skipped (fw_cfg)\n" });
    const keys = join(state, "ssh/root/authorized_keys");
    expect(readFileSync(keys, "utf8")).toBe(`${K1}\n${K2}\n`);
    expect(statSync(keys).mode & 0o777).toBe(0o600);
    expect(statSync(join(state, "ssh/root")).mode & 0o777).toBe(0o700);
    expect(readFileSync(join(state, "setup.done"), "utf8")).toContain("fw_cfg");
    expect(seed(fw, state).out).toBe("seed: 0 new ssh key(s) for root from fw_cfg\n"); // the next boot: nothing twice
    expect(readFileSync(keys, "utf8")).toBe(`${K1}\n${K2}\n`);
  });

  it("does nothing without fw_cfg (hardware), and asks for setup when not told to skip", () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-seed-"));
    expect(seed(join(dir, "absent"), join(dir, "state"))).toEqual({ code: 0, out: "" });
    mkdirSync(join(dir, "fw/setup"), { recursive: true });
    writeFileSync(join(dir, "fw/setup/raw"), "ask");
    expect(seed(join(dir, "fw"), join(dir, "state"))).toEqual({ code: 0, out: "" });
    expect(existsSync(join(dir, "state/setup.done"))).toBe(false);
  });
});
