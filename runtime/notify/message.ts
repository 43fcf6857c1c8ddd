// What a notification says, the same for every channel: the webhook's JSON body and the email's subject
// and text are made from one NotifyEvent. The key is the message's identity (the outbox dedupes on it;
// receivers get it as X-Aios-Delivery and the email's Message-ID, to drop a repeat after a crash).
export type Severity = "info" | "warning" | "critical";
const ORDER: Severity[] = ["info", "warning", "critical"];
export const atLeast = (s: Severity, min: Severity) => ORDER.indexOf(s) >= ORDER.indexOf(min);

export interface NotifyEvent {
  /** incident:<id>:<state>, approval:<id>, test:<uuid>. */
  key: string;
  type: "incident" | "approval" | "test";
  severity: Severity;
  /** One line: what needs a person. */
  title: string;
  /** A few lines: the facts a person decides on. */
  details: string[];
  /** The console page to open. */
  link: string;
  at: number;
  data: Record<string, unknown>;
}

/** The webhook's JSON body (version 1). */
export function webhookBody(e: NotifyEvent, host: string): string {
  return JSON.stringify({ version: 1, id: e.key, type: e.type, severity: e.severity, host, title: e.title, details: e.details, link: e.link, at: new Date(e.at).toISOString(), data: e.data });
}

export function emailParts(e: NotifyEvent, host: string): { subject: string; text: string; messageId: string } {
  return {
    subject: `[aiOS ${host}] ${e.severity === "critical" ? "CRITICAL: " : ""}${e.title}`,
    text: [e.title, "", ...e.details, "", `Open it in the web console: ${e.link}`, "", `-- aiOS on ${host}, ${new Date(e.at).toISOString()} (${e.key})`].join("\n"),
    messageId: `<${e.key.replace(/[^A-Za-z0-9.-]/g, ".")}@${host.replace(/[^A-Za-z0-9.-]/g, "") || "aios"}.aios>`,
  };
}
