// Network tools over iproute2: show links, addresses and routes; set a link up or down; add or delete
// an address or a route; the resolver and hostname files (config-files.ts). Plans compare against the
// live state, so a no-op change has no effects.
import { UserError } from "../../runtime/errors.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import type { Effect } from "../../runtime/policy/effects.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { type ConfigFiles, configFileTools } from "./config-files.ts";

export interface NetworkConfig extends ConfigFiles {
  /** Operate in this network namespace (`ip -n`); the host's when unset. */
  netns?: string;
  /** Ports remote operators use (ssh, web console): cutting the uplink closes them all. */
  accessPorts?: number[];
}

interface Link { ifname: string; operstate: string; flags: string[]; addr_info?: { local: string; prefixlen: number; family: string }[] }
interface Route { dst: string; gateway?: string; dev?: string }

const iface = s.string("interface name", { pattern: "^[A-Za-z0-9_.@-]{1,15}$" });
const cidr = s.string("address with prefix, e.g. 192.0.2.10/24", { pattern: "^[0-9a-fA-F:.]+/\\d{1,3}$" });

export function networkTools(cfg: NetworkConfig = {}): ToolDeclaration[] {
  const access = cfg.accessPorts ?? [22, 9090];
  const ip = (run: Runner, args: string[], timeoutMs = 10_000) => run.run(["ip", ...(cfg.netns ? ["-n", cfg.netns] : []), ...args], { timeoutMs });
  const links = async (run: Runner) => JSON.parse((await ip(run, ["-j", "addr", "show"])).stdout || "[]") as Link[];
  const routes = async (run: Runner) => JSON.parse((await ip(run, ["-j", "route", "show"])).stdout || "[]") as Route[];
  const link = async (run: Runner, name: string) => {
    const l = (await links(run)).find((x) => x.ifname === name);
    if (!l) throw new UserError(`no interface ${name}`);
    return l;
  };

  return [
    tool<Record<string, never>>({
      name: "network.show",
      description: "Show interfaces with their state and addresses, and the routing table.",
      input: s.object({}),
      capabilities: ["net.read"],
      destructive: false,
      timeoutMs: 10_000,
      plan: async () => ({ effects: [] }),
      async execute(_, ctx) {
        const ls = await links(ctx.runner);
        return {
          links: ls.map((l) => ({ name: l.ifname, up: l.flags.includes("UP"), state: l.operstate, addrs: (l.addr_info ?? []).map((a) => `${a.local}/${a.prefixlen}`) })),
          routes: await routes(ctx.runner),
        };
      },
    }),
    tool<{ iface: string; state: "up" | "down" }>({
      name: "network.link",
      description: "Set an interface up or down.",
      input: s.object({ iface, state: s.enum(["up", "down"]) }),
      capabilities: ["net.write"],
      destructive: true,
      timeoutMs: 10_000,
      async plan({ iface, state }, ctx) {
        const l = await link(ctx.runner, iface);
        if (l.flags.includes("UP") === (state === "up")) return { effects: [] };
        const effects: Effect[] = [{ kind: "net.link", iface, change: state }];
        // Downing the interface that carries the default route closes every remote session.
        if (state === "down" && (await routes(ctx.runner)).some((r) => r.dst === "default" && r.dev === iface)) {
          for (const port of access) effects.push({ kind: "port.close", port, proto: "tcp" });
        }
        return { effects };
      },
      async execute({ iface, state }, ctx) {
        await ip(ctx.runner, ["link", "set", "dev", iface, state]);
        return { iface, state };
      },
    }),
    tool<{ iface: string; addr: string; action: "add" | "del" }>({
      name: "network.address",
      description: "Add or delete an IP address on an interface.",
      input: s.object({ iface, addr: cidr, action: s.enum(["add", "del"]) }),
      capabilities: ["net.write"],
      destructive: true,
      timeoutMs: 10_000,
      async plan({ iface, addr, action }, ctx) {
        const has = ((await link(ctx.runner, iface)).addr_info ?? []).some((a) => `${a.local}/${a.prefixlen}` === addr);
        if (has === (action === "add")) return { effects: [] };
        return { effects: [{ kind: "net.addr", iface, addr, change: action }] };
      },
      async execute({ iface, addr, action }, ctx) {
        await ip(ctx.runner, ["addr", action, addr, "dev", iface]);
        return { iface, addr, action };
      },
    }),
    tool<{ dst: string; via?: string; dev?: string; action: "add" | "del" }>({
      name: "network.route",
      description: "Add or delete a route (dst is a prefix or \"default\").",
      input: s.object({
        dst: s.string("prefix or default", { pattern: "^(default|[0-9a-fA-F:.]+/\\d{1,3})$" }),
        via: s.string("gateway", { pattern: "^[0-9a-fA-F:.]+$" }), dev: iface, action: s.enum(["add", "del"]),
      }, ["dst", "action"]),
      capabilities: ["net.write"],
      destructive: true,
      timeoutMs: 10_000,
      async plan(i, ctx) {
        const exists = (await routes(ctx.runner)).some((r) => r.dst === i.dst && (!i.via || r.gateway === i.via) && (!i.dev || r.dev === i.dev));
        if (exists === (i.action === "add")) return { effects: [] };
        const effects: Effect[] = [{ kind: "net.route", dst: i.dst, change: i.action, ...(i.via ? { via: i.via } : {}), ...(i.dev ? { dev: i.dev } : {}) }];
        const defaults = (await routes(ctx.runner)).filter((r) => r.dst === "default");
        if (i.action === "del" && i.dst === "default" && defaults.length <= 1) for (const port of access) effects.push({ kind: "port.close", port, proto: "tcp" });
        return { effects };
      },
      async execute(i, ctx) {
        await ip(ctx.runner, ["route", i.action, i.dst, ...(i.via ? ["via", i.via] : []), ...(i.dev ? ["dev", i.dev] : [])]);
        return i;
      },
    }),
    ...configFileTools(cfg),
  ];
}
