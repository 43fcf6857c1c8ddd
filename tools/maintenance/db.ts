// SQLite upkeep through the one module that opens SQLite: checkpoint the WAL into the database and
// truncate it, vacuum free pages away, and compact agent memory to its declared retention.
import { existsSync, statSync } from "node:fs";
import { openDatabase } from "../../runtime/db/open.ts";
import { UserError } from "../../runtime/errors.ts";
import { Memory } from "../../runtime/memory/index.ts";
import { compactionPreview } from "../../runtime/memory/retention.ts";
import type { Effect } from "../../runtime/policy/effects.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { fencedPath } from "../files/paths.ts";
import { s } from "../schema.ts";
import type { MaintenanceConfig } from "./config.ts";

export interface DbStats { path: string; bytes: number; walBytes: number; pageSize: number; pages: number; freePages: number; autoVacuum: number }

const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);

/** Size, WAL size and free pages of a database, read through a read-only connection. */
export function dbStats(path: string): DbStats {
  const db = openDatabase(path, { readonly: true });
  try {
    const one = (pragma: string) => Number(Object.values(db.query(`PRAGMA ${pragma}`).get() as Record<string, unknown>)[0] ?? 0);
    return { path, bytes: size(path), walBytes: size(`${path}-wal`), pageSize: one("page_size"), pages: one("page_count"), freePages: one("freelist_count"), autoVacuum: one("auto_vacuum") };
  } finally { db.close(); }
}

const memoryTables = (path: string) => {
  const db = openDatabase(path, { readonly: true });
  try { return db.query("SELECT 1 FROM sqlite_master WHERE name = 'mem_events'").get() !== null; } finally { db.close(); }
};

export function dbTools(cfg: MaintenanceConfig): ToolDeclaration[] {
  const known = (path: string) => {
    const p = fencedPath(path, cfg.databases.map((d) => d.slice(0, d.lastIndexOf("/")) || "/"));
    if (!cfg.databases.includes(p) || !existsSync(p)) throw new UserError(`${path} is not one of the maintained databases (${cfg.databases.join(", ")})`);
    return p;
  };
  return [
    tool<{ path: string; op: "checkpoint" | "vacuum" }>({
      name: "db.vacuum",
      description: "Checkpoint a database's WAL and truncate it, or also vacuum its free pages away (keeps every row).",
      input: s.object({ path: s.string("database file", { pattern: "^/" }), op: s.enum(["checkpoint", "vacuum"], "checkpoint: fold the WAL in; vacuum: also return free pages") }),
      capabilities: ["db.maintain"],
      destructive: false,
      timeoutMs: 600_000,
      async plan({ path, op }) {
        const st = dbStats(known(path));
        const reclaimBytes = st.walBytes + (op === "vacuum" ? st.freePages * st.pageSize : 0);
        if (reclaimBytes === 0) return { effects: [], notes: [`${st.path} has nothing to reclaim`] };
        const notes = op === "vacuum" && st.autoVacuum !== 2 ? [`a full VACUUM rewrites ${st.path}: it needs up to ${st.bytes} bytes free meanwhile`] : [];
        return { effects: [{ kind: "db.maintain", path: st.path, op, bytes: st.bytes + st.walBytes, reclaimBytes }], notes };
      },
      async execute({ path, op }) {
        const p = known(path);
        const before = size(p) + size(`${p}-wal`);
        const db = openDatabase(p);
        try {
          if (op === "vacuum") db.exec(dbStats(p).autoVacuum === 2 ? "PRAGMA incremental_vacuum" : "VACUUM");
          db.exec("PRAGMA wal_checkpoint(TRUNCATE)");
        } finally { db.close(); }
        return { path: p, before, after: size(p) + size(`${p}-wal`) };
      },
    }),
    tool<Record<string, never>>({
      name: "memory.compact",
      description: "Drop agent memory past its retention (finished work, old events, raw metrics rolled up, least-used facts).",
      input: s.object({}),
      capabilities: ["memory.compact"],
      destructive: true,
      timeoutMs: 300_000,
      async plan() {
        const p = cfg.memoryDb;
        if (!existsSync(p) || !memoryTables(p)) return { effects: [], notes: [`no agent memory in ${p}`] };
        const db = openDatabase(p, { readonly: true });
        let r;
        try { r = compactionPreview(db, (cfg.now ?? Date.now)()); } finally { db.close(); }
        const rows = r.work + r.events + r.metricsRolledUp + r.metricsDropped + r.facts;
        if (rows === 0) return { effects: [], notes: ["memory is within its retention"] };
        const st = dbStats(p);
        const effect: Effect = { kind: "db.maintain", path: p, op: "compact", bytes: st.bytes + st.walBytes, reclaimBytes: st.walBytes, rows };
        return { effects: [effect], notes: [`work ${r.work}, events ${r.events}, raw metrics ${r.metricsRolledUp}, rollups ${r.metricsDropped}, facts ${r.facts}`] };
      },
      async execute() {
        const memory = new Memory(openDatabase(cfg.memoryDb), cfg.now ? { now: cfg.now } : {});
        try { return memory.compact(); } finally { memory.db.close(); }
      },
    }),
  ];
}
