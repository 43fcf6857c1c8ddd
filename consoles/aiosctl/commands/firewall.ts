// aiosctl firewall list|open|close|reset; registered in ../tree.ts. Each verb is a tool call as the
// operator (tool-call.ts): list reads the live ruleset, open and close change the appliance's default
// table (`inet aios input`) and wait for approval where policy says so, reset restores the shipped
// table. The lock-out guard refuses closing ssh (22) or the web console (9090) whoever asks; a port
// already open (or closed) is said so, rather than sent for approval as a rule that changes nothing.
import { defineCommand, type CommandDef } from "citty";
import { UserError } from "../../../runtime/errors.ts";
import { DEFAULT_FIREWALL } from "../../../tools/firewall/restore.ts";
import type { ChainText } from "../../../tools/firewall/text.ts";
import type { CallOutcome } from "../../../tools/outcome.ts";
import { operatorCall, previewEffects, report, resultOf } from "./tool-call.ts";
import { act } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const port = { type: "positional", required: true, description: "port, port/tcp or port/udp (tcp when left out)" } as const;
const [family, table] = DEFAULT_FIREWALL.table.split(" ") as [string, string];

export function parsePort(v: string): { port: number; proto: "tcp" | "udp" } {
  const m = /^(\d{1,5})(?:\/(tcp|udp))?$/.exec(v);
  const n = m ? Number(m[1]) : NaN;
  if (!m || n < 1 || n > 65535) throw new UserError(`"${v}" is not a port`, "give 1-65535, optionally with /tcp or /udp: aiosctl firewall open 8080/tcp");
  return { port: n, proto: (m[2] ?? "tcp") as "tcp" | "udp" };
}

const lockoutHint = (out: CallOutcome) => (out.status === "refused" && out.blame === "lockout"
  ? "the lock-out guard keeps ssh (22/tcp) and the web console (9090/tcp) reachable in every mode, so a change cannot cut you off"
  : undefined);

const chainsText = (chains: ChainText[]) => chains.map((c) => `${c.table} ${c.chain}${c.policy ? `  (policy ${c.policy})` : ""}\n${c.rules.map((r) => `  ${r}`).join("\n") || "  (no rules)"}`).join("\n") || "no nft ruleset loaded";

/**
 * Whether the port is already as asked: the registry's preview of firewall.port says the port's reach
 * would not change. A refused preview (the lock-out guard) is not "already": the real call then reports it.
 */
async function already(p: { port: number; proto: "tcp" | "udp" }, action: "allow" | "block", json: boolean | undefined): Promise<boolean> {
  const effects = await previewEffects("firewall.port", { action, ...p });
  const kind = action === "allow" ? "port.open" : "port.close";
  if (effects === null || effects.some((e) => e.kind === kind && e.port === p.port && e.proto === p.proto)) return false;
  const reason = `port ${p.port}/${p.proto} is already ${action === "allow" ? "open" : "closed"}: nothing to do`;
  console.log(json ? JSON.stringify({ status: "unchanged", reason }, null, 2) : reason);
  return true;
}

const list = defineCommand({
  meta: { name: "list", description: "open ports, and the live nft ruleset: each chain, its policy and rules (--json: also the ruleset text)" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const r = resultOf<{ text: string; chains: ChainText[]; open: { port: number; proto: string }[] }>(await operatorCall("firewall.list", {}, "aiosctl firewall list"));
    console.log(a.json ? JSON.stringify(r, null, 2) : `open: ${r.open.map((p) => `${p.port}/${p.proto}`).join(" ") || "none"}\n${chainsText(r.chains)}`);
  }),
});

const open = defineCommand({
  meta: { name: "open", description: `open a port in ${DEFAULT_FIREWALL.table} input (an accept rule at the top; approval per policy)` },
  args: { port, json },
  run: act(async (a: { port: string; json?: boolean }) => {
    const p = parsePort(a.port);
    if (await already(p, "allow", a.json)) return;
    return report(await operatorCall("firewall.port", { action: "allow", ...p }, `aiosctl firewall open ${p.port}/${p.proto}`), a.json, { hint: lockoutHint });
  }),
});

const close = defineCommand({
  meta: { name: "close", description: "close a port: delete the rule `open` added, else add a drop rule (refused for 22 and 9090)" },
  args: { port, json },
  run: act(async (a: { port: string; json?: boolean }) => {
    const p = parsePort(a.port);
    if (await already(p, "block", a.json)) return;
    const live = resultOf<{ chains: ChainText[] }>(await operatorCall("firewall.list", {}, "aiosctl firewall close: find the port's rule"));
    const rule = `${p.proto} dport ${p.port} accept`;
    const input = live.chains.find((c) => c.table === DEFAULT_FIREWALL.table && c.chain === "input");
    const out = input?.rules.includes(rule)
      ? await operatorCall("firewall.delete_rule", { family, table, chain: "input", rule }, `aiosctl firewall close ${p.port}/${p.proto}`)
      : await operatorCall("firewall.port", { action: "block", ...p }, `aiosctl firewall close ${p.port}/${p.proto}`);
    return report(out, a.json, { hint: lockoutHint });
  }),
});

const reset = defineCommand({
  meta: { name: "reset", description: `restore the shipped ${DEFAULT_FIREWALL.table} table (from ${DEFAULT_FIREWALL.file}) or its drop policy; approval per policy` },
  args: { json },
  run: act(async (a: { json?: boolean }) => report(await operatorCall("firewall.restore", {}, "aiosctl firewall reset"), a.json, {
    hint: lockoutHint,
    human: (out) => (out.effects.length ? `restored ${DEFAULT_FIREWALL.table}` : `${DEFAULT_FIREWALL.table} is already the default (policy drop): nothing to do`),
  })),
});

const firewall = defineCommand({
  meta: { name: "firewall", description: "the nftables firewall: list, open <port>, close <port>, reset" },
  subCommands: { list, open, close, reset },
});

export const firewallCommands: Record<string, CommandDef<any>> = { firewall };
