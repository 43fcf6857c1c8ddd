// Web console routes for services: control (start, stop, restart, enable, disable: operators, with
// CSRF, by the guard) through the executor's services.control as the person (lock-out guards, audit);
// logs with a search, and logs followed as Server-Sent Events, from init's read-only socket. Monitor
// samples for the dashboard's charts are here too.
import type { Hono } from "hono";
import { streamSSE } from "hono/streaming";
import { control, followLines, readSocket } from "../../../runtime/control/client.ts";
import { relay } from "../executor.ts";
import { defaultDbPath, openDatabase } from "../../../runtime/db/open.ts";
import { UserError } from "../../../runtime/errors.ts";
import { samplesSince } from "../../../runtime/metrics/samples.ts";

interface LogLine { ts: number; service: string; stream: string; line: string }
const VERBS = ["start", "stop", "restart", "enable", "disable"] as const;

function logQuery(q: Record<string, string>): { params: URLSearchParams; search?: string } {
  const n = Number(q.n ?? 200);
  if (!Number.isInteger(n) || n < 1 || n > 5000) throw new UserError(`n must be an integer from 1 to 5000, not "${q.n}"`);
  const params = new URLSearchParams({ n: String(n), ...(q.service ? { service: q.service } : {}) });
  return { params, search: q.q?.trim().toLowerCase() || undefined };
}
const matches = (l: LogLine, search?: string) => !search || l.line.toLowerCase().includes(search);

export function mountServices(app: Hono): void {
  app.post(`/api/services/:id/:verb{${VERBS.join("|")}}`, async (c) => {
    const id = c.req.param("id"), verb = c.req.param("verb");
    return relay(c, "POST", `/v1/services/${encodeURIComponent(id)}/${verb}`);
  });

  app.get("/api/logs", async (c) => {
    const { params, search } = logQuery(c.req.query());
    // A search looks further back than the lines shown.
    if (search) params.set("n", String(Math.max(Number(params.get("n")), 5000)));
    const { lines } = await control<{ lines: LogLine[] }>("GET", `/v1/logs?${params}`, undefined, readSocket());
    return c.json({ lines: lines.filter((l) => matches(l, search)).slice(-Number(c.req.query("n") ?? 200)) });
  });

  // Follows from now (the page has the tail already); a search filters the followed lines too.
  app.get("/api/logs/follow", (c) => {
    const { params, search } = logQuery({ ...c.req.query(), n: "1" });
    params.set("since", String(Date.now()));
    (c.env as { timeout?: (req: Request, s: number) => void } | undefined)?.timeout?.(c.req.raw, 0);
    return streamSSE(c, async (s) => {
      const stop = new AbortController();
      s.onAbort(() => stop.abort());
      await s.writeSSE({ event: "ready", data: "{}" });
      try {
        for await (const l of followLines<LogLine>(`/v1/logs?${params}&follow=1`, readSocket(), stop.signal)) {
          if (matches(l, search)) await s.writeSSE({ event: "line", data: JSON.stringify(l) });
        }
      } catch (err) {
        if (!stop.signal.aborted) await s.writeSSE({ event: "error", data: JSON.stringify({ error: (err as Error).message }) });
      }
    });
  });

  app.get("/api/samples", (c) => {
    const minutes = Number(c.req.query("minutes") ?? 60);
    if (!(minutes > 0 && minutes <= 7 * 24 * 60)) throw new UserError(`minutes must be from 1 to 10080, not "${c.req.query("minutes")}"`);
    let db;
    try { db = openDatabase(defaultDbPath(), { readonly: true }); } catch { return c.json({ samples: [] }); } // no state database yet
    try { return c.json({ samples: samplesSince(db, Date.now() - minutes * 60_000) }); } finally { db.close(); }
  });
}
