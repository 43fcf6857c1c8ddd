// A/B updates in one VM, restarted on the same state disk after each guest reboot (QEMU runs with
// -no-reboot, so a reboot ends it): bundles with a bad signature or a bad checksum are refused; a power
// cut while an update is being written leaves the old system booting; a good update commits itself once
// healthy, the version changes, and the package the operator installed on the old system (from a local
// repository) comes over to the new one with its /etc; an update whose stage 1 is broken panics, and
// the next boot falls back to the committed slot with the reason in the audit log.
import { afterAll, describe, expect, it } from "vitest";
import { writeFileSync } from "node:fs";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, repo, scratch, ssh } from "./helpers.ts";
import { makeTestBundles, type TestBundles } from "../fixtures/update-bundles.ts";
import { buildRepo, sourcesList } from "../fixtures/apt-repo.ts";

const READY = /aios ready in ([\d.]+) s/;
const PKG = "aios-carry-probe";
const IN = "/var/lib/aios/incoming";
const APT = `apt-get -q -o Dir::Etc::sourcelist=${IN}/repo.list -o Dir::Etc::sourceparts=-`;

async function scp(port: number, from: string | string[], to: string): Promise<void> {
  const p = Bun.spawn(["scp", "-q", "-r", "-i", `${out}/ssh/aios_ed25519`, "-P", String(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
    "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", ...[from].flat(), `root@127.0.0.1:${to}`], { stdio: ["ignore", "pipe", "pipe"] });
  const [err, code] = await Promise.all([new Response(p.stderr).text(), p.exited]);
  if (code !== 0) throw new Error(`scp ${from} failed (${code}): ${err}`);
}

describe("A/B updates", () => {
  const dir = scratch();
  const sshPort = freePort();
  const webPort = freePort();
  let disk: string;
  let vm: Vm;
  let boots = 0;
  let bundles: TestBundles;
  const version = `test-${Date.now().toString(36)}`;

  const boot = async () => {
    boots++;
    vm = new Vm({ out, boot: "direct", stateDisk: disk, socket: `${dir}/s${boots}.sock`, log: `${dir}/serial${boots}.log`, sshPort, webPort });
    await vm.start();
  };
  const ctl = async (args: string) => ssh(sshPort, `aiosctl ${args}`);
  const json = async (args: string) => JSON.parse((await ctl(args)).stdout);
  /** Runs an update with --reboot and waits for the guest's reboot to end QEMU. */
  const applyAndReboot = async (file: string) => {
    const r = await ctl(`update ${file} --reboot --json`);
    expect(r.code, r.stderr).toBe(0);
    expect(await vm.waitExit(120_000)).toBe(0);
  };

  afterAll(() => vm?.kill());

  it("refuses a bundle with a bad signature and one with a bad checksum", async () => {
    disk = await newDisk(`${dir}/state.qcow2`);
    bundles = makeTestBundles(repo, dir, version);
    await boot();
    await vm.expect(READY, 300_000);
    const before = await json("update status --json");
    expect(before).toMatchObject({ running: "factory", committed: "factory", trial: "" });
    expect((await json("status --json")).version).toBe(before.version);
    // One copy for the whole suite: the bundles, and the local apt repository for the next test.
    buildRepo(`${dir}/repo`, [{ name: PKG, version: "1.0" }]);
    writeFileSync(`${dir}/repo.list`, sourcesList(`${IN}/repo`));
    await ssh(sshPort, `mkdir -p ${IN}`);
    await scp(sshPort, [bundles.badSignature, bundles.badChecksum, bundles.good, bundles.broken, `${dir}/repo`, `${dir}/repo.list`], `${IN}/`);

    const sig = await ctl(`update ${IN}/bad-signature.update --json`);
    expect(sig.code).toBe(1);
    expect(JSON.parse(sig.stdout).error).toContain("signature does not verify");
    const sum = await ctl(`update ${IN}/bad-checksum.update --json`);
    expect(sum.code).toBe(1);
    expect(JSON.parse(sum.stdout).error).toContain("does not match its sha256");
    expect((await ctl(`update ${IN}/missing.update`)).code).toBe(4);
    expect(await json("update status --json")).toMatchObject({ trial: "", committed: "factory" });
    const refused = await json("audit tail --kind update.refused --json");
    expect(JSON.stringify(refused)).toContain("bad-signature");
  });

  it("keeps the old system booting after a power cut in the middle of an update", async () => {
    // The operator's package and a file in /etc, both to be carried over by the good update below.
    const inst = await ssh(sshPort, `${APT} update && ${APT} install -y ${PKG} && echo kept > /etc/carry-probe && sync && ls /var/lib/aios/packages`);
    expect(inst.code, inst.stdout + inst.stderr).toBe(0);
    expect(inst.stdout).toContain(`${PKG}_1.0_all.deb`);
    // Stop the update while it writes the system image into the slot, then cut the power.
    const cut = await ssh(sshPort, `aiosctl update ${IN}/good.update > /tmp/update.log 2>&1 & pid=$!
      while kill -0 $pid 2>/dev/null && [ ! -e /var/lib/aios/slots/a/aios.sqfs.new ]; do sleep 0.05; done
      kill -STOP $pid && [ -e /var/lib/aios/slots/a/aios.sqfs.new ] && echo writing`, 1);
    expect(cut.stdout, cut.stderr).toContain("writing");
    vm.kill();
    await vm.waitExit(30_000);
    await boot();
    await vm.expect(READY, 300_000);
    expect(vm.transcript).not.toContain("booting update slot");
    const st = await json("update status --json");
    expect(st).toMatchObject({ running: "factory", committed: "factory", trial: "", tries: 0, carried: null });
    expect(st.slots[0]).toMatchObject({ slot: "a", version: null });
    expect((await ctl("audit verify")).code).toBe(0);
    expect((await ctl("db check")).code).toBe(0);
    expect((await ssh(sshPort, `dpkg-query -W -f '\${Status} \${Version}' ${PKG}`)).stdout).toBe("install ok installed 1.0");
  });

  it("applies a good update, boots it, commits it once healthy, and the version changes", async () => {
    await applyAndReboot(`${IN}/good.update`);
    await boot();
    await vm.expect("booting update slot a", 120_000);
    await vm.expect(/slot a \(\S+\) committed/, 400_000);
    await vm.expect(READY, 120_000);
    const st = await json("update status --json");
    expect(st).toMatchObject({ running: "a", version, committed: "a", previous: "factory", trial: "" });
    expect((await json("status --json")).version).toBe(version);
    expect(JSON.stringify(await json("audit tail --kind update.commit --json"))).toContain(version);
    // The operator's package came over, reinstalled on the new system from its kept .deb, with /etc.
    expect(st.carried).toMatchObject({ from: "factory", carried: [{ name: PKG, version: "1.0" }], failed: [] });
    console.log(`carry-over on slot a's first boot: ${st.carried.ms} ms`);
    expect(JSON.stringify(await json("audit tail --kind update.carried --json"))).toContain(PKG);
    expect((await ssh(sshPort, `dpkg-query -W -f '\${Status} \${Version}' ${PKG} && cat /usr/share/${PKG}/version`)).stdout).toBe("install ok installed 1.01.0");
    expect((await ssh(sshPort, "cat /etc/carry-probe")).stdout).toBe("kept\n");
    expect((await ssh(sshPort, "grep ' / overlay ' /proc/mounts")).stdout).toContain("upperdir=/state/overlay/a/upper");
  });

  it("falls back to the committed system when an update never gets ready, and the audit log says so", async () => {
    const r = await ctl(`update ${IN}/broken.update --json`);
    expect(r.code, r.stderr).toBe(0);
    expect(await json("update status --json")).toMatchObject({ running: "a", committed: "a", trial: "b" });
    await ssh(sshPort, "aiosctl reboot");
    expect(await vm.waitExit(120_000)).toBe(0);
    // The trial's one try: its stage 1 exits, the kernel panics and (panic=10) reboots, ending QEMU.
    await boot();
    await vm.expect("trial boot of update slot b", 120_000);
    expect(await vm.waitExit(300_000)).toBe(0);
    // The next boot finds the try spent: the committed slot boots, and says why.
    await boot();
    await vm.expect("update slot b never committed: falling back to a", 120_000);
    await vm.expect(READY, 300_000);
    const st = await json("update status --json");
    expect(st).toMatchObject({ running: "a", version, committed: "a", trial: "", tries: 0 });
    const fell = JSON.stringify(await json("audit tail --kind update.fallback --json"));
    expect(fell, "the fallback is in the audit log").toContain("the trial boot of slot b never committed");
  });
  // The same fallback with its timing, and the update flow's figures, are bun bench/update.ts.
});
