// The web console's pages in a real browser (Debian's chromium through playwright-core) over real
// HTTPS, against a real aios init (services, logs), the state database (monitor samples, approvals,
// audit) and an agent host socket serving the real front agent: log in with the form, watch a chart
// grow from an injected sample, restart a service, follow logs, approve a queued tool call, chat, and
// save a screenshot of every page to out/screenshots/. Prints the bundle size and the first paint.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdirSync, writeFileSync } from "node:fs";
import type { Browser, Page } from "playwright-core";
import { InitUnderTest } from "../init/fixture.ts";
import { realWebDeps, webApp } from "../../../consoles/web/app.ts";
import { applianceEventHub } from "../../../consoles/web/events/route.ts";
import { clientBundle, gzippedSize } from "../../../consoles/web/assets/bundle.ts";
import { NAV, PAGE_CSP } from "../../../consoles/web/pages/layout.ts";
import { hostApp } from "../../../agents/host/api.ts";
import { AgentHost } from "../../../agents/host/host.ts";
import { mountChat } from "../../../agents/host/chat-api.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { initSamples, insertSample, type Sample } from "../../../runtime/metrics/samples.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { withApplianceTools } from "../../../tools/appliance.ts";
import { writeGrubEnv } from "../../../runtime/update/grubenv.ts";
import { appendEvent } from "../../../runtime/update/events.ts";
import { eventsPath, grubenvPath, type UpdatePaths } from "../../../runtime/update/slots.ts";
import { arm, envOf, stateOf } from "../../../runtime/update/state.ts";
import { frontRig, type FrontRig } from "../../fixtures/front-world.ts";
import { serveConsole, type ConsoleUnderTest } from "./https.ts";
import { serveWebExecutor, type WebExecutorUnderTest } from "./web-executor.ts";
import { CHROMIUM, firstPaintScript, launch, NO_BROWSER, SCREENSHOTS } from "./browser.ts";

const TOKEN = "s3cret-web-pages";
let init: InitUnderTest;
let rig: FrontRig;
let web: ConsoleUnderTest;
let executor: WebExecutorUnderTest | undefined;
let browser: Browser;
let page: Page;
const servers: { stop(force?: boolean): unknown }[] = [];
const hub = applianceEventHub();
const MiB = 1048576;
const sample = (ts: number, i: number): Sample => ({ ts, boot_id: "b1", cpu_pct: 10 + (i % 7) * 5, load1: 0.2, mem_total: 2048 * MiB, mem_used: (600 + i) * MiB, disk_total: 8192 * MiB, disk_used: (3000 + i * 2) * MiB, net_rx: i * 50_000, net_tx: i * 20_000 });
const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}/${name}.png`, fullPage: true });

beforeAll(async () => {
  if (!CHROMIUM) return;
  init = new InitUnderTest({
    alpha: `command = ["/bin/sleep", "100000"]`,
    talker: `command = ["/bin/sh", "-c", "while true; do echo tick $(date +%s%N); sleep 0.3; done"]`,
  });
  await init.start();
  await init.until(() => init.status(), (st) => st.services.every((s) => s.state === "ready"));
  mkdirSync(`${init.dir}/run/agents`, { recursive: true });
  mkdirSync(`${init.dir}/agents`, { recursive: true });
  Object.assign(process.env, { AIOS_CONTROL: init.socket, AIOS_CONTROL_READ: init.readSocket, AIOS_STATE_DIR: init.dir, AIOS_RUN_DIR: `${init.dir}/run`, AIOS_CONFIG_DIR: `${init.dir}/etc`, AIOS_SETTLE_MS: "0", AIOS_AGENT_SOCKET: `${init.dir}/run/agents/agents.sock` });
  // An hour of samples, one a minute, for the charts to start from.
  const db = openDatabase(`${init.dir}/aios.db`);
  initSamples(db);
  const now = Date.now();
  for (let i = 60; i >= 1; i--) insertSample(db, sample(now - i * 60_000, 60 - i));
  db.close();
  // The agent host's socket: agents and incidents (hostApp) and the real front agent's chat.
  rig = frontRig();
  const agentsDb = openDatabase(`${init.dir}/agents/agents.db`);
  const host = new AgentHost({ loaded: { agents: [], disabled: [] }, modules: {}, executor: {} as never, ask: (() => { throw new Error("no asking here"); }) as never, db: agentsDb, runner: realRunner });
  host.incidents.open({ kind: "disk.full", key: "disk.full:/", severity: "warning", summary: "the state disk is 91% full", evidence: ["/var/lib/aios 91% used", "largest: /var/lib/aios/logs 2.1 GiB"], facts: {} }, "monitor");
  const app = hostApp(host);
  mountChat(app, rig.front, rig.goals, rig.context);
  servers.push(Bun.serve({ unix: process.env.AIOS_AGENT_SOCKET!, fetch: app.fetch }));
  executor = serveWebExecutor(init.dir); // service control and approvals, as on the appliance
  // Update state for the dashboard's system line (runtime/update/slots.ts: {state_dir}/boot, slots/X).
  for (const d of ["slots/a", "boot"]) mkdirSync(`${init.dir}/${d}`, { recursive: true });
  writeFileSync(`${init.dir}/slots/a/manifest.json`, JSON.stringify({ format: 1, version: "v-next", built: "2026-12-03T00:00:00Z", parts: [] }));
  writeGrubEnv(grubenvPath({ stateDir: init.dir } as UpdatePaths), envOf(arm(stateOf({}), "a", 1)));
  appendEvent(eventsPath({ stateDir: init.dir } as UpdatePaths), { kind: "fallback", system: "b", why: "never committed" });
  web = await serveConsole(webApp({ ...realWebDeps(TOKEN), events: hub }));
  servers.push(web.server);
  browser = await launch();
  page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } })).newPage();
  page.on("dialog", (d) => void d.accept());
}, 120_000);

afterAll(async () => {
  await browser?.close();
  hub.stop();
  for (const s of servers) s.stop(true);
  executor?.stop();
  rig?.close();
  await init?.stop();
  for (const k of ["AIOS_CONTROL", "AIOS_CONTROL_READ", "AIOS_STATE_DIR", "AIOS_RUN_DIR", "AIOS_CONFIG_DIR", "AIOS_SETTLE_MS", "AIOS_AGENT_SOCKET"]) delete process.env[k];
});

describe.skipIf(!CHROMIUM)(`the web console in a browser (skipped when ${NO_BROWSER})`, () => {
  it("keeps every script and stylesheet under 300 KB gzipped, served from the appliance with a year's cache", async () => {
    const size = gzippedSize(await clientBundle());
    console.log(`web console JS+CSS gzipped: ${(size.total / 1024).toFixed(1)} KiB (JS ${(size.js / 1024).toFixed(1)}, CSS ${(size.css / 1024).toFixed(1)})`);
    expect(size.total).toBeLessThan(300 * 1024);
    const html = await (await web.fetch(`${web.base}/login`)).text();
    expect(html).not.toMatch(/https?:\/\/(?!127\.0\.0\.1)/); // nothing from elsewhere
  });

  it("logs in with the form and shows the dashboard, its charts growing with a new sample", async () => {
    await page.goto(`${web.base}/`);
    expect(page.url()).toBe(`${web.base}/login`);
    await page.getByLabel("Password or token").fill(TOKEN);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${web.base}/`);
    const res = await page.reload();
    expect(res!.headers()["content-security-policy"]).toBe(PAGE_CSP);
    await page.waitForSelector("#chart-cpu[data-points] canvas");
    const before = Number(await page.getAttribute("#chart-cpu", "data-points"));
    expect(before).toBeGreaterThanOrEqual(59);
    const fcp = await page.evaluate(firstPaintScript);
    console.log(`dashboard first contentful paint (navigation start → FCP): ${fcp?.toFixed(0)} ms`);
    await page.waitForFunction(() => document.body.dataset.ready === "1");
    // The update status as the executor reads it from the state folder: this host runs no slot, so the
    // factory system; slot a holds version v-next and is on trial; the last boot event is a fallback.
    expect(await page.textContent("#system-update")).toMatch(/^System: aiOS \S+, running the factory system; slot a is on trial \(1 try left\), then the factory system\.Last boot event .*: fallback slot b: never committed$/);
    await shot("dashboard");
    const db = openDatabase(`${init.dir}/aios.db`);
    const ts = Date.now();
    insertSample(db, sample(ts, 61));
    db.close();
    await page.waitForFunction((t) => document.querySelector<HTMLElement>("#chart-net")?.dataset.last === String(t), ts, { timeout: 20_000 });
    expect(Number(await page.getAttribute("#chart-cpu", "data-points"))).toBe(before + 1);
    await expect.poll(() => page.textContent("#incidents")).toContain("the state disk is 91% full");
    await page.setViewportSize({ width: 390, height: 844 });
    await page.getByRole("button", { name: "Menu" }).click();
    await shot("dashboard-phone");
    await page.setViewportSize({ width: 1280, height: 900 });
  });

  it("restarts a service and sees its state change", async () => {
    await page.goto(`${web.base}/services`);
    const pidCell = page.locator('tr[data-service="alpha"] td').nth(2);
    await expect.poll(() => pidCell.textContent()).toMatch(/^\d+$/);
    const pid = await pidCell.textContent();
    await page.getByRole("button", { name: "stop alpha" }).click();
    await expect.poll(() => page.locator('tr[data-service="alpha"] td.state').textContent(), { timeout: 20_000 }).toBe("stopped");
    await page.getByRole("button", { name: "restart alpha" }).click();
    await expect.poll(() => page.locator('tr[data-service="alpha"] td.state').textContent(), { timeout: 20_000 }).toBe("ready");
    expect(await pidCell.textContent()).not.toBe(pid);
    expect(await page.textContent("#svc-msg")).toContain("restart: alpha done");
  });

  it("follows a service's logs: new lines appear without a reload", async () => {
    await page.selectOption("#log-service", "talker");
    await page.check("#log-follow");
    await page.waitForSelector("#logs[data-following]");
    const count = async () => ((await page.textContent("#logs")) ?? "").split("\n").filter((l) => l.includes("talker[out] tick")).length;
    const n = await count();
    await expect.poll(count, { timeout: 20_000 }).toBeGreaterThan(n + 1);
    await page.fill("#log-search", "no-such-text-anywhere");
    await page.click('#log-form button[type="submit"]');
    await expect.poll(() => page.textContent("#logs")).toContain("(no lines)");
    await page.fill("#log-search", "");
    await page.click('#log-form button[type="submit"]');
    await shot("services");
  });

  it("approves a tool call queued through the registry", async () => {
    const out = await withApplianceTools((sys) => sys.registry.call({ agent: "operator", tool: "services.control", input: { id: "alpha", action: "restart" }, why: { reason: "the web test asks", tier: "reactive" }, propose: true }));
    expect(out.status).toBe("pending");
    const id = (out as { approvalId: string }).approvalId;
    await page.goto(`${web.base}/approvals`);
    await expect.poll(() => page.textContent(`[data-approval="${id}"]`)).toContain("services.control");
    await shot("approvals");
    await page.getByRole("button", { name: `Approve ${id}` }).click();
    await expect.poll(() => page.textContent("#apr-msg"), { timeout: 30_000 }).toMatch(new RegExp(`${id} (approved|executed: done)`));
    await expect.poll(() => page.textContent("#approval-list")).toContain("No pending approvals.");
  });

  it("chats with the front agent: the answer streams in with the tier that understood it", async () => {
    await page.goto(`${web.base}/chat`);
    await page.getByLabel("Message").fill("why is the disk full?");
    await page.getByRole("button", { name: "Send" }).click();
    const tier = page.locator(".msg.aios .tier");
    await tier.waitFor({ timeout: 60_000 });
    expect(await tier.textContent()).toMatch(/^\[understood by /);
    expect(((await page.textContent(".msg.aios")) ?? "").length).toBeGreaterThan(40);
    await shot("chat");
  });

  it("renders every other page without a console error, and saves its screenshot", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => { if (m.type() === "error") errors.push(m.text()); });
    for (const n of NAV.filter((x) => !["dashboard", "services", "approvals", "chat", "terminal"].includes(x.page))) {
      await page.goto(`${web.base}${n.path}`);
      await page.waitForLoadState("networkidle").catch(() => {}); // pages with an event stream never go idle
      await page.waitForTimeout(300);
      expect(await page.textContent("h1")).toBe(n.label);
      await shot(n.page);
    }
    expect(errors.filter((e) => !/Failed to load resource/.test(e))).toEqual([]);
  });

  it("logs out with the form (CSRF) and lands on the login page", async () => {
    await page.goto(`${web.base}/`);
    await page.getByRole("button", { name: "Log out" }).click();
    await page.waitForURL(`${web.base}/login`);
    expect((await page.goto(`${web.base}/services`))!.url()).toBe(`${web.base}/login`);
  });
});
