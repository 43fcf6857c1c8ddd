// aiosctl db check: PRAGMA integrity_check on every database on the state disk, read-only (a check
// never changes or moves a file; the boot's state check does that). Registered in ../aiosctl.ts.
import type { CommandDef } from "citty";
import { defineCommand } from "citty";
import { readdirSync, type Dirent } from "node:fs";
import { join } from "node:path";
import { setting } from "../../../runtime/config/settings.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { act, EXIT } from "../fail.ts";

export interface DbCheck { file: string; ok: boolean; detail: string }

/** Every *.db on the state disk, two folders deep (the agents keep theirs in a folder of their own); not snapshots or models. */
function databases(dir: string, depth = 2): string[] {
  let entries: Dirent[] = [];
  try { entries = readdirSync(dir, { withFileTypes: true }); } catch { return []; }
  return entries.flatMap((e) => e.isDirectory() ? (depth > 0 && !SKIP.has(e.name) ? databases(join(dir, e.name), depth - 1) : [])
    : e.isFile() && e.name.endsWith(".db") ? [join(dir, e.name)] : []).sort();
}
const SKIP = new Set(["snapshots", "models", "backups"]);

export function checkDatabases(dir = setting("state_dir")): DbCheck[] {
  const names = databases(dir);
  return names.map((file) => {
    try {
      const db = openDatabase(file, { readonly: true });
      try {
        const rows = db.query<{ integrity_check: string }, []>("PRAGMA integrity_check(10)").all().map((r) => r.integrity_check);
        return { file, ok: rows.length === 1 && rows[0] === "ok", detail: rows.join("; ") };
      } finally { db.close(); }
    } catch (e) { return { file, ok: false, detail: (e as Error).message }; }
  });
}

const check = defineCommand({
  meta: { name: "check", description: "PRAGMA integrity_check on every database on the state disk (read-only)" },
  args: { json: { type: "boolean", description: "machine-readable output" } },
  run: act(async (a: { json?: boolean }) => {
    const databases = checkDatabases();
    if (a.json) console.log(JSON.stringify({ databases }, null, 2));
    else console.log(databases.map((d) => `${d.ok ? "ok    " : "DAMAGED"} ${d.file}${d.ok ? "" : `: ${d.detail}`}`).join("\n") || "no databases");
    return databases.every((d) => d.ok) ? EXIT.ok : EXIT.failure;
  }),
});

export const dbCommands: Record<string, CommandDef> = {
  db: defineCommand({ meta: { name: "db", description: "the state disk's databases: check" }, subCommands: { check } }) as CommandDef,
};
