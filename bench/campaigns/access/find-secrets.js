// Run inside the guest by the aios binary acting as bun (BUN_BE_BUN=1): for each file given, which
// of the secrets (by their line in the needle file) it holds, its mode and owner, and for a SQLite
// database or its WAL, the table.column holding each one (none found there: a stale WAL frame).
import { existsSync, readFileSync, statSync } from "node:fs";
import { Database } from "bun:sqlite";

const [needleFile, ...files] = process.argv.slice(2);
const needles = readFileSync(needleFile, "utf8").split("\n").filter(Boolean);
for (const file of files) {
  const text = readFileSync(file, "latin1");
  const st = statSync(file);
  const held = needles.flatMap((n, i) => (text.includes(n) ? [i] : []));
  const where = [];
  const dbPath = file.replace(/-(wal|shm|journal)$/, "");
  if (/\.db$/.test(dbPath) && existsSync(dbPath)) {
    try {
      const db = new Database(dbPath, { readonly: true });
      for (const { name } of db.query("select name from sqlite_master where type in ('table', 'view')").all()) {
        for (const { name: col } of db.query(`pragma table_info("${name}")`).all()) {
          for (const i of held) {
            const { k } = db.query(`select count(*) as k from "${name}" where instr(cast("${col}" as text), ?) > 0`).get(needles[i]);
            if (k) where.push(`${name}.${col}: secret ${i} in ${k} row(s)`);
          }
        }
      }
    } catch (err) { where.push(`(could not read ${dbPath}: ${err.message})`); }
  }
  console.log(JSON.stringify({ file, mode: (st.mode & 0o777).toString(8).padStart(4, "0"), uid: st.uid, held, where }));
}
