// Notifications end to end against real receivers on loopback: an HTTP server that checks the HMAC and
// answers 500 then 200 (the outbox retries after its backoff, on a clock the test moves), and a real SMTP
// server (smtp-server) with STARTTLS that receives the email. The sources are the real approval queue and
// incident store in their SQLite files; a "restart" is a new outbox on the same database.
import type { Database } from "bun:sqlite";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { SMTPServer } from "smtp-server";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cycle, type CycleDeps } from "../../../agents/notify/service.ts";
import { IncidentStore } from "../../../agents/incidents/store.ts";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import type { NotifyConfig } from "../../../runtime/notify/config.ts";
import { Outbox } from "../../../runtime/notify/outbox.ts";
import { signature } from "../../../runtime/notify/webhook.ts";
import { ApprovalQueue } from "../../../runtime/policy/approvals.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-notify-"));
const SECRET = "hook-secret";
let clock = Date.now();
const now = () => clock;

// The webhook receiver: verifies each signature, answers from a script (then 200).
const hits: { body: string; delivery: string; event: string; signedOk: boolean }[] = [];
const answers: number[] = [];
const receiver = Bun.serve({
  hostname: "127.0.0.1", port: 0,
  async fetch(req) {
    const body = await req.text();
    hits.push({ body, delivery: req.headers.get("x-aios-delivery") ?? "", event: req.headers.get("x-aios-event") ?? "", signedOk: req.headers.get("x-aios-signature") === signature(SECRET, body) });
    return new Response("", { status: answers.shift() ?? 200 });
  },
});

const mails: { from: string; to: string[]; raw: string; secure: boolean }[] = [];
const smtp = new SMTPServer({
  authOptional: true, logger: false,
  onData(stream, session, done) {
    let raw = "";
    stream.on("data", (c: Buffer) => { raw += c.toString(); });
    stream.on("end", () => { mails.push({ from: session.envelope.mailFrom ? session.envelope.mailFrom.address : "", to: session.envelope.rcptTo.map((r) => r.address), raw, secure: session.secure }); done(); });
  },
});
let smtpPort = 0;

let stateDb: Database, agentsDb: Database;
let approvalId = "", incidentId = 0;
const config = (o: Partial<NotifyConfig> = {}): NotifyConfig => ({
  webhook: { url: `http://127.0.0.1:${receiver.port}/hooks/aios`, secret: SECRET },
  email: { host: "127.0.0.1", port: smtpPort, security: "starttls", insecureTls: true, from: "aios@edge-01", to: ["ops@example.test"] },
  minSeverity: "warning", consoleUrl: "https://edge-01:9090", maxAttempts: 3, host: "edge-01", problems: [], ...o,
});
const logs: string[] = [];
const deps = (cfg: NotifyConfig, outbox = new Outbox(stateDb, now)): CycleDeps => ({ outbox, config: () => cfg, agentsDb: () => agentsDb, log: (l) => logs.push(l) });

beforeAll(async () => {
  await new Promise<void>((ok) => smtp.listen(0, "127.0.0.1", () => ok()));
  smtpPort = (smtp.server.address() as { port: number }).port;
  stateDb = openDatabase(join(dir, "aios.db"));
  const approvals = new ApprovalQueue(stateDb, new AuditLog(stateDb), 3_600_000, now);
  approvalId = approvals.request({ agent: "network", tool: "network.hostname", input: { name: "edge-02" }, why: { reason: "the configured hostname is edge-02" }, effects: [{ kind: "file.write", path: "/etc/hostname", existed: true, bytes: 8, sha256: "ab" }], risk: "low" }).id;
  agentsDb = openDatabase(join(dir, "agents.db"));
  const incidents = new IncidentStore(agentsDb, now);
  const inc = incidents.open({ kind: "disk.filling", key: "disk.filling:/", severity: "critical", summary: "/ fills in 3 h", evidence: ["92% used"], facts: {} }, "monitor");
  incidents.update(inc.id, { state: "escalated", note: "no safe clean-up left" });
  incidentId = inc.id;
  const quiet = incidents.open({ kind: "clock.unsynced", key: "clock", severity: "info", summary: "clock drifts", evidence: [], facts: {} }, "network");
  incidents.update(quiet.id, { state: "escalated" }); // below notify.min_severity: never sent
});
afterAll(() => { receiver.stop(true); smtp.close(); stateDb?.close(); agentsDb?.close(); rmSync(dir, { recursive: true, force: true }); });

describe("notifications", () => {
  it("webhook: signed JSON with the console link; a 500 is retried after the backoff, then delivered once", async () => {
    answers.push(500, 500);
    const first = await cycle(deps(config({ email: undefined })));
    expect(first.map((a) => [a.key, a.state])).toEqual([[`approval:${approvalId}`, "pending"], [`incident:${incidentId}:escalated`, "pending"]]);
    expect(first[0]!.error).toContain("answered 500");
    expect(await cycle(deps(config({ email: undefined })))).toEqual([]); // not due yet: nothing sent
    clock += 30_000;
    const second = await cycle(deps(config({ email: undefined })));
    expect(second.map((a) => a.state)).toEqual(["sent", "sent"]);
    expect(hits).toHaveLength(4);
    expect(hits.every((h) => h.signedOk)).toBe(true);
    expect(hits.map((h) => h.delivery)).toEqual([`approval:${approvalId}`, `incident:${incidentId}:escalated`, `approval:${approvalId}`, `incident:${incidentId}:escalated`]);
    const approval = JSON.parse(hits[2]!.body);
    expect(approval).toMatchObject({ version: 1, type: "approval", host: "edge-01", link: `https://edge-01:9090/approvals#${approvalId}`, data: { tool: "network.hostname" } });
    expect(approval.details).toContain("would overwrite file /etc/hostname (8 bytes)");
    const incident = JSON.parse(hits[3]!.body);
    expect(incident).toMatchObject({ type: "incident", severity: "critical", link: `https://edge-01:9090/agents#incident-${incidentId}` });
    expect(incident.title).toContain("/ fills in 3 h");
    expect(logs.some((l) => /attempt 1\/3, next in 30 s/.test(l))).toBe(true);
  });

  it("a restart neither sends again nor loses what a dead sender had claimed", async () => {
    const before = hits.length;
    expect(await cycle(deps(config({ email: undefined }), new Outbox(stateDb, now)))).toEqual([]);
    expect(hits).toHaveLength(before);
    // A new approval, claimed by a process that dies before it records the outcome.
    const id = new ApprovalQueue(stateDb, new AuditLog(stateDb), 3_600_000, now).request({ agent: "package", tool: "packages.install", input: {}, why: "htop", effects: [], risk: "high" }).id;
    const dying = new Outbox(stateDb, now);
    await cycle({ ...deps(config({ email: undefined }), dying), config: () => ({ ...config({ email: undefined }), webhook: undefined }) }); // nothing configured: nothing queued
    dying.enqueue(`approval:${id}`, { event: { key: `approval:${id}`, type: "approval", severity: "critical", title: "t", details: [], link: "l", at: clock, data: {} }, host: "edge-01" }, ["webhook"]);
    expect(dying.claim(120_000).map((r) => r.key)).toEqual([`approval:${id}`]);
    expect(await cycle(deps(config({ email: undefined }), new Outbox(stateDb, now)))).toEqual([]); // its lease holds
    clock += 120_000;
    expect((await cycle(deps(config({ email: undefined }), new Outbox(stateDb, now)))).map((a) => [a.key, a.state])).toEqual([[`approval:${id}`, "sent"]]);
    expect(hits.slice(before).map((h) => h.delivery)).toEqual([`approval:${id}`]);
  });

  it("gives up after max attempts and marks the message failed", async () => {
    const outbox = new Outbox(stateDb, now);
    outbox.enqueue("test:give-up", { event: { key: "test:give-up", type: "test", severity: "info", title: "t", details: [], link: "l", at: clock, data: {} }, host: "edge-01" }, ["webhook"]);
    answers.push(500, 503);
    const cfg = config({ email: undefined, maxAttempts: 2 });
    expect((await cycle(deps(cfg, outbox))).map((a) => a.state)).toEqual(["pending"]);
    clock += 30_000;
    expect((await cycle(deps(cfg, outbox))).map((a) => a.state)).toEqual(["failed"]);
    expect(outbox.rowsFor("test:give-up")[0]).toMatchObject({ state: "failed", attempts: 2, lastError: expect.stringContaining("answered 503") });
    clock += 3_600_000;
    expect(await cycle(deps(cfg, outbox))).toEqual([]);
  });

  it("email: the same messages through a real SMTP server over STARTTLS, each with a deterministic Message-ID", async () => {
    const attempts = await cycle(deps(config({ webhook: undefined })));
    expect(attempts.filter((a) => a.channel === "email").map((a) => a.state)).toEqual(["sent", "sent", "sent"]);
    expect(mails).toHaveLength(3);
    expect(mails.every((m) => m.secure && m.from === "aios@edge-01" && m.to.join() === "ops@example.test")).toBe(true);
    const inc = mails.map((m) => ({ ...m, raw: m.raw.replace(/\r\n(?=[ \t])/g, "") })).find((m) => m.raw.includes("fills in 3 h"))!; // headers unfolded
    expect(inc.raw).toMatch(/^Subject: \[aiOS edge-01\] CRITICAL: incident #\d+ needs a person: \/ fills in 3 h/m);
    expect(inc.raw).toContain(`https://edge-01:9090/agents#incident-${incidentId}`);
    expect(inc.raw).toMatch(new RegExp(`^Message-ID: <incident.${incidentId}.escalated@edge-01.aios>`, "mi"));
    expect(await cycle(deps(config({ webhook: undefined })))).toEqual([]);
    expect(mails).toHaveLength(3);
  });
});
