// The kills campaign's host half: sends guest.sh into a booted appliance over ssh, runs it out of
// ssh's reach, follows its log, and checks afterwards that the audit log lost no service event (the
// recorder is killed too: init's event seqs in the log must run without a gap) and still verifies.
// Used by bench/campaigns/kills/bench.ts (200 kills) and by a small sample in tests/boot/init.test.ts.
import { readFileSync } from "node:fs";
import { ssh } from "../../../tests/boot/helpers.ts";

export interface Kill { n: number; service: string; oldPid: number; newPid: number | null; state: string; backMs: number; settledMs: number }
export interface Probe { zombies: number; initFds: number; initThreads: number; initRssKb: number }
export interface KillsReport {
  services: string[];
  kills: Kill[];
  bursts: { n: number; killed: number; ms: number }[];
  lost: string[];
  loop?: { deaths: number; finalState: string; ms: number; back: boolean; gapsMs: number[] };
  before: Probe; after: Probe;
  audit: { serviceEvents: number; gaps: number[]; verified: boolean; verifyReason?: string };
  /** The baseline, from the same boot's audit log: each service's first start, starting → ready, ms. */
  bootStartMs: Record<string, number>;
}

const guest = readFileSync(new URL("guest.sh", import.meta.url), "utf8");

function probe(line: string | undefined): Probe {
  const v = (k: string) => Number(new RegExp(`${k}=(\\d+)`).exec(line ?? "")?.[1] ?? NaN);
  return { zombies: v("zombies"), initFds: v("init_fds"), initThreads: v("init_threads"), initRssKb: v("init_rss_kb") };
}

export async function runKills(sshPort: number, opts: { kills: number; bursts: number; looper?: string; onLine?: (l: string) => void }): Promise<KillsReport> {
  const put = await ssh(sshPort, `cat > /run/kills.sh <<'AIOS_GUEST_EOF'\n${guest}AIOS_GUEST_EOF\nrm -f /run/kills.log; setsid nohup sh /run/kills.sh ${opts.kills} ${opts.bursts} ${opts.looper ?? ""} > /run/kills.log 2>&1 < /dev/null &`);
  if (put.code !== 0) throw new Error(`could not start the guest half: ${put.stderr}`);
  let log = "";
  let seen = 0;
  for (;;) {
    await Bun.sleep(3000);
    const r = await ssh(sshPort, "cat /run/kills.log");
    if (r.code !== 0) continue; // dropbear itself may be between lives
    log = r.stdout;
    const lines = log.split("\n").filter(Boolean);
    for (const l of lines.slice(seen)) opts.onLine?.(l);
    seen = lines.length;
    if (/^DONE$/m.test(log)) break;
  }
  const lines = log.split("\n");
  const kills = lines.filter((l) => l.startsWith("KILL ")).map((l) => {
    const [, n, service, oldPid, newPid, state, back, settled] = l.split(" ");
    return { n: Number(n), service: service!, oldPid: Number(oldPid), newPid: newPid === "none" ? null : Number(newPid), state: state!, backMs: Number(back), settledMs: Number(settled) };
  });
  const bursts = lines.filter((l) => l.startsWith("BURST ")).map((l) => { const [, n, k, ms] = l.split(" "); return { n: Number(n), killed: Number(k), ms: Number(ms) }; });
  const loopKills = lines.filter((l) => l.startsWith("LOOP kill ")).map((l) => Number(l.split(" ")[3]));
  const loopEnd = lines.find((l) => l.startsWith("LOOP end "))?.split(" ");
  return {
    services: (lines.find((l) => l.startsWith("SERVICES ")) ?? "").split(" ").slice(1).filter(Boolean),
    kills, bursts,
    lost: lines.filter((l) => l.startsWith("LOST")),
    loop: loopEnd ? { deaths: loopKills.length, finalState: loopEnd[2]!, ms: Number(loopEnd[3]), back: lines.some((l) => l.startsWith("LOOP back ")), gapsMs: loopKills.slice(1).map((t, i) => t - loopKills[i]!) } : undefined,
    before: probe(lines.find((l) => l.startsWith("PROBE before"))),
    after: probe(lines.find((l) => l.startsWith("PROBE after"))),
    ...(await auditCheck(sshPort)),
  };
}

/** Init's event seqs of this boot, as the audit log holds them: they must run 1, 2, 3… without a gap. */
async function auditCheck(sshPort: number): Promise<Pick<KillsReport, "audit" | "bootStartMs">> {
  await Bun.sleep(2000); // the recorder appends in bursts
  const exp = await ssh(sshPort, "aiosctl audit export");
  // The export keeps each entry's data as the JSON text that was hashed.
  const events = exp.stdout.split("\n").filter(Boolean).map((l) => JSON.parse(l) as { kind: string; data: string })
    .filter((e) => e.kind === "service.state").map((e) => JSON.parse(e.data) as { seq?: number; ts?: number; service?: string; to?: string });
  const seqs = events.map((e) => e.seq ?? 0);
  const boot = Math.max(0, seqs.lastIndexOf(1));
  const mine = seqs.slice(boot);
  const gaps = mine.flatMap((s, i) => i > 0 && s !== mine[i - 1]! + 1 ? [mine[i - 1]!] : []);
  const v = await ssh(sshPort, "aiosctl audit verify --json");
  const verify = JSON.parse(v.stdout || "{}") as { ok?: boolean; reason?: string };
  return { audit: { serviceEvents: mine.length, gaps, verified: verify.ok === true, verifyReason: verify.reason }, bootStartMs: firstStarts(events.slice(boot)) };
}

/** Each service's first life in a boot's events: from its first "starting" to its first "ready". */
export function firstStarts(events: { ts?: number; service?: string; to?: string }[]): Record<string, number> {
  const started = new Map<string, number>();
  const out: Record<string, number> = {};
  for (const e of events) {
    if (!e.service || e.ts === undefined || e.service in out) continue;
    if (e.to === "starting" && !started.has(e.service)) started.set(e.service, e.ts);
    if (e.to === "ready" && started.has(e.service)) out[e.service] = e.ts - started.get(e.service)!;
  }
  return out;
}

const ratio = (a: number, b: number | undefined) => (b ? `${(a / b).toFixed(2)}x` : "no baseline");
const pct = (xs: number[], p: number) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.min(s.length - 1, Math.floor(s.length * p))]! : NaN; };

/** The campaign's table, one line per figure. */
export function formatReport(r: KillsReport): string {
  const back = r.kills.filter((k) => k.state === "ready" && k.newPid !== null && k.newPid !== k.oldPid);
  const per = new Map<string, number[]>();
  for (const k of r.kills) per.set(k.service, [...(per.get(k.service) ?? []), k.backMs]);
  return [
    `kills in turn:        ${back.length}/${r.kills.length} came back ready under a new pid (${r.services.length} services)`,
    `  back after SIGKILL: p50 ${pct(back.map((k) => k.backMs), 0.5)} ms, p95 ${pct(back.map((k) => k.backMs), 0.95)} ms, max ${Math.max(...back.map((k) => k.backMs))} ms (aiosctl polling, under TCG)`,
    `  all settled again:  p50 ${pct(r.kills.map((k) => k.settledMs), 0.5)} ms, p95 ${pct(r.kills.map((k) => k.settledMs), 0.95)} ms`,
    `  baseline: the same services' first start in this boot (starting → ready), p50 ${pct(Object.values(r.bootStartMs), 0.5)} ms; back after a kill / first start: ${ratio(pct(back.map((k) => k.backMs), 0.5), pct(Object.values(r.bootStartMs), 0.5))}`,
    ...[...per].map(([s, t]) => `    ${s.padEnd(14)} ${t.length} kills, back p50 ${pct(t, 0.5)} ms; first start ${r.bootStartMs[s] ?? "?"} ms (${ratio(pct(t, 0.5), r.bootStartMs[s])})`),
    `bursts (all at once): ${r.bursts.length}, settled in ${r.bursts.map((b) => `${b.ms} ms`).join(", ")}`,
    `never came back:      ${r.lost.length ? r.lost.join("; ") : "none"}`,
    r.loop ? `crash loop:           ${r.loop.deaths} deaths, then ${r.loop.finalState} after ${r.loop.ms} ms; gaps between lives ${r.loop.gapsMs.join(", ")} ms; back after aiosctl start: ${r.loop.back}` : "crash loop:           not run",
    `zombies:              ${r.before.zombies} before, ${r.after.zombies} after`,
    `PID 1 fds:            ${r.before.initFds} before, ${r.after.initFds} after; threads ${r.before.initThreads} → ${r.after.initThreads}; RSS ${r.before.initRssKb} → ${r.after.initRssKb} KiB`,
    `audit:                ${r.audit.serviceEvents} service events this boot, ${r.audit.gaps.length} gaps${r.audit.gaps.length ? ` (after seq ${r.audit.gaps.join(", ")})` : ""}, chain ${r.audit.verified ? "verifies" : `BROKEN: ${r.audit.verifyReason}`}`,
  ].join("\n");
}
