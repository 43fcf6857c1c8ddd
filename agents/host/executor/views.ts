// Read-only views the front agent needs of what only root can open: the audit chain since a time
// ("what changed since yesterday?") and a search of the appliance's memory (procedures that worked,
// recent events and incidents). Mounted on the agent socket; nothing here writes.
import type { Hono } from "hono";
import { UserError } from "../../../runtime/errors.ts";
import type { LocalExecutor } from "./local.ts";

export function mountViews(app: Hono, ex: LocalExecutor): void {
  app.get("/v1/audit", (c) => {
    const since = Number(c.req.query("since") ?? 0);
    const limit = Math.min(Number(c.req.query("limit") ?? 200), 2000);
    if (!Number.isFinite(since) || !Number.isFinite(limit) || limit < 1) throw new UserError("since and limit must be numbers");
    return c.json({ entries: ex.sys.audit.since(since, limit) });
  });
  app.post("/v1/memory/search", async (c) => {
    const b = ((await c.req.json().catch(() => ({}))) ?? {}) as { text?: unknown; limit?: unknown }; // JSON null parses too
    if (typeof b.text !== "string" || !b.text.trim()) throw new UserError("text must be a non-empty string");
    const hits = await ex.searchMemory(b.text.slice(0, 500), Math.min(Number(b.limit ?? 5) || 5, 20));
    return c.json({ hits });
  });
}
