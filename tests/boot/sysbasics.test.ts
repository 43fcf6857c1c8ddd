// What a user expects of any Linux box, on one booted appliance: scp (SFTP and legacy modes) and sftp
// in and out, aiosctl backup and restore, the read-only system image under an overlay that keeps /etc
// and configuration across reboots until `aiosctl reset --factory`, and the ACPI power button shutting
// down cleanly — checked afterwards on the state disk itself (no journal to replay, the shutdown in the
// audit log).
import { afterAll, describe, expect, it } from "vitest";
import { Database } from "bun:sqlite";
import { createHash, randomBytes } from "node:crypto";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, scratch, ssh } from "./helpers.ts";
import { verifyAudit } from "../../runtime/audit/verify.ts";
import { buildRepo, sourcesList } from "../fixtures/apt-repo.ts";

const READY = /aios ready in ([\d.]+) s/;
const to = (p: string) => `root@127.0.0.1:${p}`;
const sha = (b: Uint8Array) => createHash("sha256").update(b).digest("hex");
const OPTS = ["-i", `${out}/ssh/aios_ed25519`, "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "LogLevel=ERROR"];

async function run(argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const p = Bun.spawn(argv, { stdio: ["ignore", "pipe", "pipe"] });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}

describe("system basics on a booted appliance", () => {
  const dir = scratch();
  const sshPort = freePort();
  const file = `${dir}/payload.bin`;
  const payload = randomBytes(1 << 20);
  let vm: Vm;
  let disk: string;
  afterAll(() => vm?.kill());

  it("boots with a state disk and the power button's input device", async () => {
    writeFileSync(file, payload);
    disk = await newDisk(`${dir}/state.qcow2`);
    vm = new Vm({ out, boot: "direct", stateDisk: disk, socket: `${dir}/s.sock`, log: `${dir}/serial.log`, qmp: `${dir}/qmp.sock`, sshPort });
    await vm.start();
    await vm.expect(READY, 240_000);
    const r = await ssh(sshPort, "grep -A4 'Power Button' /proc/bus/input/devices");
    expect(r.stdout).toContain("LNXPWRBN/button");
  });

  it("takes files in and gives them back over scp (SFTP and legacy) and sftp, byte for byte", async () => {
    expect(await run(["scp", ...OPTS, "-P", String(sshPort), file, to("/tmp/in-sftp.bin")])).toMatchObject({ code: 0, stderr: "" });
    expect(await run(["scp", "-O", ...OPTS, "-P", String(sshPort), file, to("/tmp/in-scp.bin")])).toMatchObject({ code: 0, stderr: "" });
    writeFileSync(`${dir}/batch`, `put ${file} /tmp/in-sftp2.bin\nget /tmp/in-scp.bin ${dir}/back-sftp.bin\n`);
    expect(await run(["sftp", ...OPTS, "-P", String(sshPort), "-b", `${dir}/batch`, "root@127.0.0.1"])).toMatchObject({ code: 0 });
    expect(await run(["scp", ...OPTS, "-P", String(sshPort), to("/tmp/in-sftp.bin"), `${dir}/back-scp.bin`])).toMatchObject({ code: 0 });
    const sums = await ssh(sshPort, "sha256sum /tmp/in-sftp.bin /tmp/in-scp.bin /tmp/in-sftp2.bin");
    expect(sums.stdout.split("\n").filter(Boolean).map((l) => l.split(/\s+/)[0])).toEqual([sha(payload), sha(payload), sha(payload)]);
    expect(sha(readFileSync(`${dir}/back-sftp.bin`))).toBe(sha(payload));
    expect(sha(readFileSync(`${dir}/back-scp.bin`))).toBe(sha(payload));
  });

  it("backs up to one file and restores it, archiving the audit log", async () => {
    const b = await ssh(sshPort, "echo 'pass phrase' > /tmp/pass && echo '[openai]' > /etc/aios/secrets.toml && chmod 600 /etc/aios/secrets.toml && aiosctl backup /tmp/state.aiosbak --passphrase-file /tmp/pass");
    expect(b).toMatchObject({ code: 0, stderr: "" });
    console.log(`in the VM: ${b.stdout.split("\n")[0]}`);
    const r = await ssh(sshPort, "aiosctl restore /tmp/state.aiosbak --passphrase-file /tmp/pass --yes --json");
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(JSON.parse(r.stdout)).toMatchObject({ secrets: true, archive: expect.stringContaining("/var/lib/aios/audit-archive/") });
    expect((await ssh(sshPort, "aiosctl audit verify")).code).toBe(0);
  });

  /** The VM reboots (QEMU runs with -no-reboot, so it exits) and boots again on the same state disk. */
  async function rebootVm(command: string): Promise<void> {
    // Once, not through ssh()'s retries: the connection may drop as the services stop (exit 255).
    const r = await run(["ssh", ...OPTS, "-p", String(sshPort), "root@127.0.0.1", command]);
    expect([0, 255], r.stderr).toContain(r.code);
    expect(await vm.waitExit(120_000)).toBe(0);
    vm = new Vm({ ...vm.opts });
    await vm.start();
    await vm.expect(READY, 240_000);
  }

  it("runs from the read-only squashfs image under an overlay whose upper layer is on the state disk", async () => {
    const mounts = (await ssh(sshPort, "cat /proc/mounts")).stdout.split("\n").map((l) => l.split(" "));
    const root = mounts.find((m) => m[1] === "/")!;
    expect(root.slice(0, 3)).toEqual(["overlay", "/", "overlay"]);
    expect(root[3]).toMatch(/lowerdir=\/lower,upperdir=\/state\/overlay\/factory\/upper/);
    const image = mounts.find((m) => m[2] === "squashfs")!;
    expect(image[1]).toBe("/run/aios/image");
    expect(image[3]!.split(",")[0]).toBe("ro");
    expect(mounts.find((m) => m[1] === "/var/lib/aios")?.[2]).toBe("ext4");
    expect(mounts.find((m) => m[1] === "/tmp")?.[2]).toBe("tmpfs");
    expect((await ssh(sshPort, "ls /var/lib/aios/overlay/factory/upper/etc")).code).toBe(0);
  });

  // A package from a local repository (copied in: the VM has no other), installed with apt as the
  // package agent does: /usr and /var/lib/dpkg are in the overlay too.
  const PKG = "aios-overlay-probe";
  const apt = "apt-get -q -o Dir::Etc::sourcelist=/tmp/repo.list -o Dir::Etc::sourceparts=-";
  async function installProbePackage(): Promise<void> {
    buildRepo(`${dir}/repo`, [{ name: PKG, version: "1.0" }]);
    writeFileSync(`${dir}/repo.list`, sourcesList("/tmp/repo"));
    expect(await run(["scp", ...OPTS, "-r", "-P", String(sshPort), `${dir}/repo`, `${dir}/repo.list`, to("/tmp/")])).toMatchObject({ code: 0 });
    const r = await ssh(sshPort, `${apt} update && ${apt} install -y ${PKG}`);
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }
  const probeInstalled = async () => (await ssh(sshPort, `dpkg-query -W -f '\${Status}' ${PKG} && cat /usr/share/${PKG}/version`)).stdout;

  it("keeps a file under /etc, `aiosctl config set` and an installed package across a reboot", async () => {
    const w = await ssh(sshPort, "echo kept > /etc/overlay-probe && aiosctl config set system.timezone Europe/Berlin");
    expect(w, w.stderr).toMatchObject({ code: 0 });
    await installProbePackage();
    await rebootVm("sync; aiosctl reboot");
    expect((await ssh(sshPort, "cat /etc/overlay-probe")).stdout).toBe("kept\n");
    expect(await probeInstalled()).toBe("install ok installed1.0");
    expect((await ssh(sshPort, "aiosctl config get system.timezone")).stdout).toBe("Europe/Berlin\n");
  });

  it("factory reset drops the overlay after a snapshot, and keeps the audit log and the snapshots", async () => {
    const refused = await ssh(sshPort, "aiosctl reset --factory < /dev/null");
    expect(refused.code).toBe(2); // no terminal to confirm on, and no --yes
    expect(refused.stderr).toContain("pass --yes");
    await rebootVm("aiosctl reset --factory --yes");
    expect(vm.transcript).toContain("factory reset: dropping the overlay");
    expect((await ssh(sshPort, "test -e /etc/overlay-probe")).code).toBe(1);
    expect(await probeInstalled()).toBe("");
    expect((await ssh(sshPort, "aiosctl config get system.timezone")).stdout).toBe("UTC\n");
    expect((await ssh(sshPort, "aiosctl snapshots")).stdout).toContain("before a factory reset");
    expect((await ssh(sshPort, "aiosctl audit verify")).code).toBe(0);
  });

  it("shuts down cleanly on the ACPI power button (QMP system_powerdown)", async () => {
    await ssh(sshPort, "sync");
    const at = vm.transcript.length;
    const t0 = performance.now();
    expect(await vm.qmp("system_powerdown")).toEqual({ return: {} });
    const code = await vm.waitExit(120_000);
    console.log(`power button to QEMU exit: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
    expect(code).toBe(0);
    const tail = vm.transcript.slice(at);
    expect(tail).toContain("aios: poweroff (power button): stopping services");
    expect(tail).toContain("aios: poweroff now");
    expect(tail).not.toContain("internal error");
  });

  it("left the state disk unmounted cleanly, with the shutdown in a chain that verifies", async () => {
    const raw = `${dir}/state.raw`;
    expect((await run(["qemu-img", "convert", "-O", "raw", disk, raw])).code).toBe(0);
    const sb = await run(["dumpe2fs", "-h", raw]);
    expect(sb.stdout).toMatch(/Filesystem state:\s+clean/);
    expect(sb.stdout).not.toContain("needs_recovery"); // the journal was closed: unmounted, not cut off
    for (const f of ["audit.db", "audit.db-wal"]) await run(["debugfs", "-R", `dump /${f} ${dir}/${f}`, raw]);
    if (existsSync(`${dir}/audit.db-wal`) && readFileSync(`${dir}/audit.db-wal`).length === 0) Bun.spawnSync(["rm", `${dir}/audit.db-wal`]);
    const db = new Database(`${dir}/audit.db`);
    expect(verifyAudit(db).ok).toBe(true);
    const rows = db.query<{ kind: string; subject: string; data: string }, []>("SELECT kind, subject, data FROM audit_log ORDER BY seq").all();
    const off = rows.find((r) => r.subject === "init" && JSON.parse(r.data).to === "poweroff");
    expect(JSON.parse(off!.data)).toMatchObject({ from: "running", to: "poweroff", reason: "power button" });
    expect(rows.some((r) => r.kind === "backup.restore")).toBe(true);
    db.close();
  });
});
