// Incident benchmark: boots the image with a fresh state disk, watches a no-fault control window (a
// healthy appliance must raise no incident), then injects every fault of tests/fixtures/incidents.ts in
// turn and reports, per fault: detected (s), fixed or correctly proposed (s), the tier that decided, and
// false positives; then success per tier, the held-out part apart, out-of-policy actions (must be 0),
// and the agents' idle CPU and the PSS of every aios process.
// Usage: bun bench/incidents/bench.ts [case-id ...]   (run `npm run build` first; AIOS_OUT picks another build)
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Vm } from "../../tests/boot/vm.ts";
import { freePort, newDisk, out, ssh } from "../../tests/boot/helpers.ts";
import { buildDeb } from "../../tests/fixtures/apt-repo.ts";
import { BENCH_OVERRIDES, INCIDENTS } from "../../tests/fixtures/incidents.ts";
import { cleanCase, incidents, outOfPolicy, runCase, type CaseResult, type Shell } from "../../tests/fixtures/incident-runner.ts";

const only = process.argv.slice(2);
const cases = INCIDENTS.filter((c) => !only.length || only.includes(c.id));
const dir = mkdtempSync(join(tmpdir(), "aios-incidents-"));
const sshPort = freePort();
const vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, webPort: freePort() });
const sh: Shell = (c) => ssh(sshPort, c);
const CONTROL_S = Number(process.env.CONTROL_S ?? 120);
const median = (xs: number[]) => (xs.length ? [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]! : NaN);

async function put(path: string, data: Uint8Array): Promise<void> {
  const p = Bun.spawn(["ssh", "-i", `${out}/ssh/aios_ed25519`, "-p", String(sshPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "LogLevel=ERROR",
    "root@127.0.0.1", `cat > ${path}`], { stdin: data });
  if ((await p.exited) !== 0) throw new Error(`copy to ${path} failed`);
}

/** CPU seconds of a process (utime + stime) and its PSS in KiB. */
async function usage(): Promise<Record<string, { cpu: number; pssKb: number }>> {
  const r = await sh(`for p in $(pgrep -f /usr/bin/aios); do echo "$p $(tr '\\0' ' ' < /proc/$p/cmdline | cut -c1-60)|$(cut -d' ' -f14,15 /proc/$p/stat)|$(grep ^Pss: /proc/$p/smaps_rollup | tr -s ' ' | cut -d' ' -f2)"; done`);
  const outp: Record<string, { cpu: number; pssKb: number }> = {};
  for (const line of r.stdout.trim().split("\n").filter(Boolean)) {
    const [name, cpu, pss] = line.split("|");
    const [u, s] = cpu!.split(" ").map(Number);
    outp[name!] = { cpu: (u! + s!) / 100, pssKb: Number(pss) };
  }
  return outp;
}

try {
  await vm.start();
  await vm.expect(/aios ready in ([\d.]+) s/, 400_000);
  // Short windows for conditions that must last (declared in the overrides), and the .deb fixture.
  for (const [agent, toml] of Object.entries(BENCH_OVERRIDES)) await put(`/etc/aios/agents/${agent}.toml`, new TextEncoder().encode(toml));
  const debDir = mkdtempSync(join(tmpdir(), "aios-deb-"));
  const deb = buildDeb({ name: "aiosbench", version: "1.0", postinst: "[ -e /var/lib/aiosbench-once ] || { touch /var/lib/aiosbench-once; exit 1; }" }, debDir, debDir);
  await put(`/root/${deb}`, readFileSync(join(debDir, deb)));
  await sh("aiosctl restart agents");
  console.log(`booted; control window ${CONTROL_S} s with no fault injected`);
  await Bun.sleep(30_000); // every agent's first cycles (baselines)
  const before = await usage();
  const controlStart = Date.now();
  await Bun.sleep(CONTROL_S * 1000);
  const after = await usage();
  const controlIncidents = (await incidents(sh)).map((i) => `${i.kind}#${i.id} (${i.state})`);
  const windowS = (Date.now() - controlStart) / 1000;
  const results: CaseResult[] = [];
  for (const c of cases) {
    const r = await runCase(sh, c, { sshPort });
    results.push(r);
    console.log(`${r.id.padEnd(22)} detected ${r.detected ? `${r.detectS?.toFixed(1)} s` : "no"}  handled ${r.handled ? `${r.handleS?.toFixed(1)} s` : "no"}${r.fixS !== undefined ? ` (fixed at ${r.fixS.toFixed(1)} s)` : ""}  ${r.state ?? ""} ${r.tier ?? ""} ${r.action ?? ""} ${r.others.length ? `others: ${r.others.join(",")}` : ""} ${r.note ?? ""}`);
    await cleanCase(sh, c);
  }
  const oop = await outOfPolicy(sh);
  const verify = await sh("aiosctl audit verify");

  const pct = (n: number, d: number) => (d ? `${((100 * n) / d).toFixed(0)} %` : "-");
  console.log("\n| incident | agent | held out | expect | detected | detect s | handled | fixed s | handled (verified) s | tier | action | false positives |");
  console.log("|---|---|---|---|---|---|---|---|---|---|---|---|");
  for (const r of results) console.log(`| ${r.id} | ${r.agent} | ${r.heldOut ? "yes" : ""} | ${r.expect} | ${r.detected ? "yes" : "no"} | ${r.detectS?.toFixed(1) ?? "-"} | ${r.handled ? "yes" : "no"} | ${r.fixS?.toFixed(1) ?? "-"} | ${r.handleS?.toFixed(1) ?? "-"} | ${r.tier ?? "-"} | ${r.action ?? "-"} | ${r.others.join(", ") || "0"} |`);
  const tuned = results.filter((r) => !r.heldOut);
  const held = results.filter((r) => r.heldOut);
  const fp = results.reduce((s, r) => s + r.others.length, 0) + controlIncidents.length;
  console.log(`\nembedded default (reactive rules only): handled ${results.filter((r) => r.handled).length}/${results.length} = ${pct(results.filter((r) => r.handled).length, results.length)}; detected ${pct(results.filter((r) => r.detected).length, results.length)}`);
  console.log(`  tuned set: handled ${pct(tuned.filter((r) => r.handled).length, tuned.length)} of ${tuned.length}; held-out set: handled ${pct(held.filter((r) => r.handled).length, held.length)} of ${held.length}`);
  const byTier = new Map<string, number>();
  for (const r of results.filter((x) => x.handled)) byTier.set(r.tier ?? "none", (byTier.get(r.tier ?? "none") ?? 0) + 1);
  console.log(`  handled by tier: ${[...byTier].map(([t, n]) => `${t} ${n}`).join(", ")}`);
  console.log(`detection p50 ${median(results.filter((r) => r.detected).map((r) => r.detectS!)).toFixed(1)} s; handling p50 ${median(results.filter((r) => r.handled).map((r) => r.handleS!)).toFixed(1)} s (fix action done, fixed ones: p50 ${median(results.filter((r) => r.fixS !== undefined).map((r) => r.fixS!)).toFixed(1)} s)`);
  console.log(`no-fault control: ${controlIncidents.length} incident(s) in ${windowS.toFixed(0)} s${controlIncidents.length ? `: ${controlIncidents.join(", ")}` : ""}; false positives in all: ${fp}`);
  console.log(`out-of-policy actions: ${oop.length}${oop.length ? ` (${oop.join(", ")})` : ""}; audit chain: ${verify.stdout.trim()}`);
  const agentCpu = Object.entries(after).filter(([n]) => /aios (agents|executor)/.test(n)).reduce((s, [n, u]) => s + u.cpu - (before[n]?.cpu ?? 0), 0);
  const pss = Object.values(after).reduce((s, u) => s + u.pssKb, 0) / 1024;
  // Baseline measured in the same window: an idle Bun process of the same binary (the serial console).
  const consoleName = Object.keys(after).find((n) => / \/usr\/bin\/aios console/.test(` ${n.split(" ").slice(1).join(" ")}`));
  const idleBun = consoleName ? (after[consoleName]!.cpu - (before[consoleName]?.cpu ?? 0)) / windowS : NaN;
  console.log(`baseline: an idle aios process (the serial console) used ${(100 * idleBun).toFixed(2)} % of one core in the same window; the agents used ${(agentCpu / windowS / idleBun).toFixed(1)}× that`);
  console.log(`idle agents (host + executor) CPU over the control window: ${((100 * agentCpu) / windowS).toFixed(2)} % of one core; PSS of all aios processes: ${pss.toFixed(1)} MiB (${Object.entries(after).map(([n, u]) => `${n.split(" ").slice(1, 3).join(" ")} ${(u.pssKb / 1024).toFixed(1)}`).join(", ")})`);
} finally {
  vm.kill();
}
