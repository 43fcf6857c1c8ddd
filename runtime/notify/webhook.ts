// The webhook channel: POST the JSON body, signed with HMAC-SHA256 over the exact bytes sent
// (X-Aios-Signature: sha256=<hex>, as GitHub signs its webhooks) when a secret is configured. Any
// answer but 2xx, or no answer within the timeout, is a failure the outbox retries.
import { createHmac } from "node:crypto";

export const signature = (secret: string, body: string) => `sha256=${createHmac("sha256", secret).update(body).digest("hex")}`;

export interface WebhookTarget { url: string; secret?: string; timeoutMs?: number }

export async function postWebhook(t: WebhookTarget, body: string, delivery: string, event: string): Promise<void> {
  const headers: Record<string, string> = {
    "content-type": "application/json", "user-agent": "aiOS-notify/1", "x-aios-delivery": delivery, "x-aios-event": event,
  };
  if (t.secret) headers["x-aios-signature"] = signature(t.secret, body);
  let res: Response;
  try {
    res = await fetch(t.url, { method: "POST", headers, body, redirect: "manual", signal: AbortSignal.timeout(t.timeoutMs ?? 15_000) });
  } catch (err) {
    throw new Error(`webhook ${new URL(t.url).host}: ${(err as Error).message}`);
  }
  if (res.status < 200 || res.status > 299) {
    const text = (await res.text().catch(() => "")).slice(0, 200).replace(/\s+/g, " ");
    throw new Error(`webhook ${new URL(t.url).host} answered ${res.status}${text ? `: ${text}` : ""}`);
  }
  await res.body?.cancel().catch(() => {});
}
