// Where notifications go, from the settings table (notify.*) and secrets.toml's [notify] table
// (webhook_secret, smtp_password; the file is root's alone). What is half-configured is reported as a
// problem (aiosctl notify status shows it) rather than guessed at.
import { setting, value } from "../config/settings.ts";
import { errorMessage } from "../errors.ts";
import { secretsDoc } from "../models/secrets/secrets.ts";
import type { Severity } from "./message.ts";
import type { SmtpTarget } from "./email.ts";
import type { Channel } from "./outbox.ts";
import type { WebhookTarget } from "./webhook.ts";

export interface NotifyConfig {
  webhook?: WebhookTarget;
  email?: SmtpTarget;
  minSeverity: Severity;
  consoleUrl: string;
  maxAttempts: number;
  host: string;
  problems: string[];
}

export function notifyConfig(env: Record<string, string | undefined> = process.env): NotifyConfig {
  const problems: string[] = [];
  let secrets: Record<string, unknown> = {};
  try {
    const t = secretsDoc(setting("secrets", env)).notify;
    if (t !== undefined && (typeof t !== "object" || t === null || Array.isArray(t))) problems.push(`${setting("secrets", env)}: [notify] must be a table`);
    else secrets = (t ?? {}) as Record<string, unknown>;
  } catch (err) { problems.push(`secrets not read: ${errorMessage(err)}`); }
  const secret = (k: string) => (typeof secrets[k] === "string" && secrets[k] ? (secrets[k] as string) : undefined);

  const url = setting("notify_webhook_url", env);
  const webhook = url ? { url, secret: secret("webhook_secret") } : undefined;
  if (webhook && !webhook.secret) problems.push("webhooks go unsigned: set [notify] webhook_secret in secrets.toml (mode 0600) for X-Aios-Signature");
  const to = value("notify_email_to", env) as readonly string[];
  const smtpHost = setting("notify_smtp_host", env);
  let email: SmtpTarget | undefined;
  if (to.length && !smtpHost) problems.push("notify.email_to is set but notify.smtp_host is not: no email is sent");
  else if (to.length) {
    email = {
      host: smtpHost, port: value("notify_smtp_port", env) as number, security: setting("notify_smtp_security", env) as SmtpTarget["security"],
      user: setting("notify_smtp_user", env) || undefined, password: secret("smtp_password"), from: setting("notify_email_from", env), to,
    };
    if (email.user && !email.password) problems.push("notify.smtp_user is set but secrets.toml has no [notify] smtp_password");
  }
  return {
    webhook, email, problems,
    minSeverity: setting("notify_min_severity", env) as Severity,
    consoleUrl: setting("notify_console_url", env).replace(/\/+$/, ""),
    maxAttempts: value("notify_max_attempts", env) as number,
    host: setting("hostname", env),
  };
}

export const channels = (c: NotifyConfig): Channel[] => [...(c.webhook ? ["webhook" as const] : []), ...(c.email ? ["email" as const] : [])];
