// aiosctl notify test|status as an operator runs them: the real CLI (from source) with the settings from
// AIOS_* variables and the webhook secret from a 0600 secrets.toml, against a real receiver on loopback.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { signature } from "../../../runtime/notify/webhook.ts";
import { bun, repo } from "../init/fixture.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-notify-ctl-"));
const answers: number[] = [];
const hits: { body: string; signedOk: boolean }[] = [];
const receiver = Bun.serve({
  hostname: "127.0.0.1", port: 0,
  async fetch(req) {
    const body = await req.text();
    hits.push({ body, signedOk: req.headers.get("x-aios-signature") === signature("s3cret", body) });
    return new Response("", { status: answers.shift() ?? 200 });
  },
});
afterAll(() => { receiver.stop(true); rmSync(dir, { recursive: true, force: true }); });

const env: Record<string, string | undefined> = { ...process.env, AIOS_STATE_DIR: dir, AIOS_CONFIG_DIR: dir, AIOS_RUN_DIR: dir, AIOS_NOTIFY_WEBHOOK_URL: `http://127.0.0.1:${receiver.port}/path/with/token`, AIOS_HOSTNAME: "edge-01" };
async function ctl(...args: string[]) {
  const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", "notify", ...args], { env, stdout: "pipe", stderr: "pipe" });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, code };
}

describe("aiosctl notify", () => {
  it("test: a signed message now, exit 0; a receiver that fails gives exit 1 and the reason; status shows both", async () => {
    writeFileSync(join(dir, "secrets.toml"), '[notify]\nwebhook_secret = "s3cret"\n', { mode: 0o600 });
    const ok = await ctl("test", "--json");
    expect(ok.code, ok.stderr).toBe(0);
    expect(JSON.parse(ok.stdout).results).toEqual([{ channel: "webhook", state: "sent", error: null }]);
    expect(hits).toHaveLength(1);
    expect(hits[0]!.signedOk).toBe(true);
    expect(JSON.parse(hits[0]!.body)).toMatchObject({ type: "test", host: "edge-01", title: "test message from aiOS on edge-01" });

    answers.push(500);
    const bad = await ctl("test");
    expect(bad.code).toBe(1);
    expect(bad.stdout).toMatch(/webhook: not sent: webhook 127.0.0.1:\d+ answered 500 \(the notify service retries it\)/);

    const st = JSON.parse((await ctl("status", "--json")).stdout);
    expect(st.webhook).toEqual({ url: `http://127.0.0.1:${receiver.port}`, signed: true }); // the path (a token, maybe) is not shown
    expect(st.outbox.counts).toEqual([{ channel: "webhook", state: "pending", n: 1 }, { channel: "webhook", state: "sent", n: 1 }]);
    expect(st.problems).toEqual([]);
  });

  it("status names what is wrong: a secrets file others can read, email without a server; test without channels is a usage error", async () => {
    chmodSync(join(dir, "secrets.toml"), 0o644);
    const st = await ctl("status");
    expect(st.stdout).toContain("problem: secrets not read:");
    expect(st.stdout).toContain("mode is 0644");
    expect(st.stdout).toContain("problem: webhooks go unsigned");
    env.AIOS_NOTIFY_EMAIL_TO = "ops@example.test";
    expect((await ctl("status")).stdout).toContain("problem: notify.email_to is set but notify.smtp_host is not");
    env.AIOS_NOTIFY_WEBHOOK_URL = "";
    delete env.AIOS_NOTIFY_EMAIL_TO;
    const none = await ctl("test");
    expect(none.code).toBe(2);
    expect(none.stderr).toContain("no notification channel is configured");
  });
});
