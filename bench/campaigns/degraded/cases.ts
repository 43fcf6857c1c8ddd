// The degraded-mode cases, each on a real filesystem in a private mount namespace (see one.ts): what
// the operator sees, whether the appliance comes back once the cause is gone, and what was lost.
import { readdirSync, rmSync, writeFileSync, openSync, writeSync, closeSync } from "node:fs";
import { join } from "node:path";
import { middleLeaf, overwritePages, pageCount } from "../../../tests/fixtures/damage.ts";
import { Database } from "bun:sqlite";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { Appliance, hasStack, type Run } from "./appliance.ts";

export interface Outcome {
  case: string;
  /** What the operator was told (first line of the error), or what happened. */
  outcome: string;
  /** Every error was a clear one-line message (no stack trace, no crash). */
  clear: boolean;
  /** Status named the cause. */
  status: string;
  recovered: boolean;
  /** Audit entries written before the fault and missing after recovery. */
  auditLost: number;
  /** Anything else not carried over (moved aside, kept for inspection). */
  dataLost: string;
  /** The filesystem the state dir was on (ext4 on a loop device, or tmpfs). */
  fs?: string;
}

export interface Env {
  /** Runs a shell command in the case's mount namespace (mount, umount). */
  sh(cmd: string): void;
}

const firstLine = (r: Run) => (r.stderr.split("\n").find((l) => l.startsWith("aiosctl:")) ?? r.stderr.split("\n")[0] ?? "").replace(/^aiosctl: /, "");
const clear = (...rs: Run[]) => rs.every((r) => !hasStack(r.stdout + r.stderr) && (r.code === 0 || r.stderr.startsWith("aiosctl: ")));

/** N tool calls: each leaves one audit entry. */
async function work(a: Appliance, n: number): Promise<number> {
  let ok = 0;
  for (let i = 0; i < n; i++) if ((await a.toolCall()).code === 0) ok++;
  return ok;
}

function fill(dir: string): void {
  const fd = openSync(join(dir, "fill"), "w");
  const chunk = Buffer.alloc(64 * 1024, 1);
  try { for (;;) writeSync(fd, chunk); } catch { /* ENOSPC: full */ }
  try { for (;;) writeSync(fd, chunk, 0, 512); } catch { /* to the last block */ }
  closeSync(fd);
}

export const CASES: Record<string, (a: Appliance, env: Env) => Promise<Outcome>> = {
  async "disk-full"(a) {
    await work(a, 5);
    const before = (await a.verify()).count;
    fill(a.state);
    const call = await a.toolCall(), snap = await a.snapshot();
    const status = (await a.degraded()).join("; ");
    const verifyFull = await a.ctl("audit", "verify");
    rmSync(join(a.state, "fill"));
    const after = await a.toolCall();
    const v = await a.verify();
    return {
      case: "disk-full", outcome: `tool call: ${firstLine(call)} | snapshot: ${firstLine(snap)}`, clear: clear(call, snap, verifyFull) && call.code === 1 && snap.code === 1,
      status, recovered: after.code === 0 && v.ok, auditLost: Math.max(0, before - v.count + (after.code === 0 ? 1 : 0)), dataLost: "none",
    };
  },

  async "read-only"(a, env) {
    await work(a, 5);
    const before = (await a.verify()).count;
    env.sh(`mount --bind ${a.state} ${a.state} && mount -o remount,bind,ro ${a.state}`);
    const call = await a.toolCall(), snap = await a.snapshot();
    const status = (await a.degraded()).join("; ");
    const read = await a.verify();
    env.sh(`umount ${a.state}`);
    const after = await a.toolCall();
    const v = await a.verify();
    return {
      case: "read-only", outcome: `tool call: ${firstLine(call)} | snapshot: ${firstLine(snap)} | audit readable: ${read.ok ? "yes" : read.error ?? read.reason}`,
      clear: clear(call, snap) && call.code === 1 && snap.code === 1, status, recovered: after.code === 0 && v.ok,
      auditLost: Math.max(0, before + 1 - v.count), dataLost: "none",
    };
  },

  async "aios.db-corrupt"(a) {
    await work(a, 5);
    const before = (await a.verify()).count;
    const db = join(a.state, "aios.db");
    overwritePages(db, [1, 2, Math.max(3, Math.floor(pageCount(db) / 2))], 11);
    const call = await a.toolCall();
    const check = await a.aios("state-check");
    const status = (await a.degraded()).join("; ");
    const after = await a.toolCall();
    const v = await a.verify();
    const moved = readdirSync(a.state).filter((f) => /^aios\.db\.corrupt-\d{8}T\d{6}Z$/.test(f));
    return {
      case: "aios.db-corrupt", outcome: `tool call: ${firstLine(call)} | state-check: ${check.stdout.trim()}`, clear: clear(call, check) && check.code === 0,
      status, recovered: after.code === 0 && v.ok && v.count === before + 2, auditLost: Math.max(0, before + 2 - v.count),
      dataLost: moved.length ? `memory and approvals kept aside in ${moved[0]}` : "?",
    };
  },

  async "audit.db-corrupt"(a) {
    await work(a, 2);
    const db = join(a.state, "audit.db");
    // Enough entries for several leaf pages, written as the services write them (one transaction).
    const log = AuditLog.open(db);
    log.appendMany(Array.from({ length: 200 }, (_, i) => ({ kind: "service.state", actor: "init", subject: `svc${i % 7}`, data: { i, to: "ready" } })));
    log.db.close();
    const before = (await a.verify()).count;
    overwritePages(db, [middleLeaf(db, "audit_log")], 5);
    const broken = await a.ctl("audit", "verify");
    const check = await a.aios("state-check");
    const status = (await a.degraded()).join("; ");
    const after = await a.toolCall();
    const v = await a.verify();
    const later = await a.ctl("audit", "verify");
    const brokenAt = Number(/entry (\d+)/.exec(broken.stderr)?.[1] ?? 0);
    const kept = readdirSync(a.state).find((f) => /^audit\.db\.corrupt-\d{8}T\d{6}Z$/.test(f)); // not its -wal or -shm
    const unreadable = kept ? before - readableEntries(join(a.state, kept), before) : before;
    return {
      case: "audit.db-corrupt", outcome: `audit verify: ${firstLine(broken)} | after the state check: ${later.stdout.trim().replace(/\n/g, "; ")}`,
      clear: clear(broken, check, later) && broken.code === 1 && later.code === 0,
      status, recovered: after.code === 0 && v.ok, auditLost: unreadable,
      dataLost: `${unreadable} entries unreadable; ${before - (brokenAt || 1) + 1 - unreadable} after the break readable but unverifiable (the file is kept)`,
    };
  },
};

/** How many of entries 1..n can still be read from a damaged audit file, one lookup each. */
function readableEntries(path: string, n: number): number {
  const db = new Database(path, { readonly: true });
  let ok = 0;
  try {
    for (let seq = 1; seq <= n; seq++) try { if (db.query("SELECT 1 FROM audit_log WHERE seq = ?").get(seq)) ok++; } catch { /* on a damaged page */ }
  } finally { db.close(); }
  return ok;
}

/** Writes a marker so a case's folder is recognisably the campaign's. */
export const mark = (dir: string) => writeFileSync(join(dir, ".campaign"), "degraded\n");
