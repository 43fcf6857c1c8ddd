// firewall.block: drop everything from one address (or prefix) with `ip saddr X drop` inserted at the
// top of the appliance's input chain. Kept apart from the other firewall tools so the network agent's
// ruleset work and this containment tool change independently. The plan names a `firewall.block`
// effect, which the lock-out guard checks against the addresses operators are connected from.
import { isIP } from "node:net";
import { UserError } from "../../runtime/errors.ts";
import type { NftTarget } from "../../runtime/sandbox/nft.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { applyScript, compileScript, liveRuleset } from "./nft.ts";
import { firewallEffects } from "./plan.ts";
import { parseRulesetText } from "./text.ts";

export interface BlockConfig {
  target: NftTarget;
  watchPorts: number[];
  /** The chain blocks go into by default: the appliance's input chain. */
  family?: string;
  table?: string;
  chain?: string;
}

interface BlockInput { addr: string; family?: string; table?: string; chain?: string }

const name = (d: string) => s.string(d, { pattern: "^[A-Za-z0-9_-]{1,64}$" });

/** "203.0.113.7", "2001:db8::1", "198.51.100.0/24": the address/prefix, checked by node:net, or an error. */
export function blockTarget(addr: string): { ip: string; bits?: number; v: 4 | 6; text: string } {
  const [ip = "", bits, extra] = addr.split("/");
  const v = isIP(ip);
  const max = v === 4 ? 32 : 128;
  const n = bits === undefined ? undefined : Number(bits);
  if (v === 0 || extra !== undefined || (n !== undefined && !(Number.isInteger(n) && n >= 8 && n <= max))) {
    throw new UserError(`"${addr.slice(0, 64)}" is not an address or prefix`, "give one IPv4/IPv6 address, or a prefix of /8 or longer");
  }
  return { ip, bits: n, v: v as 4 | 6, text: n === undefined ? ip : `${ip}/${n}` };
}

export function blockTools(cfg: BlockConfig): ToolDeclaration[] {
  const where = (i: BlockInput) => ({ family: i.family ?? cfg.family ?? "inet", table: i.table ?? cfg.table ?? "aios", chain: i.chain ?? cfg.chain ?? "input" });
  const ruleFor = (i: BlockInput) => { const b = blockTarget(i.addr); return `${b.v === 4 ? "ip" : "ip6"} saddr ${b.text} drop`; };
  const script = (live: string, i: BlockInput) => {
    const w = where(i);
    if (!parseRulesetText(live).has(`${w.family} ${w.table} ${w.chain}`)) throw new UserError(`no chain ${w.chain} in table ${w.family} ${w.table}`, "list the ruleset with firewall.list");
    return `flush ruleset\n${live}\ninsert rule ${w.family} ${w.table} ${w.chain} ${ruleFor(i)}\n`;
  };
  const already = (live: string, i: BlockInput) => { const w = where(i); return parseRulesetText(live).get(`${w.family} ${w.table} ${w.chain}`)?.rules.includes(ruleFor(i)) ?? false; };

  return [
    tool<BlockInput>({
      name: "firewall.block",
      description: "Drop all inbound traffic from one address or prefix (inserted at the top of the input chain).",
      input: s.object({
        addr: s.string("IPv4/IPv6 address, or a prefix such as 198.51.100.0/24", { pattern: "^[0-9A-Fa-f:.]{2,45}(/[0-9]{1,3})?$" }),
        family: s.enum(["inet", "ip", "ip6"]), table: name("table"), chain: name("chain"),
      }, ["addr"]),
      capabilities: ["net.firewall.write"],
      destructive: true,
      timeoutMs: 20_000,
      async plan(input, ctx) {
        const before = await liveRuleset(ctx.runner, cfg.target);
        if (already(before.text, input)) return { effects: [], notes: [`${blockTarget(input.addr).text} is already blocked`] };
        const after = await compileScript(ctx.runner, cfg.target, script(before.text, input)).catch((err) => { throw new UserError(`the resulting ruleset does not load: ${(err as Error).message}`); });
        const w = where(input);
        return {
          effects: [{ kind: "firewall.block", addr: blockTarget(input.addr).text, table: `${w.family} ${w.table}`, chain: w.chain }, ...firewallEffects(before, after, cfg.watchPorts)],
          notes: [`resulting ruleset:\n${after.text}`],
        };
      },
      async execute(input, ctx, plan) {
        if (plan.effects.length === 0) return { blocked: blockTarget(input.addr).text, unchanged: true };
        const live = (await liveRuleset(ctx.runner, cfg.target)).text;
        if (!already(live, input)) await applyScript(ctx.runner, cfg.target, script(live, input));
        return { blocked: blockTarget(input.addr).text };
      },
    }),
  ];
}
