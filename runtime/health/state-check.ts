// `aios state-check`: a oneshot service that runs once per boot before anything opens a database.
// Each damaged database is moved aside (a fresh one starts when its owner next opens it) and the
// event goes into the audit log; the audit file itself, when damaged, is moved aside too, and the new
// chain's first entry names it and the entry where it breaks, so nothing is dropped silently. The
// findings stay in {run_dir}/state-check.json for status. It always exits 0: services depend on it.
import { mkdirSync, writeFileSync } from "node:fs";
import { basename, dirname } from "node:path";
import { AuditLog } from "../audit/log.ts";
import type { VerifyResult } from "../audit/verify.ts";
import { setting } from "../config/settings.ts";
import { moveAside, quickCheck } from "../db/check.ts";
import { errorMessage } from "../errors.ts";

export interface Finding {
  db: "state" | "agents" | "audit";
  path: string;
  problem: string;
  movedTo: string;
  /** For the audit file: how far its chain verified, and where it breaks. */
  chain?: { count: number; brokenAt: number; reason: string };
}

export interface StateReport { at: number; findings: Finding[]; errors: string[] }

export interface StatePaths { state: string; agents: string; audit: string }

export const reportPath = () => `${setting("run_dir")}/state-check.json`;

function chainOf(path: string, problem: string): Finding["chain"] {
  let v: VerifyResult | undefined;
  try { const log = AuditLog.open(path, { readonly: true }); try { v = log.verify(); } finally { log.db.close(); } } catch { /* unreadable from the start */ }
  if (v && !v.ok) return { count: v.count, brokenAt: v.brokenAt, reason: v.reason };
  return { count: v?.count ?? 0, brokenAt: (v?.count ?? 0) + 1, reason: v ? `every entry verified, but the file is damaged: ${problem}` : `the file cannot be read: ${problem}` };
}

export function checkState(p: StatePaths, now = Date.now()): StateReport {
  const report: StateReport = { at: now, findings: [], errors: [] };
  // The audit file first, so the findings below have a chain to go into.
  for (const [db, path] of [["audit", p.audit], ["state", p.state], ["agents", p.agents]] as const) {
    try {
      const problem = quickCheck(path);
      if (!problem) continue;
      const chain = db === "audit" ? chainOf(path, problem) : undefined;
      report.findings.push({ db, path, problem, movedTo: moveAside(path, now), chain });
    } catch (err) {
      report.errors.push(`${path}: ${errorMessage(err)}`);
    }
  }
  if (report.findings.length) {
    try {
      const log = AuditLog.open(p.audit);
      try {
        log.appendMany(report.findings.map((f) => ({ kind: f.db === "audit" ? "audit.damaged" : "state.quarantined", actor: "state-check", subject: f.path, data: f, ts: now })));
      } finally { log.db.close(); }
    } catch (err) { report.errors.push(`cannot record in the audit log: ${errorMessage(err)}`); }
  }
  return report;
}

/** What status shows for a finding. */
export function findingText(f: Finding): string {
  const name = basename(f.path);
  if (f.db === "audit") return `${name} was damaged (its chain breaks at entry ${f.chain?.brokenAt ?? 1}): moved aside to ${f.movedTo}; the new chain starts with a record of it`;
  return `${name} was corrupt: moved aside to ${f.movedTo}`;
}

export function runStateCheck(): void {
  const paths = { state: setting("state_db"), agents: setting("agents_db"), audit: setting("audit_db") };
  let report: StateReport;
  try { report = checkState(paths); } catch (err) { report = { at: Date.now(), findings: [], errors: [errorMessage(err)] }; }
  for (const f of report.findings) console.log(`state-check: ${findingText(f)} (${f.problem})`);
  for (const e of report.errors) console.log(`state-check: could not check ${e}`);
  try {
    mkdirSync(dirname(reportPath()), { recursive: true });
    writeFileSync(reportPath(), JSON.stringify(report));
  } catch (err) { console.log(`state-check: cannot keep the report: ${errorMessage(err)}`); }
  if (!report.findings.length && !report.errors.length) console.log("state-check: databases whole");
}
