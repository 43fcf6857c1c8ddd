// firewall.restore: puts the shipped default table (/etc/aios/firewall.nft) back when it is missing,
// or its input policy back to drop when something loosened it. Only that table is touched, and a
// loosened policy is fixed in place so ports opened with approval since boot stay open.
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { UserError } from "../../runtime/errors.ts";
import { describeEffect, type Effect } from "../../runtime/policy/effects.ts";
import { HOST_NFT, nftArgv, type NftTarget } from "../../runtime/sandbox/nft.ts";
import type { Runner } from "../../runtime/proc/exec.ts";
import type { AuditLog } from "../../runtime/audit/log.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { applyScript, compileScript, liveRuleset } from "./nft.ts";
import { firewallEffects } from "./plan.ts";
import { parseRulesetText } from "./text.ts";

export interface DefaultFirewall {
  /** The shipped ruleset file: it must replace only `table` (table X; delete table X; table X {…}). */
  file: string;
  /** "inet aios". */
  table: string;
}

export const DEFAULT_FIREWALL: DefaultFirewall = { file: "/etc/aios/firewall.nft", table: "inet aios" };

export type Drift = { change: "table"; why: string } | { change: "policy"; why: string } | null;

/** How the live ruleset text departs from the default: the table or its input chain gone, or the policy loosened. */
export function driftOf(liveText: string, table: string): Drift {
  const input = parseRulesetText(liveText).get(`${table} input`);
  if (!input) return { change: "table", why: `table ${table} or its input chain is missing` };
  if (input.policy !== "drop") return { change: "policy", why: `${table} input policy is ${input.policy ?? "none"}, not drop` };
  return null;
}

function scriptFor(drift: NonNullable<Drift>, def: DefaultFirewall, content: string): string {
  return drift.change === "table" ? content : `chain ${def.table} input { type filter hook input priority filter; policy drop; }\n`;
}

export function restoreTool(target: NftTarget, watchPorts: number[], def: DefaultFirewall = DEFAULT_FIREWALL): ToolDeclaration {
  const read = () => {
    try { return readFileSync(def.file, "utf8"); } catch (err) { throw new UserError(`cannot read the default firewall ${def.file}: ${(err as Error).message}`, "is the image intact?"); }
  };
  const sha = (text: string) => createHash("sha256").update(text).digest("hex");
  return tool<Record<string, never>>({
    name: "firewall.restore",
    description: "Restore the default firewall table: reload it from the shipped file when missing, or set its input policy back to drop (rules added since are kept).",
    input: s.object({}),
    capabilities: ["net.firewall.restore"],
    destructive: true,
    timeoutMs: 20_000,
    async plan(_, ctx) {
      const before = await liveRuleset(ctx.runner, target);
      const drift = driftOf(before.text, def.table);
      if (!drift) return { effects: [], notes: [`${def.table} is in place with policy drop`] };
      const content = read();
      const after = await compileScript(ctx.runner, target, `flush ruleset\n${before.text}\n${scriptFor(drift, def, content)}`)
        .catch((err) => { throw new UserError(`the default firewall does not load: ${(err as Error).message}`, `check ${def.file} with nft -c -f`); });
      const all = firewallEffects(before, after, watchPorts);
      // Closing ssh or the web console (tcp) stays an effect, for the lock-out guard to refuse; every
      // other change (rules, policy, other ports) is what a restore means, and is listed in the notes.
      const guarded = all.filter((e): e is Effect => e.kind === "port.close" && e.proto === "tcp" && watchPorts.includes(e.port));
      return {
        effects: [{ kind: "firewall.restore", table: def.table, source: def.file, sha256: sha(content), change: drift.change }, ...guarded],
        notes: [drift.why, ...all.map(describeEffect)],
      };
    },
    async execute(_, ctx, plan) {
      const approved = plan.effects.find((e) => e.kind === "firewall.restore");
      if (!approved || approved.kind !== "firewall.restore") return { restored: false };
      const content = read();
      if (sha(content) !== approved.sha256) throw new UserError(`${def.file} changed since the plan`, "preview the restore again");
      await applyScript(ctx.runner, target, scriptFor({ change: approved.change, why: "" }, def, content));
      return { restored: true, change: approved.change };
    },
  });
}

/** Break-glass (the serial console's rescue menu): reload the shipped table as shipped, audited as `who`. */
export async function resetFirewall(runner: Runner, audit: Pick<AuditLog, "append">, who: string, def = DEFAULT_FIREWALL, target: NftTarget = HOST_NFT) {
  await runner.run(nftArgv(target, ["-c", "-f", def.file])); // a damaged file fails here, before anything changes
  await runner.run(nftArgv(target, ["-f", def.file]));
  audit.append({ kind: "firewall.reset", actor: who, subject: def.table, data: { file: def.file } });
  return { table: def.table, file: def.file };
}
