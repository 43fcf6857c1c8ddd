// aiosctl notify: where notifications go and how the outbox stands (status), and a test message through
// every configured channel, sent at once (test); registered in ../tree.ts.
import { defineCommand } from "citty";
import { setting } from "../../../runtime/config/settings.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { UserError } from "../../../runtime/errors.ts";
import { channels, notifyConfig } from "../../../runtime/notify/config.ts";
import { deliverDue, type Stored } from "../../../runtime/notify/deliver.ts";
import type { NotifyEvent } from "../../../runtime/notify/message.ts";
import { Outbox, type OutboxRow } from "../../../runtime/notify/outbox.ts";
import { act, EXIT } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const print = (v: unknown, asJson: boolean | undefined, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());
const withOutbox = async <T>(fn: (o: Outbox) => Promise<T>) => {
  const db = openDatabase(setting("state_db"));
  try { return await fn(new Outbox(db)); } finally { db.close(); }
};
const when = (ms: number | null) => (ms ? new Date(ms).toISOString().replace(/\.\d+Z$/, "Z") : "-");
const rowLine = (r: OutboxRow) => `${when(r.createdAt)}  ${r.channel.padEnd(7)} ${r.state.padEnd(7)} ${String(r.attempts).padStart(2)}x  ${r.key}${r.state === "pending" && r.attempts ? `  next ${when(r.nextAt)}` : ""}${r.lastError ? `\n    ${r.lastError}` : ""}`;

/** Where messages go, with the webhook's URL cut to its origin (a path may carry a token). */
function targets() {
  const c = notifyConfig();
  return {
    config: c,
    view: {
      webhook: c.webhook ? { url: new URL(c.webhook.url).origin, signed: !!c.webhook.secret } : null,
      email: c.email ? { to: c.email.to, from: c.email.from, smtp: `${c.email.host}:${c.email.port}`, security: c.email.security, login: !!c.email.user } : null,
      min_severity: c.minSeverity, console_url: c.consoleUrl, max_attempts: c.maxAttempts, problems: c.problems,
    },
  };
}

const status = defineCommand({
  meta: { name: "status", description: "where notifications go, problems with that, and the outbox (counts and the newest messages)" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const { view } = targets();
    const outbox = await withOutbox(async (o) => o.summary(10));
    print({ ...view, outbox }, a.json, () => [
      `webhook: ${view.webhook ? `${view.webhook.url}/… (${view.webhook.signed ? "signed: X-Aios-Signature" : "unsigned"})` : "none (notify.webhook_url)"}`,
      `email:   ${view.email ? `${view.email.to.join(", ")} via ${view.email.smtp} (${view.email.security})` : "none (notify.email_to, notify.smtp_host)"}`,
      `incidents from ${view.min_severity} up and pending approvals; links to ${view.console_url}`,
      ...view.problems.map((p) => `problem: ${p}`),
      `outbox: ${outbox.counts.map((c) => `${c.channel} ${c.state} ${c.n}`).join(", ") || "empty"}`,
      ...outbox.recent.map(rowLine),
    ].join("\n"));
  }),
});

const test = defineCommand({
  meta: { name: "test", description: "send a test message through every configured channel now; exit 1 if one fails" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const { config } = targets();
    const to = channels(config);
    if (!to.length) throw new UserError("no notification channel is configured", "aiosctl config set notify.webhook_url https://…, or notify.email_to and notify.smtp_host");
    const key = `test:${crypto.randomUUID()}`;
    const event: NotifyEvent = {
      key, type: "test", severity: "info", title: `test message from aiOS on ${config.host}`,
      details: ["aiosctl notify test sent this; incidents that need a person and pending approvals come the same way."],
      link: `${config.consoleUrl}/`, at: Date.now(), data: {},
    };
    const rows = await withOutbox(async (o) => {
      o.enqueue(key, { event, host: config.host } satisfies Stored, to);
      const ids = o.rowsFor(key).map((r) => r.id);
      await deliverDue(o, config, ids);
      // The notify service may have claimed a row first: wait for its outcome.
      for (let i = 0; i < 60 && o.rowsFor(key).some((r) => r.state === "sending"); i++) await Bun.sleep(500);
      return o.rowsFor(key);
    });
    const ok = rows.every((r) => r.state === "sent");
    print({ key, results: rows.map((r) => ({ channel: r.channel, state: r.state, error: r.lastError })) }, a.json, () =>
      rows.map((r) => `${r.channel}: ${r.state === "sent" ? "sent" : `not sent: ${r.lastError ?? r.state} (the notify service retries it)`}`).join("\n"));
    return ok ? EXIT.ok : EXIT.failure;
  }),
});

export const notifyCommands = {
  notify: defineCommand({ meta: { name: "notify", description: "notifications (webhook, email): status, test" }, subCommands: { status, test } }),
};
