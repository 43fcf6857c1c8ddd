// Firewall tools on nft: list, check (nft -c), apply a whole ruleset, allow/block a port, delete a
// rule, restore the shipped default table (restore.ts). Every change is previewed by compiling the resulting ruleset in a scratch namespace, and is
// applied as one atomic nft transaction.
import { UserError } from "../../runtime/errors.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import type { NftTarget } from "../../runtime/sandbox/nft.ts";
import { noEffects, tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { applyScript, checkScript, compileScript, liveRuleset } from "./nft.ts";
import { firewallEffects } from "./plan.ts";
import { DEFAULT_FIREWALL, type DefaultFirewall, restoreTool } from "./restore.ts";
import { parseRulesetText, portsMentioned } from "./text.ts";
import { type NftJson, reachable } from "./reach.ts";

export interface FirewallConfig {
  target: NftTarget;
  /** Ports always evaluated for open/close effects (ssh and the web console at least). */
  watchPorts: number[];
  /** The shipped default table, which firewall.port acts on unless told otherwise. */
  defaults?: DefaultFirewall;
}

const name = (d: string) => s.string(d, { pattern: "^[A-Za-z0-9_-]{1,64}$" });
const ruleText = s.string("one nft rule as `nft list ruleset` prints it", { pattern: "^[^\\n;{}#]{1,400}$" });

interface PortInput { action: "allow" | "block"; port: number; proto: "tcp" | "udp"; family?: string; table?: string; chain?: string }
interface DeleteInput { family: string; table: string; chain: string; rule: string }

export function firewallTools(cfg: FirewallConfig): ToolDeclaration[] {
  const t = cfg.target;
  const def = cfg.defaults ?? DEFAULT_FIREWALL;
  const [defFamily, defTable] = def.table.split(" ") as [string, string];
  // Each change is a function from the live ruleset text to the complete script that replaces it.
  const change = <I>(toScript: (live: string, input: I) => string) => ({
    async plan(input: I, ctx: { runner: Runner }) {
      const before = await liveRuleset(ctx.runner, t);
      const script = toScript(before.text, input);
      const after = await compileScript(ctx.runner, t, script).catch((err) => { throw new UserError(`the resulting ruleset does not load: ${(err as Error).message}`); });
      return { effects: firewallEffects(before, after, cfg.watchPorts), notes: [`resulting ruleset:\n${after.text}`] };
    },
    async execute(input: I, ctx: { runner: Runner }) {
      const live = (await liveRuleset(ctx.runner, t)).text;
      await applyScript(ctx.runner, t, toScript(live, input));
      return { applied: true };
    },
  });

  return [
    tool<Record<string, never>>({
      name: "firewall.list",
      description: "Show the live nft ruleset, per chain its policy and rules, and which ports a new inbound connection reaches.",
      input: s.object({}),
      capabilities: ["net.firewall.read"],
      destructive: false,
      timeoutMs: 10_000,
      plan: noEffects,
      async execute(_, ctx) {
        const { text, json } = await liveRuleset(ctx.runner, t);
        return { text, chains: [...parseRulesetText(text).values()], open: openPorts(json, text, cfg.watchPorts) };
      },
    }),
    tool<{ ruleset: string }>({
      name: "firewall.check",
      description: "Check an nft ruleset for errors without applying it (nft -c).",
      input: s.object({ ruleset: s.string("complete nft script", { maxLength: 65536 }) }),
      capabilities: ["net.firewall.read"],
      destructive: false,
      timeoutMs: 10_000,
      plan: noEffects,
      async execute({ ruleset }, ctx) {
        const err = await checkScript(ctx.runner, t, ruleset);
        return err === null ? { ok: true } : { ok: false, errors: err };
      },
    }),
    tool<{ ruleset: string }>({
      name: "firewall.apply",
      description: "Replace the whole ruleset atomically with the given nft script.",
      input: s.object({ ruleset: s.string("complete nft script (without flush ruleset)", { maxLength: 65536 }) }),
      capabilities: ["net.firewall.write"],
      destructive: true,
      timeoutMs: 20_000,
      ...change<{ ruleset: string }>((_, i) => `flush ruleset\n${i.ruleset}\n`),
    }),
    tool<PortInput>({
      name: "firewall.port",
      description: `Allow or block a port by inserting a rule at the top of a chain (by default the appliance's ${def.table} input).`,
      input: s.object({
        action: s.enum(["allow", "block"]), port: s.int("port", 1, 65535), proto: s.enum(["tcp", "udp"]),
        family: s.enum(["inet", "ip", "ip6"]), table: name("table"), chain: name("chain"),
      }, ["action", "port", "proto"]),
      capabilities: ["net.firewall.write"],
      destructive: true,
      timeoutMs: 20_000,
      ...change<PortInput>((live, input) => {
        const i = { family: defFamily, table: defTable, chain: "input", ...input };
        if (!parseRulesetText(live).has(`${i.family} ${i.table} ${i.chain}`)) throw new UserError(`no chain ${i.chain} in table ${i.family} ${i.table}`, "list the ruleset with firewall.list");
        return `flush ruleset\n${live}\ninsert rule ${i.family} ${i.table} ${i.chain} ${i.proto} dport ${i.port} ${i.action === "allow" ? "accept" : "drop"}\n`;
      }),
    }),
    tool<DeleteInput>({
      name: "firewall.delete_rule",
      description: "Delete one rule from a chain, given as firewall.list shows it.",
      input: s.object({ family: s.enum(["inet", "ip", "ip6"]), table: name("table"), chain: name("chain"), rule: ruleText }),
      capabilities: ["net.firewall.write"],
      destructive: true,
      timeoutMs: 20_000,
      ...change<DeleteInput>((live, i) => `flush ruleset\n${removeRule(live, `${i.family} ${i.table}`, i.chain, i.rule)}\n`),
    }),
    restoreTool(t, cfg.watchPorts, def),
  ];
}

/** Ports a new inbound IPv4 connection gets through to, among those the ruleset names and the watched ones (reach.ts). */
function openPorts(json: NftJson, text: string, watch: number[]): { port: number; proto: "tcp" | "udp" }[] {
  const ports = [...new Set([...watch, ...portsMentioned(text)])].sort((a, b) => a - b);
  return ports.flatMap((port) => (["tcp", "udp"] as const).filter((proto) => reachable(json, { proto, port })).map((proto) => ({ port, proto })));
}

/** The ruleset text without the first occurrence of `rule` in `chain` of `table`. */
function removeRule(text: string, table: string, chain: string, rule: string): string {
  const lines = text.split("\n");
  let curTable = "", curChain = "";
  for (let i = 0; i < lines.length; i++) {
    const l = lines[i]!.trim();
    const tm = l.match(/^table (\S+ \S+) \{$/);
    if (tm) { curTable = tm[1]!; continue; }
    const cm = l.match(/^chain (\S+) \{$/);
    if (cm) { curChain = cm[1]!; continue; }
    if (curTable === table && curChain === chain && l === rule.trim()) { lines.splice(i, 1); return lines.join("\n"); }
  }
  throw new UserError(`no rule "${rule}" in ${table} ${chain}`, "copy the rule exactly as firewall.list shows it");
}
