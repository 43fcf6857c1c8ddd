// The power-cut campaign: boots the appliance on one state disk, starts a workload (workload.sh: the
// writers, package installs, or an update), kills QEMU hard at a random moment, boots again on the
// same disk, and checks that it comes up, that every database is whole (`aiosctl db check`: PRAGMA
// integrity_check), that the audit chain verifies, and that every write acknowledged before the cut is
// there (writers.ts, packages.ts, update.ts). The workloads take turns, cut after cut. Used by bench
// (20+ cuts). The boot tier samples a power cut in tests/boot/update.test.ts (mid-update: the old
// system boots, the audit chain verifies, every database is whole); the writers' one-cut sample went to
// bench to keep CI under 30 minutes: `bun bench/campaigns/power/bench.ts 1`.
import { readFileSync } from "node:fs";
import { Vm } from "../../../tests/boot/vm.ts";
import { out, ssh } from "../../../tests/boot/helpers.ts";
import { checkWriters } from "./writers.ts";
import { checkPackages, setupPackages } from "./packages.ts";
import { checkUpdate, setupUpdate, updateState, type UpdateState } from "./update.ts";

export type Workload = "writers" | "packages" | "update";
export const WORKLOADS: readonly Workload[] = ["writers", "packages", "update"];
/** What was acknowledged, by kind: the words after "ACK <kind>" (audit/config/memory: n; pkg: "op name n"; update: slot). */
export type Acks = Record<string, string[]>;
export interface CutResult {
  run: number; workload: Workload; cutAfterMs: number; acks: Acks; booted: boolean; bootError?: string;
  /** QEMU start → "aios ready" on the boot after the cut, and which system booted. */
  bootMs: number; system: string;
  dbs: { file: string; ok: boolean; detail: string }[]; chainOk: boolean; chainDetail: string;
  lost: string[]; notes: string[];
}

const workload = readFileSync(new URL("workload.sh", import.meta.url), "utf8");
const READY = /aios ready in/;

export interface Rig { dir: string; disk: string; sshPort: number; boots: number; set?: Set<Workload> }

/**
 * Boots the appliance on the rig's disk; resolves once it is ready. A guest that reboots on its own
 * before it is ready (QEMU runs with -no-reboot, so it exits 0: an update's trial giving up) is started
 * again, and that is noted.
 */
export async function boot(rig: Rig, notes: string[] = []): Promise<{ vm: Vm; ms: number }> {
  const t0 = performance.now();
  for (let attempt = 0; ; attempt++) {
    rig.boots++;
    const vm = new Vm({ out, boot: "direct", stateDisk: rig.disk, socket: `${rig.dir}/s${rig.boots}.sock`, log: `${rig.dir}/serial${rig.boots}.log`, sshPort: rig.sshPort });
    await vm.start();
    try {
      await vm.expect(READY, 400_000);
      // An update's trial that gives up prints "ready" as it stops for its reboot: that boot is not it.
      if (!/rebooting to fall back|: stopping services/.test(vm.transcript)) return { vm, ms: performance.now() - t0 };
      await vm.waitExit(120_000);
      throw new Error("the guest rebooted");
    } catch (e) {
      if (vm.exitCode !== 0 || attempt >= 2) { vm.kill(); throw e; }
      notes.push(`the guest rebooted before it was ready (${vm.transcript.match(/aios: [^\n]*(?:falling back|rebooting)[^\n]*/)?.[0] ?? "no reason on the console"})`);
    }
  }
}

/** Runs the workload until `cutAfterMs` after it started, then kills QEMU (no flush, no shutdown). */
export async function workAndCut(vm: Vm, rig: Rig, run: number, kind: Workload, cutAfterMs: number): Promise<Acks> {
  const acks: Acks = {};
  const p = Bun.spawn(["ssh", "-i", `${out}/ssh/aios_ed25519`, "-p", String(rig.sshPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
    "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", "root@127.0.0.1", `cat > /run/workload.sh <<'AIOS_EOF'\n${workload}AIOS_EOF\nsh /run/workload.sh ${run} ${kind}`], { stdio: ["ignore", "pipe", "ignore"] });
  let first: ((v: void) => void) | undefined;
  const started = new Promise<void>((r) => { first = r; });
  void (async () => {
    const dec = new TextDecoder();
    let buf = "";
    for await (const chunk of p.stdout as ReadableStream<Uint8Array>) {
      buf += dec.decode(chunk, { stream: true });
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) {
        const m = /^ACK (\w+) ?(.*)$/.exec(l.trim());
        if (!m) continue;
        first?.();
        if (m[1] !== "start") (acks[m[1]!] ??= []).push(m[2]!);
      }
    }
  })();
  await Promise.race([started, Bun.sleep(120_000)]);
  await Bun.sleep(cutAfterMs);
  // Snapshot what was acknowledged, then cut: an ACK still in flight on the wire does not count.
  const acked: Acks = Object.fromEntries(Object.entries(acks).map(([k, v]) => [k, [...v]]));
  vm.kill();
  await vm.waitExit(30_000).catch(() => 0);
  p.kill("SIGKILL");
  return acked;
}

async function checkCommon(rig: Rig): Promise<Pick<CutResult, "dbs" | "chainOk" | "chainDetail">> {
  const db = await ssh(rig.sshPort, "aiosctl db check --json");
  const dbs = (JSON.parse(db.stdout || "{}") as { databases?: { file: string; ok: boolean; detail: string }[] }).databases ?? [{ file: "?", ok: false, detail: `aiosctl db check: ${db.stderr || db.stdout}` }];
  const v = JSON.parse((await ssh(rig.sshPort, "aiosctl audit verify --json")).stdout || "{}") as { ok?: boolean; count?: number; reason?: string };
  return { dbs, chainOk: v.ok === true, chainDetail: v.ok ? `${v.count} entries` : String(v.reason) };
}

/** Copies in what a workload needs the first time it comes up on this disk. */
async function setup(rig: Rig, kind: Workload): Promise<void> {
  rig.set ??= new Set();
  if (rig.set.has(kind)) return;
  if (kind === "packages") await setupPackages(rig.dir, rig.sshPort);
  if (kind === "update") await setupUpdate(rig.dir, rig.sshPort);
  rig.set.add(kind);
}

/** Windows: the writers ACK within a second; an install takes ~10 s under TCG, an update's apply ~9 s. */
export interface CutPlan { cuts: number; maxMs: number; seed?: number; workloads?: readonly Workload[]; packagesMaxMs?: number; updateMaxMs?: number }

/**
 * `cuts` power cuts on one disk, each within the first `maxMs` of its workload (`packagesMaxMs`,
 * `updateMaxMs` for those: an update is one command, so about half its cuts land after its ACK). The workloads take turns in the order given.
 */
export async function runCuts(rig: Rig, plan: CutPlan, onResult?: (r: CutResult) => void, vm0?: Vm): Promise<CutResult[]> {
  let s = plan.seed ?? 1;
  const rand = () => { s = (s * 1103515245 + 12345) % 2 ** 31; return s / 2 ** 31; };
  const kinds = plan.workloads ?? WORKLOADS;
  const results: CutResult[] = [];
  let vm = vm0 ?? (await boot(rig)).vm;
  for (let run = 1; run <= plan.cuts; run++) {
    const workload = kinds[(run - 1) % kinds.length]!;
    const max = workload === "update" ? plan.updateMaxMs ?? 15_000 : workload === "packages" ? plan.packagesMaxMs ?? 45_000 : plan.maxMs;
    const cutAfterMs = Math.round(500 + rand() * (max - 500));
    const notes: string[] = [];
    let before: UpdateState | undefined;
    let acks: Acks = {};
    let r: CutResult;
    try {
      await setup(rig, workload);
      if (workload === "update") before = await updateState(rig.sshPort);
      acks = await workAndCut(vm, rig, run, workload, cutAfterMs);
      r = { run, workload, cutAfterMs, acks, booted: false, bootMs: 0, system: "?", dbs: [], chainOk: false, chainDetail: "", lost: [], notes };
      const b = await boot(rig, notes);
      vm = b.vm;
      r.booted = true;
      Object.assign(r, { booted: true, bootMs: b.ms }, await checkCommon(rig));
      if (workload === "writers") r.lost.push(...await checkWriters(rig.sshPort, run, acks));
      if (workload === "packages") { const c = await checkPackages(rig.sshPort, acks); r.lost.push(...c.lost); notes.push(...c.notes); }
      if (workload === "update") { const c = await checkUpdate(rig.sshPort, before!, acks); r.lost.push(...c.lost); notes.push(...c.notes); }
      r.system = (await updateState(rig.sshPort).catch(() => undefined))?.running ?? "?";
    } catch (e) {
      const booted = (r! as CutResult | undefined)?.booted ?? false;
      r = { run, workload, cutAfterMs, acks, booted, bootError: (e as Error).message.split("\n")[0], bootMs: 0, system: "?", dbs: [], chainOk: false, chainDetail: "", lost: [], notes };
      results.push(r); onResult?.(r);
      break;
    }
    results.push(r); onResult?.(r);
  }
  vm.kill();
  return results;
}
