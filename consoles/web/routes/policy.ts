// Web console routes for the policy area, mounted behind the console's auth by ../app.ts: the approval
// queue (list, approve, reject: through the executor, as the person), the audit log (verify, tail,
// export: read-only opens of the state database) and the page of pending approvals. Typed errors
// become {error, hint} with 4xx in the app's one error handler.
import type { Context, Hono } from "hono";
import { EMPTY_VERIFY, withAuditReadonly } from "../../../runtime/audit/read.ts";
import { UserError } from "../../../runtime/errors.ts";
import { approvalsBody } from "../approvals-page.ts";
import { layout } from "../pages/layout.ts";
import type { Approval } from "../../../runtime/policy/approvals.ts";
import type { CallOutcome } from "../../../tools/outcome.ts";
import { ask } from "../executor.ts";

const ID = /^apr-[0-9a-f]{8}$/;

function approvalId(c: Context): string {
  const id = c.req.param("id") ?? "";
  if (!ID.test(id)) throw new UserError(`"${id}" is not an approval id`, "ids look like apr-1a2b3c4d; GET /api/approvals lists them");
  return id;
}

/** The optional JSON body {note}; anything else is a 400. */
async function note(c: Context): Promise<string | undefined> {
  const text = await c.req.text();
  if (!text.trim()) return undefined;
  let body: unknown;
  try { body = JSON.parse(text); } catch { throw new UserError("the body must be JSON", 'send {"note": "why"} or nothing'); }
  const n = (body as { note?: unknown } | null)?.note;
  if (n !== undefined && typeof n !== "string") throw new UserError("note must be a string", 'send {"note": "why"}');
  return n;
}

function count(raw: string | undefined, def: number): number {
  if (raw === undefined || raw === "") return def;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1 || n > 10_000) throw new UserError(`n must be an integer from 1 to 10000, not "${raw}"`, "e.g. /api/audit/tail?n=50");
  return n;
}

const approvals = async (c: Context, status: "pending" | "all" = "pending") => (await ask<{ approvals: Approval[] }>(c, "GET", `/v1/approvals?status=${status}`)).approvals;
const decide = (c: Context, id: string, verb: "approve" | "reject", note?: string) =>
  ask<{ approval: Approval; outcome?: CallOutcome }>(c, "POST", `/v1/approvals/${id}/${verb}`, { note, wait: true });

export function mountPolicy(app: Hono): void {
  app.get("/api/approvals", async (c) => {
    const status = c.req.query("status") ?? "pending";
    if (!["pending", "all"].includes(status)) throw new UserError(`status must be pending or all, not "${status}"`);
    return c.json({ approvals: await approvals(c, status as "pending" | "all") });
  });

  for (const verb of ["approve", "reject"] as const) {
    app.post(`/api/approvals/:id/${verb}`, async (c) => {
      const id = approvalId(c);
      const n = await note(c);
      const r = await decide(c, id, verb, n);
      return c.json({ approval: r.approval, outcome: r.outcome ?? null, via: "executor" });
    });
    // The page's forms: decide, then back to the page with what happened.
    app.post(`/approvals/:id/${verb}`, async (c) => {
      const id = approvalId(c);
      const form = await c.req.parseBody().catch(() => ({} as Record<string, unknown>));
      const n = typeof form.note === "string" && form.note.trim() ? form.note.trim() : undefined;
      let message: string;
      try {
        const r = await decide(c, id, verb, n);
        message = `${id} ${r.approval.status}${r.outcome ? `: ${r.outcome.status}` : ""}`;
      } catch (err) {
        message = `${id}: ${(err as Error).message}`;
      }
      return c.redirect(`/approvals?msg=${encodeURIComponent(message)}`, 303);
    });
  }

  app.get("/approvals", async (c) => layout(c, "approvals", "Approvals", approvalsBody(await approvals(c), c.req.query("msg"), c.get("who").session?.csrf)));

  app.get("/api/audit/verify", (c) => c.json(withAuditReadonly((log) => log.verify(), EMPTY_VERIFY)));

  app.get("/api/audit/tail", (c) => {
    const n = count(c.req.query("n"), 20);
    const kind = c.req.query("kind") || undefined, actor = c.req.query("actor") || undefined;
    // An actor filter looks further back than the n entries it returns.
    return c.json({ entries: withAuditReadonly((log) => actor ? log.tail(10_000, kind).filter((e) => e.actor.includes(actor)).slice(-n) : log.tail(n, kind), []) });
  });

  // The whole chain, oldest first, one JSON entry a line (what `aiosctl audit export` would write).
  app.get("/api/audit/export", (c) => {
    const entries = withAuditReadonly((log) => [...log.entries()], [] as import("../../../runtime/audit/log.ts").AuditEntry[]);
    c.header("content-disposition", 'attachment; filename="audit.ndjson"');
    return c.body(entries.map((e) => JSON.stringify(e)).join("\n") + (entries.length ? "\n" : ""), 200, { "content-type": "application/x-ndjson" });
  });
}
