// The web console's root shell, end to end on real sockets: the executor's web app on a temp unix
// socket (root:aios-web 0660 on the appliance) runs bash on Bun's PTY; the web console over HTTPS relays a browser-like WebSocket
// (session cookie, Origin, CSRF token as a subprotocol) to it. Typing, resizing, closing, the idle
// timeout, the audit chain's terminal.open/terminal.close, and who is refused.
import { statSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { liveTerminals } from "../../../agents/host/executor/terminal.ts";
import { agentApp } from "../../../agents/host/executor/server.ts";
import { webExecutorApp } from "../../../agents/host/executor/web.ts";
import { startTerminalStack, type TerminalStack, waitFor } from "./terminal-fixture.ts";

let st: TerminalStack;
let base: string;
let ca: string;
beforeAll(async () => { st = await startTerminalStack(); ({ base, ca } = st); });
afterAll(async () => {
  await waitFor(() => liveTerminals.size === 0).catch(() => {}); // let the last shells' closes reach the audit log
  st?.stop();
});
const login = (name: string) => st.login(name);

/** A browser-like terminal client: the screen so far, typing, resizing, and how the socket ended. */
class Term {
  screen = "";
  messages: { type: string; [k: string]: unknown }[] = [];
  ws: WebSocket;
  opened: Promise<void>;
  closed: Promise<{ code: number; reason: string }>;
  constructor(s: { cookie: string; csrf?: string }, o: { origin?: string; cols?: number; rows?: number } = {}) {
    const protocols = ["aios.terminal", ...(s.csrf ? [`csrf.${s.csrf}`] : [])];
    this.ws = new WebSocket(`${base.replace("https", "wss")}/api/terminal?cols=${o.cols ?? 80}&rows=${o.rows ?? 24}`, { protocols, headers: { cookie: s.cookie, origin: o.origin ?? base }, tls: { ca } } as unknown as string[]);
    this.ws.binaryType = "arraybuffer";
    this.ws.onmessage = (e) => {
      if (typeof e.data === "string") this.messages.push(JSON.parse(e.data));
      else this.screen += new TextDecoder().decode(e.data as ArrayBuffer);
    };
    this.opened = new Promise((res, rej) => { this.ws.onopen = () => res(); this.ws.onerror = () => rej(new Error("the WebSocket was refused")); });
    this.closed = new Promise((res) => { this.ws.addEventListener("close", (e) => res({ code: e.code, reason: e.reason })); });
  }
  async until(text: string | RegExp, from = 0, ms = 10_000): Promise<string> {
    const end = Date.now() + ms;
    const hit = () => (typeof text === "string" ? this.screen.slice(from).includes(text) : text.test(this.screen.slice(from)));
    while (!hit()) { if (Date.now() > end) throw new Error(`no ${text} on the screen: ${JSON.stringify(this.screen.slice(-300))}`); await Bun.sleep(10); }
    return this.screen.slice(from);
  }
  type(text: string) { this.ws.send(new TextEncoder().encode(text)); }
  async run(line: string, expectText: string | RegExp) { const from = this.screen.length; this.type(`${line}\r`); return this.until(expectText, from); }
}

const audits = (kind: string) => st.ex.sys.audit.tail(100, kind);

describe("the web console's root shell", () => {
  it("is served on the executor's web socket, for admins only, never on the agents'", async () => {
    expect(statSync(st.env.AIOS_EXECUTOR_WEB_SOCKET!).mode & 0o777).toBe(0o660);
    const agents = await agentApp(st.ex, () => true).request("/v1/terminal", { headers: { upgrade: "websocket", "x-aios-who": "user:mallory" } });
    expect(agents.status).toBe(404);
    const web = webExecutorApp(st.ex);
    const operator = await web.request("/v1/terminal", { headers: { upgrade: "websocket", "x-aios-who": "user:web/olga@127.0.0.1", "x-aios-role": "operator" } });
    expect(operator.status).toBe(403);
    expect((await operator.json()) as object).toMatchObject({ error: expect.stringContaining("needs admin") });
    const nobody = await web.request("/v1/terminal", { headers: { upgrade: "websocket", "x-aios-role": "admin" } });
    expect(nobody.status).toBe(400);
  });

  it("types, resizes and closes a shell, audited as the person with the exit code", async () => {
    const before = st.ex.sys.audit.head().seq;
    const t = new Term(await login("alice"), { cols: 100, rows: 30 });
    await t.opened;
    expect(t.ws.protocol).toBe("aios.terminal");
    await t.run("echo hi-$((6*7))", "hi-42");
    expect(await t.run("stty size", /\d+ \d+/)).toContain("30 100");
    t.ws.send(JSON.stringify({ type: "resize", cols: 132, rows: 43 }));
    await Bun.sleep(50);
    expect(await t.run("stty size", /\d+ \d+/)).toContain("43 132");
    expect(await t.run(`echo "env:$TERM:[$AIOS_TEST_PROBE]"`, /env:xterm-256color:\[[^\]]*\]/)).toContain("env:xterm-256color:[]"); // a clean environment
    const open = audits("terminal.open").at(-1)!;
    expect(open.seq).toBeGreaterThan(before);
    expect(open.actor).toBe("user:web/alice@127.0.0.1");
    expect(open.data).toMatchObject({ shell: "/bin/bash -l", cols: 100, rows: 30 });
    t.ws.close(1000, "tab closed"); // the tab goes away: the shell is hung up
    await t.closed;
    await waitFor(() => audits("terminal.close").some((e) => e.subject === open.subject));
    const close = audits("terminal.close").find((e) => e.subject === open.subject)!;
    expect(close.actor).toBe("user:web/alice@127.0.0.1");
    expect(close.data).toMatchObject({ reason: "closed", exit_code: null, signal: "SIGHUP" });
    expect((close.data as { duration_ms: number }).duration_ms).toBeGreaterThan(0);
    expect(JSON.stringify([open, close])).not.toContain("echo hi"); // never the keystrokes
    expect(liveTerminals.has(open.subject)).toBe(false);
    expect(st.ex.sys.audit.verify().ok).toBe(true);
  });

  it("ends with the shell's exit code when the shell exits", async () => {
    const t = new Term(await login("alice"));
    await t.opened;
    await t.run("echo ready", "ready");
    t.type("exit 7\r");
    expect(await t.closed).toMatchObject({ code: 1000 });
    expect(t.messages.at(-1)).toEqual({ type: "exit", code: 7, signal: null, reason: "exited" });
    await waitFor(() => (audits("terminal.close").at(-1)?.data as { exit_code?: number })?.exit_code === 7);
    expect(audits("terminal.close").at(-1)).toMatchObject({ actor: "user:web/alice@127.0.0.1", data: { reason: "exited", exit_code: 7 } });
  });

  it("ends an idle shell after web.terminal_idle", async () => {
    st.idle.ms = 400;
    try {
      const t = new Term(await login("alice"));
      await t.opened;
      await t.until("[no keystroke for 0.4 s (web.terminal_idle): the shell is ended]");
      await t.closed;
      expect(t.messages.at(-1)).toMatchObject({ type: "exit", reason: "idle" });
      await waitFor(() => (audits("terminal.close").at(-1)?.data as { reason?: string })?.reason === "idle");
    } finally { st.idle.ms = 15 * 60_000; }
  });

  it("refuses viewers, operators, another site's page and a missing CSRF token", async () => {
    const opens = audits("terminal.open").length;
    for (const name of ["vic", "olga"]) {
      const s = await login(name);
      await expect(new Term(s).opened).rejects.toThrow("refused");
      const page = await fetch(`${base}/terminal`, { headers: { cookie: s.cookie }, tls: { ca } } as RequestInit);
      expect(page.status).toBe(403);
      expect(await page.text()).toContain("needs the admin role");
      const api = await fetch(`${base}/api/terminal`, { headers: { cookie: s.cookie, origin: base }, tls: { ca } } as RequestInit);
      expect(((await api.json()) as { error: string }).error).toContain(`${name} is a`);
    }
    const alice = await login("alice");
    await expect(new Term(alice, { origin: "https://evil.example" }).opened).rejects.toThrow("refused");
    await expect(new Term({ cookie: alice.cookie }).opened).rejects.toThrow("refused");
    await expect(new Term({ cookie: alice.cookie, csrf: "wrong" }).opened).rejects.toThrow("refused");
    const cross = await fetch(`${base}/api/terminal`, { headers: { cookie: alice.cookie, origin: "https://evil.example" }, tls: { ca } } as RequestInit);
    expect(cross.status).toBe(403);
    expect(((await cross.json()) as { error: string }).error).toContain("another site");
    expect(audits("terminal.open").length).toBe(opens);
  });

  it("serves the page and xterm.js from the appliance, content-hashed and cached for good", async () => {
    const { cookie } = await login("alice");
    const page = await (await fetch(`${base}/terminal`, { headers: { cookie }, tls: { ca } } as RequestInit)).text();
    const urls = [...page.matchAll(/(?:src|href)="(\/assets\/terminal\/[0-9a-f]{16}\/[\w.-]+)"/g)].map((m) => m[1]!);
    expect(urls.map((u) => u.split("/").at(-1))).toEqual(["xterm.css", "xterm.js", "addon-fit.js", "client.js"]);
    expect(page).not.toContain("cdn");
    for (const u of urls) {
      const r = await fetch(`${base}${u}`, { headers: { cookie }, tls: { ca } } as RequestInit);
      expect(r.status).toBe(200);
      expect(r.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
      expect((await r.arrayBuffer()).byteLength).toBeGreaterThan(500);
    }
    const stale = await fetch(`${base}/assets/terminal/0000000000000000/xterm.js`, { headers: { cookie }, tls: { ca } } as RequestInit);
    expect(stale.status).toBe(404);
  });

  it("says so when the executor is not running", async () => {
    process.env.AIOS_EXECUTOR_WEB_SOCKET = join(st.dir, "gone.sock");
    try {
      const t = new Term(await login("alice"));
      await t.opened;
      expect(await t.closed).toMatchObject({ code: 1011 });
      expect(t.messages[0]).toMatchObject({ type: "error", error: expect.stringContaining("cannot reach the executor") });
    } finally { process.env.AIOS_EXECUTOR_WEB_SOCKET = st.env.AIOS_EXECUTOR_WEB_SOCKET; }
  });
});

