// observe(): reads links, addresses and routes (one `ip -j -batch` spawn), the resolver and the recorded
// lease, the live nft table, chrony's tracking, hostname and proxy files, and probes the gateway with one
// ping. It changes nothing; every command goes through ctx.runner and every path is read under ctx.root.
// Idle cycles are kept cheap: the ping and chronyc answers are reused for probe_every_s while they say
// nothing is wrong (a "no" is asked again every cycle, so recovery shows at once), and the /proc scan for udhcpc and chronyd is
// skipped while the processes found last time are still there. The firewall is read every cycle.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentContext, Memo } from "../loop/types.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import { driftOf } from "../../tools/firewall/restore.ts";
import { parseLease, parseProxy, parseResolvConf, parseTracking } from "./parse.ts";
import { type LinkObs, type NetObs, type NetSettings, type Probe, settingsOf } from "./types.ts";

interface IpAddr { ifname: string; flags?: string[]; link_type?: string; addr_info?: { local: string; prefixlen: number; scope?: string }[] }
interface IpRoute { dst: string; gateway?: string; dev?: string }

export async function observe(ctx: AgentContext): Promise<NetObs> {
  const cfg = settingsOf(ctx.settings);
  const file = (p: string) => { try { return readFileSync(join(ctx.root, p), "utf8"); } catch { return null; } };
  const { links, routes } = await readIp(ctx.runner);
  const def = routes.find((r) => r.dst === "default") ?? null;
  const resolvText = file("/etc/resolv.conf");
  const leaseText = file(cfg.leaseFile);
  const lease = leaseText === null ? null : parseLease(leaseText);
  const uplink = cfg.iface || def?.dev || lease?.iface || links.find((l) => !l.loopback)?.name || null;
  const gwAddr = def?.gateway ?? (cfg.staticGateway || lease?.routers[0]) ?? null;
  const running = daemons(ctx.root, ctx.memo);
  const uptime = file("/proc/uptime");
  const every = cfg.probeEveryS * 1000;
  const probe = (key: string, address: string) =>
    cached(ctx.memo, `probe.${key}`, address, ctx.now, every, (p: Probe) => p.reachable !== false, () => ping(ctx.runner, address));
  // chronyc only where its answer can matter: ntp managed and chronyd running (else clock.unsynced says so).
  const track = cfg.ntp && running.ntp
    ? await cached(ctx.memo, "probe.tracking", "chronyc", ctx.now, every, (t: Tracking) => t.synced !== false, () => tracking(ctx.runner))
    : parseTracking("");
  return {
    links,
    defaultRoute: def ? { via: def.gateway, dev: def.dev } : null,
    uplink,
    resolver: { exists: resolvText !== null, ...parseResolvConf(resolvText ?? "") },
    lease,
    gateway: gwAddr && cfg.probeGateway ? await probe("gateway", gwAddr) : null,
    target: cfg.reachabilityTarget ? await probe("target", cfg.reachabilityTarget) : null,
    firewall: await readFirewall(ctx.runner),
    clock: { ntpRunning: running.ntp, ...track, uptimeS: uptime ? Number(uptime.split(" ")[0]) : null },
    hostname: { file: file("/etc/hostname")?.trim() ?? null, kernel: file("/proc/sys/kernel/hostname")?.trim() ?? null },
    dhcpRunning: running.dhcp,
    proxy: parseProxy(file(cfg.proxyFile) ?? ""),
    at: ctx.now,
  };
}

type Tracking = ReturnType<typeof parseTracking>;

/**
 * A probe's answer reused from the memo while it is younger than `everyMs`, asks the same thing
 * (`subject`) and was good; anything else (first time, stale, another address, a bad or unknown
 * answer) asks again now.
 */
export async function cached<T>(memo: Memo, key: string, subject: string, now: number, everyMs: number, good: (v: T) => boolean, ask: () => Promise<T>): Promise<T> {
  const hit = memo.get<{ at: number; subject: string; value: T }>(key);
  if (hit && hit.subject === subject && now >= hit.at && now - hit.at < everyMs && good(hit.value)) return hit.value;
  const value = await ask();
  memo.set(key, { at: now, subject, value });
  return value;
}

/** Links with addresses and the IPv4 default route from one `ip -j -batch -` (two JSON arrays, a line each). */
async function readIp(run: Runner): Promise<{ links: LinkObs[]; routes: IpRoute[] }> {
  let docs: unknown[] = [];
  try {
    const out = (await run.run(["ip", "-j", "-batch", "-"], { input: "addr show\nroute show default\n", timeoutMs: 5000 })).stdout;
    docs = out.split("\n").filter((l) => l.trim()).map((l) => JSON.parse(l) as unknown);
  } catch { /* unreadable: no links, no route */ }
  const raw = (Array.isArray(docs[0]) ? docs[0] : []) as IpAddr[];
  const routes = (Array.isArray(docs[1]) ? docs[1] : []) as IpRoute[];
  const links = raw.map((l) => ({
    name: l.ifname,
    up: (l.flags ?? []).includes("UP"),
    carrier: (l.flags ?? []).includes("LOWER_UP"),
    loopback: l.link_type === "loopback" || (l.flags ?? []).includes("LOOPBACK"),
    addrs: (l.addr_info ?? []).filter((a) => (a.scope ?? "global") === "global").map((a) => `${a.local}/${a.prefixlen}`),
  }));
  return { links, routes };
}

/** One echo with a short deadline. null when ping itself is missing, so "unknown" is not "down". */
async function ping(run: Runner, address: string): Promise<Probe> {
  if (!/^[0-9a-fA-F:.]{2,45}$|^[A-Za-z0-9.-]{1,253}$/.test(address)) return { address, reachable: null };
  try {
    const r = await run.run(["ping", "-c", "1", "-W", "2", address], { check: false, timeoutMs: 5000 });
    return { address, reachable: r.code === 0 ? true : r.code === 1 ? false : null };
  } catch {
    return { address, reachable: null };
  }
}

/** chronyd's own view of sync; unknown (nulls) when chronyc is missing or chronyd does not answer. */
async function tracking(run: Runner) {
  try { return parseTracking((await run.run(["chronyc", "-c", "tracking"], { timeoutMs: 5000 })).stdout); } catch { return parseTracking(""); }
}

/** The aios table alone (`nft list table`, smaller than the whole ruleset); a missing table is drift, not an error. */
async function readFirewall(run: Runner, table = "inet aios"): Promise<NetObs["firewall"]> {
  try {
    const r = await run.run(["nft", "list", "table", ...table.split(" ")], { timeoutMs: 5000, check: false });
    if (r.code !== 0) {
      if (/No such file or directory/.test(r.stderr)) return { drift: "table", why: `table ${table} or its input chain is missing` };
      throw new Error(`nft list table ${table} exited ${r.code}: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
    }
    const d = driftOf(r.stdout, table);
    return d ? { drift: d.change, why: d.why } : { drift: null };
  } catch (err) {
    return { drift: null, error: (err as Error).message.slice(0, 300) };
  }
}

const DAEMONS = { dhcp: "udhcpc", ntp: "chronyd" } as const;
type Daemon = keyof typeof DAEMONS;

/**
 * Whether the DHCP client and chronyd run, from command lines under <root>/proc. The pids found last
 * time (memo) are checked first; the whole /proc is scanned only when one of them is gone or missing.
 */
export function daemons(root: string, memo: Memo): Record<Daemon, boolean> {
  const proc = join(root, "proc");
  const cmdline = (pid: string) => { try { return readFileSync(join(proc, pid, "cmdline"), "utf8").split("\0").join(" "); } catch { return null; } };
  const last = memo.get<Partial<Record<Daemon, string>>>("daemons") ?? {};
  const known = (d: Daemon) => last[d] !== undefined && (cmdline(last[d]!)?.includes(DAEMONS[d]) ?? false);
  if (known("dhcp") && known("ntp")) return { dhcp: true, ntp: true };
  const found: Partial<Record<Daemon, string>> = {};
  if (existsSync(proc)) {
    for (const pid of readdirSync(proc)) {
      if (!/^\d+$/.test(pid)) continue;
      const c = cmdline(pid);
      if (c === null) continue; // gone meanwhile
      for (const d of Object.keys(DAEMONS) as Daemon[]) if (found[d] === undefined && c.includes(DAEMONS[d])) found[d] = pid;
    }
  }
  memo.set("daemons", found);
  return { dhcp: found.dhcp !== undefined, ntp: found.ntp !== undefined };
}

export type { NetSettings };
