// Several processes migrating one fresh database at once (aiosctl beside the agent host at boot; the
// fuzz campaign found "duplicate column name: request"): each migration runs exactly once, nobody fails.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { openDatabase } from "../../../runtime/db/open.ts";
import { bun, repo } from "../init/fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-migrate-race-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const PROCESSES = 6;
const ROUNDS = 3;

async function round(path: string): Promise<string[]> {
  const startAt = Date.now() + 1500; // after every process has loaded its modules
  const procs = Array.from({ length: PROCESSES }, () =>
    Bun.spawn([bun, `${repo}/tests/integration/db/migrate-child.ts`, path, String(startAt)], { stdio: ["ignore", "pipe", "pipe"] }));
  return Promise.all(procs.map(async (p) => {
    const [out, err] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return (out + err).trim();
  }));
}

describe("migrations under concurrency", () => {
  it("every process opens a fresh database and the schema ends whole, each migration applied once", async () => {
    for (let r = 0; r < ROUNDS; r++) {
      const path = join(dir, `race-${r}.db`);
      expect(await round(path)).toEqual(Array(PROCESSES).fill("ok"));
      const db = openDatabase(path, { readonly: true });
      const cols = db.query<{ name: string }, []>("SELECT name FROM pragma_table_info('model_decisions')").all().map((c) => c.name);
      expect(cols.filter((c) => c === "request")).toHaveLength(1);
      const scopes = db.query<{ n: number }, []>("SELECT count(*) AS n FROM aios_migrations").get()!.n;
      expect(scopes).toBeGreaterThanOrEqual(10);
      db.close();
    }
  });
});
