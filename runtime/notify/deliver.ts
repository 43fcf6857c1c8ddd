// Sends what the outbox has due, each row through its channel, and records the outcome: sent, or a
// failure to retry after the backoff (failed for good after notify.max_attempts).
import { errorMessage } from "../errors.ts";
import type { NotifyConfig } from "./config.ts";
import { sendEmail } from "./email.ts";
import { emailParts, type NotifyEvent, webhookBody } from "./message.ts";
import type { Channel, Outbox, OutboxRow, RowState } from "./outbox.ts";
import { postWebhook } from "./webhook.ts";

/** What the outbox keeps per message: the event and the host name it was raised on. */
export interface Stored { event: NotifyEvent; host: string }

export interface Attempt { id: number; key: string; channel: Channel; state: RowState; error?: string }

/** A send gets this long before another process may take the row again (a sender that died). */
export const LEASE_MS = 120_000;

async function sendOne(row: OutboxRow, cfg: NotifyConfig): Promise<void> {
  const { event, host } = JSON.parse(row.payload) as Stored;
  if (row.channel === "webhook") {
    if (!cfg.webhook) throw new Error("no webhook is configured any more (notify.webhook_url)");
    await postWebhook(cfg.webhook, webhookBody(event, host), row.key, event.type);
  } else {
    if (!cfg.email) throw new Error("no email is configured any more (notify.email_to, notify.smtp_host)");
    await sendEmail(cfg.email, emailParts(event, host));
  }
}

/** Claims and sends the due rows (only `ids` when given); one row's failure never stops the others. */
export async function deliverDue(outbox: Outbox, cfg: NotifyConfig, ids?: readonly number[]): Promise<Attempt[]> {
  const out: Attempt[] = [];
  for (const row of outbox.claim(LEASE_MS, 20, ids)) {
    try {
      await sendOne(row, cfg);
      outbox.sent(row.id);
      out.push({ id: row.id, key: row.key, channel: row.channel, state: "sent" });
    } catch (err) {
      const error = errorMessage(err);
      out.push({ id: row.id, key: row.key, channel: row.channel, state: outbox.failed(row.id, error, cfg.maxAttempts), error });
    }
  }
  return out;
}
