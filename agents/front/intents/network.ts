// Addresses, listeners and the firewall. Changes are plans for the network agent (which holds the
// firewall tools). "Block all incoming traffic" is reshaped so the lock-out guard holds: ssh and the
// web console stay reachable, and the person sees that before approving.
import { readFileSync } from "node:fs";
import { DEFAULT_LOCKOUT } from "../../../runtime/policy/lockout.ts";
import type { Handler, Reply } from "../types.ts";
import { read } from "../types.ts";
import { bullet } from "./format.ts";

/** Ports that keep the operator connected: never closed by a chat request. */
export const ACCESS_PORTS = [DEFAULT_LOCKOUT.sshPort, DEFAULT_LOCKOUT.webPort];
/** Kept by "block all incoming": only what keeps the operator connected (the shipped table opens no more). */
const KEPT_PORTS = ACCESS_PORTS;
/** Rules in the default input chain that are plumbing, not services (loopback, conntrack, ICMP, DHCP). */
const PLUMBING = /^(iif "lo" accept|ct state|icmp|icmpv6|udp dport 68 accept|ip6 saddr fe80::\/10 udp dport 546 accept)/;
const TABLE = "inet aios";

interface Link { name: string; up: boolean; state: string; addrs: string[] }
interface Chain { table: string; chain: string; policy: string | null; rules: string[] }

export const show: Handler = async (_s, ctx) => {
  const n = await read<{ links: Link[]; routes?: { dst: string; gateway?: string; dev?: string }[] }>(ctx, "network.show");
  const resolvers = (() => { try { return [...readFileSync("/etc/resolv.conf", "utf8").matchAll(/^nameserver\s+(\S+)/gm)].map((m) => m[1]!); } catch { return []; } })();
  const links = n.links.filter((l) => l.name !== "lo");
  const gw = n.routes?.find((r) => r.dst === "default");
  return { text: `Network:\n${bullet([
    ...links.map((l) => `${l.name}: ${l.up ? "up" : "down"}${l.addrs.length ? `, ${l.addrs.join(", ")}` : ", no address"}`),
    gw ? `default route via ${gw.gateway ?? "?"} on ${gw.dev ?? "?"}` : "no default route",
    resolvers.length ? `DNS: ${resolvers.join(", ")}` : "",
  ].filter(Boolean))}\nThe web console is on port 9090 of these addresses; ssh on port 22.` };
};

interface Listener { proto: string; local: string; port: number; process?: string }
function listeners(text: string): Listener[] {
  return text.split("\n").filter(Boolean).map((l) => {
    const f = l.trim().split(/\s+/);
    const local = f[4] ?? "";
    const port = Number(local.slice(local.lastIndexOf(":") + 1));
    const proc = l.match(/users:\(\("([^"]+)"/)?.[1];
    return { proto: f[0] ?? "?", local: local.slice(0, local.lastIndexOf(":")), port, process: proc };
  }).filter((x) => Number.isFinite(x.port));
}

async function inputChain(ctx: Parameters<Handler>[1]): Promise<Chain | undefined> {
  const fw = await read<{ chains: Chain[] }>(ctx, "firewall.list");
  return fw.chains.find((c) => c.table === TABLE && c.chain === "input");
}

const openPorts = (c: Chain | undefined) => (c?.rules ?? []).flatMap((r) => { const m = r.match(/^(tcp|udp) dport (\d+) accept$/); return m ? [{ proto: m[1] as "tcp" | "udp", port: Number(m[2]), rule: r }] : []; });

export const ports: Handler = async (_s, ctx) => {
  const ss = await ctx.runner.run(["ss", "-Htulnp"], { check: false, timeoutMs: 5000 });
  const ls = listeners(ss.stdout);
  const chain = await inputChain(ctx).catch(() => undefined);
  const open = openPorts(chain);
  const allowed = (l: Listener) => chain?.policy !== "drop" || open.some((o) => o.port === l.port && l.proto.startsWith(o.proto)) || /^(127\.|\[::1\]|\[?::ffff:127)/.test(l.local);
  return { text: `Listening:\n${bullet(ls.map((l) => `${l.proto} ${l.local}:${l.port}${l.process ? ` (${l.process})` : ""}${allowed(l) ? "" : " — not reachable from outside (firewall)"}`))}\nFirewall (${TABLE} input, policy ${chain?.policy ?? "?"}) lets in: ${open.map((o) => `${o.port}/${o.proto}`).join(", ") || "nothing but replies"}.` };
};

export const firewall: Handler = async (_s, ctx) => {
  const chain = await inputChain(ctx);
  if (!chain) return { text: `The default firewall table (${TABLE}) is not loaded. The network agent restores it by itself; you can also ask me to "reset the firewall".` };
  return { text: `Firewall ${TABLE} input, policy ${chain.policy ?? "accept"}:\n${bullet(chain.rules)}` };
};

export const openPort: Handler = async (slots, ctx) => {
  const port = slots.port!, proto = slots.proto ?? "tcp";
  const chain = await inputChain(ctx);
  if (openPorts(chain).some((o) => o.port === port && o.proto === proto)) return { text: `Port ${port}/${proto} is already open in the firewall.`, plan: undefined };
  const why = `the operator asked to open ${port}/${proto}${slots.purpose ? ` for ${slots.purpose}` : ""}`;
  return {
    text: `Plan: allow incoming ${proto.toUpperCase()} on port ${port}${slots.purpose ? ` (${slots.purpose})` : ""} in the firewall, then check the port is open and whether something answers on it.`,
    plan: { title: `open port ${port}/${proto}${slots.purpose ? ` for ${slots.purpose}` : ""}`, steps: [{ tool: "firewall.port", input: { action: "allow", port, proto }, why }], check: { kind: "port", port, proto, open: true } },
  };
};

export const closePort: Handler = async (slots, ctx) => {
  const port = slots.port!, proto = slots.proto ?? "tcp";
  if (ACCESS_PORTS.includes(port) && proto === "tcp") return { text: `I won't close ${port}/tcp: it is how you reach this machine (${port === 22 ? "ssh" : "the web console"}), and the lock-out guard keeps it open in every mode.` };
  const rules = openPorts(await inputChain(ctx)).filter((o) => o.port === port && o.proto === proto);
  if (!rules.length) return { text: `Port ${port}/${proto} is not opened by any rule: the default policy already drops it.` };
  return {
    text: `Plan: delete the firewall rule that lets in ${port}/${proto}.`,
    plan: { title: `close port ${port}/${proto}`, steps: rules.map((r) => ({ tool: "firewall.delete_rule", input: { family: "inet", table: "aios", chain: "input", rule: r.rule }, why: `the operator asked to close ${port}/${proto}` })), check: { kind: "port", port, proto, open: false } },
  };
};

/** "Block all incoming traffic", reshaped: everything not needed to stay connected is closed. */
export const blockAll: Handler = async (_s, ctx): Promise<Reply> => {
  const chain = await inputChain(ctx);
  const keep = `ssh (22/tcp) and the web console (9090/tcp)`;
  const reshaped = `Blocking all incoming traffic would cut you off from this machine, so I have reshaped the request: everything incoming is dropped except ${keep}, replies to connections this machine makes, loopback, and the ICMP/DHCP that networking needs.`;
  if (!chain) return { text: `${reshaped}\nThe default firewall is not loaded at the moment.`, plan: { title: "block all incoming traffic (keeping ssh and the web console)", steps: [{ tool: "firewall.restore", input: {}, why: "block all incoming: restore the default-deny table" }], check: { kind: "access" } } };
  const extra = chain.rules.filter((r) => !PLUMBING.test(r) && !KEPT_PORTS.some((p) => r === `tcp dport ${p} accept`));
  if (!extra.length && chain.policy === "drop") return { text: `${reshaped}\nThat is already the case: the firewall lets in nothing else.` };
  return {
    text: `${reshaped}\nPlan: remove ${extra.length} rule(s) that let more in:\n${bullet(extra)}`,
    plan: { title: "block all incoming traffic (keeping ssh and the web console)", steps: extra.map((rule) => ({ tool: "firewall.delete_rule", input: { family: "inet", table: "aios", chain: "input", rule }, why: "the operator asked to block all incoming traffic (reshaped: ssh and the web console stay open)" })), check: { kind: "access" } },
  };
};

export const blockAddress: Handler = async (slots) => ({
  text: `Plan: drop all traffic from ${slots.addr}. (The lock-out guard refuses it if you are connected from there.)`,
  plan: { title: `block ${slots.addr}`, steps: [{ tool: "firewall.block", input: { addr: slots.addr }, why: `the operator asked to block ${slots.addr}` }] },
});

export const reset: Handler = async () => ({
  text: "Plan: restore the shipped default firewall table (default-deny inbound; ssh and the web console open). Rules added since are kept: to close them too, ask me to block all incoming traffic.",
  plan: { title: "reset the firewall to the default", steps: [{ tool: "firewall.restore", input: {}, why: "the operator asked to reset the firewall" }], check: { kind: "access" } },
});
