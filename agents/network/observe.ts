// observe(): reads links, addresses and routes (ip -j), the resolver and the recorded lease, the live
// nft ruleset, chrony's tracking, hostname and proxy files, and probes the gateway with one ping. It
// changes nothing; every command goes through ctx.runner and every path is read under ctx.root.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { AgentContext } from "../loop/types.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import { driftOf } from "../../tools/firewall/restore.ts";
import { parseLease, parseProxy, parseResolvConf, parseTracking } from "./parse.ts";
import { type LinkObs, type NetObs, type NetSettings, type Probe, settingsOf } from "./types.ts";

interface IpAddr { ifname: string; flags?: string[]; link_type?: string; addr_info?: { local: string; prefixlen: number; scope?: string }[] }
interface IpRoute { dst: string; gateway?: string; dev?: string }

export async function observe(ctx: AgentContext): Promise<NetObs> {
  const cfg = settingsOf(ctx.settings);
  const file = (p: string) => { try { return readFileSync(join(ctx.root, p), "utf8"); } catch { return null; } };
  const links = await readLinks(ctx.runner);
  const routes = await readJson<IpRoute[]>(ctx.runner, ["ip", "-j", "-4", "route", "show", "default"]) ?? [];
  const def = routes.find((r) => r.dst === "default") ?? null;
  const resolvText = file("/etc/resolv.conf");
  const leaseText = file(cfg.leaseFile);
  const lease = leaseText === null ? null : parseLease(leaseText);
  const uplink = cfg.iface || def?.dev || lease?.iface || links.find((l) => !l.loopback)?.name || null;
  const gwAddr = def?.gateway ?? (cfg.staticGateway || lease?.routers[0]) ?? null;
  const procs = commands(ctx.root);
  const uptime = file("/proc/uptime");
  return {
    links,
    defaultRoute: def ? { via: def.gateway, dev: def.dev } : null,
    uplink,
    resolver: { exists: resolvText !== null, ...parseResolvConf(resolvText ?? "") },
    lease,
    gateway: gwAddr && cfg.probeGateway ? await ping(ctx.runner, gwAddr) : null,
    target: cfg.reachabilityTarget ? await ping(ctx.runner, cfg.reachabilityTarget) : null,
    firewall: await readFirewall(ctx.runner),
    clock: { ntpRunning: procs.some((c) => c.includes("chronyd")), ...await tracking(ctx.runner), uptimeS: uptime ? Number(uptime.split(" ")[0]) : null },
    hostname: { file: file("/etc/hostname")?.trim() ?? null, kernel: file("/proc/sys/kernel/hostname")?.trim() ?? null },
    dhcpRunning: procs.some((c) => c.includes("udhcpc")),
    proxy: parseProxy(file(cfg.proxyFile) ?? ""),
    at: ctx.now,
  };
}

async function readJson<T>(run: Runner, argv: string[]): Promise<T | null> {
  try { return JSON.parse((await run.run(argv, { timeoutMs: 5000 })).stdout || "null") as T; } catch { return null; }
}

async function readLinks(run: Runner): Promise<LinkObs[]> {
  const raw = await readJson<IpAddr[]>(run, ["ip", "-j", "addr", "show"]) ?? [];
  return raw.map((l) => ({
    name: l.ifname,
    up: (l.flags ?? []).includes("UP"),
    carrier: (l.flags ?? []).includes("LOWER_UP"),
    loopback: l.link_type === "loopback" || (l.flags ?? []).includes("LOOPBACK"),
    addrs: (l.addr_info ?? []).filter((a) => (a.scope ?? "global") === "global").map((a) => `${a.local}/${a.prefixlen}`),
  }));
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

async function readFirewall(run: Runner, table = "inet aios"): Promise<NetObs["firewall"]> {
  try {
    const r = await run.run(["nft", "list", "ruleset"], { timeoutMs: 5000 });
    const d = driftOf(r.stdout, table);
    return d ? { drift: d.change, why: d.why } : { drift: null };
  } catch (err) {
    return { drift: null, error: (err as Error).message.slice(0, 300) };
  }
}

/** Command lines of running processes, from <root>/proc (for the DHCP client and chronyd). */
function commands(root: string): string[] {
  const proc = join(root, "proc");
  if (!existsSync(proc)) return [];
  const out: string[] = [];
  for (const pid of readdirSync(proc)) {
    if (!/^\d+$/.test(pid)) continue;
    try { out.push(readFileSync(join(proc, pid, "cmdline"), "utf8").split("\0").join(" ")); } catch { /* gone meanwhile */ }
  }
  return out;
}

export type { NetSettings };
