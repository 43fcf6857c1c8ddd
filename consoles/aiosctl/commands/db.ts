// aiosctl db check: PRAGMA integrity_check on every database on the state disk, read-only (a check
// never changes or moves a file; the boot's state check does that). Registered in ../aiosctl.ts.
import type { CommandDef } from "citty";
import { defineCommand } from "citty";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { setting } from "../../../runtime/config/settings.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { act, EXIT } from "../fail.ts";

export interface DbCheck { file: string; ok: boolean; detail: string }

/** Every *.db in the state directory (quarantined .corrupt-* files are not databases in use). */
export function checkDatabases(dir = setting("state_dir")): DbCheck[] {
  let names: string[] = [];
  try { names = readdirSync(dir).filter((n) => n.endsWith(".db")).sort(); } catch { return []; }
  return names.map((n) => {
    const file = join(dir, n);
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
