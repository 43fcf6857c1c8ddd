// The email channel: one message through the configured SMTP server (nodemailer). starttls refuses to
// send over a connection it could not upgrade; tls speaks TLS from the start; none is for a relay on a
// trusted network. A rejected recipient or an unreachable server is a failure the outbox retries.

export interface SmtpTarget {
  host: string; port: number; security: "starttls" | "tls" | "none";
  user?: string; password?: string; from: string; to: readonly string[];
  /** Accept a server certificate no CA vouches for (a test server); never set on the appliance. */
  insecureTls?: boolean;
  timeoutMs?: number;
}

export async function sendEmail(t: SmtpTarget, mail: { subject: string; text: string; messageId: string }): Promise<string> {
  // Loaded on the first email: the notifier starts (and reports ready) without it.
  const { default: nodemailer } = await import("nodemailer");
  const transport = nodemailer.createTransport({
    host: t.host, port: t.port, secure: t.security === "tls", requireTLS: t.security === "starttls", ignoreTLS: t.security === "none",
    ...(t.user ? { auth: { user: t.user, pass: t.password ?? "" } } : {}),
    tls: { rejectUnauthorized: !t.insecureTls },
    connectionTimeout: t.timeoutMs ?? 15_000, greetingTimeout: t.timeoutMs ?? 15_000, socketTimeout: t.timeoutMs ?? 30_000,
  });
  try {
    const info = await transport.sendMail({ from: t.from, to: [...t.to], subject: mail.subject, text: mail.text, messageId: mail.messageId });
    if (info.rejected.length) throw new Error(`rejected: ${info.rejected.map(String).join(", ")}`);
    return info.response;
  } catch (err) {
    throw new Error(`email via ${t.host}:${t.port}: ${(err as Error).message}`);
  } finally {
    transport.close();
  }
}
