// aiosctl verbs for the policy area; registered in ../tree.ts: the audit log (verify, tail,
// export), the approval queue (approvals, approve, reject), snapshots (snapshot, snapshots; restore is in backup.ts) and
// tool calls by a person (tool call, tool list), which go through the same registry as the agents'.
import type { CommandDef } from "citty";
import { defineCommand } from "citty";
import { formatEntry, formatPredecessor, formatVerify } from "../../render/audit.ts";
import { EMPTY_VERIFY, withAuditReadonly } from "../../../runtime/audit/read.ts";
import { UserError } from "../../../runtime/errors.ts";
import { renderApprovals } from "../../render/approvals.ts";
import { snapshotSystem } from "../../../runtime/snapshots/manual.ts";
import { configDir } from "../../../runtime/policy/agents.ts";
import { HUMAN } from "../../../runtime/models/model.ts";
import { decideThroughExecutor } from "../../../agents/host/executor/approve.ts";
import { personActor, withApplianceTools } from "../../../tools/appliance.ts";
import { outcomeText } from "../../render/outcome.ts";
import { act, EXIT, fail } from "../fail.ts";
import { outcomeCode } from "./tool-call.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const print = (v: unknown, asJson: boolean | undefined, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());
const who = () => personActor("aiosctl");

function positiveInt(flag: string, v: string, min = 1): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < min) throw new UserError(`${flag} must be an integer ≥ ${min}, not "${v}"`);
  return n;
}

function parseAnchor(v: string): { seq: number; hash: string } {
  const m = /^(\d+):([0-9a-f]{64})$/.exec(v);
  if (!m) throw new UserError(`--anchor must be SEQ:HASH (a 64-hex-digit hash), not "${v}"`, "take it from `aiosctl audit verify --json` (head)");
  return { seq: Number(m[1]), hash: m[2]! };
}


const verify = defineCommand({
  meta: { name: "verify", description: "check the audit log's hash chain; names the first broken entry" },
  args: { anchor: { type: "string", description: "SEQ:HASH of a head recorded earlier (--json shows it): also catches entries cut from the end" }, json },
  run: act(async (a: { anchor?: string; json?: boolean }) => {
    const anchor = a.anchor === undefined ? undefined : parseAnchor(a.anchor);
    const r = withAuditReadonly((log) => log.verify(anchor), anchor && anchor.seq > 0 ? { ok: false as const, count: 0, brokenAt: 1, reason: `entries 1..${anchor.seq} were removed from the end` } : EMPTY_VERIFY);
    let before: string | undefined;
    try { before = formatPredecessor(withAuditReadonly((log) => log.entries(1).next().value, undefined)); } catch { /* unreadable from its first entry: r says where */ }
    if (a.json) { print(before ? { ...r, predecessor: before } : r, true, () => ""); return r.ok ? EXIT.ok : EXIT.failure; }
    if (!r.ok) fail(`audit log ${formatVerify(r)}`, "the log was changed outside aios; keep a copy (`aiosctl audit export > audit.ndjson`) before anything else writes to it");
    console.log(formatVerify(r));
    if (before) console.log(before);
  }),
});

const tail = defineCommand({
  meta: { name: "tail", description: "the newest audit entries, oldest first" },
  args: { n: { type: "string", alias: "n", default: "20", description: "how many" }, kind: { type: "string", description: "only this kind (service.state, tool.call, approval.approved, ...)" }, json },
  run: act(async (a: { n: string; kind?: string; json?: boolean }) => {
    const n = positiveInt("-n", a.n);
    const entries = withAuditReadonly((log) => log.tail(n, a.kind), []);
    print({ entries }, a.json, () => entries.map(formatEntry).join("\n") || "no audit entries");
  }),
});

const exportCmd = defineCommand({
  meta: { name: "export", description: "entries as NDJSON with their hashes (check elsewhere with verifyExport)" },
  args: { from: { type: "string", default: "1", description: "first entry (seq)" }, json: { type: "boolean", description: "one JSON array instead of NDJSON" } },
  run: act(async (a: { from: string; json?: boolean }) => {
    const from = positiveInt("--from", a.from);
    let first = true;
    if (a.json) process.stdout.write("[");
    withAuditReadonly((log) => {
      for (const line of log.exportNdjson(from)) {
        process.stdout.write(a.json ? `${first ? "" : ","}\n${line}` : `${line}\n`);
        first = false;
      }
    }, undefined);
    if (a.json) process.stdout.write("\n]\n");
  }),
});

const audit = defineCommand({
  meta: { name: "audit", description: "the hash-chained audit log: verify, tail, export" },
  subCommands: { verify, tail, export: exportCmd },
});

const approvals = defineCommand({
  meta: { name: "approvals", description: "tool calls waiting for a person: who, what, why, effects, expiry" },
  args: { all: { type: "boolean", description: "decided and expired ones too" }, json },
  run: act(async (a: { all?: boolean; json?: boolean }) => {
    const list = await withApplianceTools((sys) => sys.approvals.list(a.all ? "all" : "pending"));
    print({ approvals: list }, a.json, () => renderApprovals(list));
  }),
});

const decision = (verb: "approve" | "reject") => defineCommand({
  meta: { name: verb, description: verb === "approve" ? "approve a queued call and run it (its effects are previewed again first)" : "reject a queued call" },
  args: { id: { type: "positional", required: true, description: "approval id (apr-…)" }, note: { type: "string", description: "why, for the audit log" }, json },
  run: act(async (a: { id: string; note?: string; json?: boolean }) => {
    const r = await decideThroughExecutor(a.id, who(), verb, a.note);
    print(r, a.json, () => `${r.approval.id} ${verb === "approve" ? "approved" : "rejected"} by ${r.approval.decidedBy}${r.outcome ? `\n${outcomeText(r.outcome)}` : ""}`);
    return r.outcome ? outcomeCode(r.outcome) : EXIT.ok;
  }),
});

const snapshot = defineCommand({
  meta: { name: "snapshot", description: `snapshot the configuration (${configDir()}), the firewall ruleset and the package selections` },
  args: { desc: { type: "positional", required: false, description: "what it is for" }, "config-only": { type: "boolean", description: "only the configuration files" }, json },
  run: act(async (a: { desc?: string; "config-only"?: boolean; json?: boolean }) => {
    const only = !!a["config-only"];
    const m = await withApplianceTools((sys) => snapshotSystem(sys.snapshots, sys.audit, who(), a.desc ?? "manual snapshot", { configDirs: [configDir()], nft: !only, dpkg: !only }));
    print(m, a.json, () => `${m.id}: ${m.files.length} files${m.nft ? ", firewall" : ""}${m.dpkg ? ", packages" : ""}`);
  }),
});

const snapshots = defineCommand({
  meta: { name: "snapshots", description: "snapshots on the state disk, oldest first" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const list = await withApplianceTools((sys) => sys.snapshots.list());
    print({ snapshots: list }, a.json, () => list.map((m) => `${m.id}  ${new Date(m.createdAt).toISOString()}  ${m.auto ? "auto  " : "manual"}  ${m.files.length} files${m.nft ? " +nft" : ""}${m.dpkg ? " +dpkg" : ""}  ${m.desc}`).join("\n") || "no snapshots");
  }),
});

const call = defineCommand({
  meta: { name: "call", description: "call a tool through the policy (risky calls are queued for approval)" },
  args: {
    name: { type: "positional", required: true, description: "tool name (aiosctl tool list)" },
    input: { type: "string", default: "{}", description: "the input as JSON" },
    agent: { type: "string", default: "operator", description: "whose policy applies (<config>/agents/<agent>.toml)" },
    why: { type: "string", description: "the reason, for the approver and the audit log" },
    json,
  },
  run: act(async (a: { name: string; input: string; agent: string; why?: string; json?: boolean }) => {
    let input: unknown;
    try { input = JSON.parse(a.input); } catch (e) { throw new UserError(`--input is not JSON: ${(e as Error).message}`, `e.g. --input '{"id":"monitor","action":"restart"}'`); }
    const out = await withApplianceTools((sys) => sys.registry.call({ agent: a.agent, tool: a.name, input, why: { reason: a.why ?? `asked by ${who()}`, tier: HUMAN } }));
    const code = outcomeCode(out);
    if (a.json || code === EXIT.ok) { print(out, a.json, () => outcomeText(out)); return code; }
    fail(outcomeText(out), out.status === "refused" && out.blame === "input" ? "check the input against the tool's schema (`aiosctl tool list --json`)" : undefined, code);
  }),
});

const list = defineCommand({
  meta: { name: "list", description: "every tool, with its input schema under --json" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const tools = await withApplianceTools((sys) => sys.registry.describe());
    print({ tools }, a.json, () => tools.map((t) => `${t.name.padEnd(22)} ${t.destructive ? "!" : " "} ${t.description}`).join("\n"));
  }),
});

const tool = defineCommand({
  meta: { name: "tool", description: "call the appliance's tools as a person (policy, approvals and audit apply)" },
  subCommands: { call, list },
});

export const policyCommands: Record<string, CommandDef<any>> = {
  audit, approvals, approve: decision("approve"), reject: decision("reject"), snapshot, snapshots, tool,
};
