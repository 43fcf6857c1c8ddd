// Boot test for the web console's pages in a real browser (Debian's chromium via playwright-core),
// against the appliance through the forwarded HTTPS port: one boot with a fresh state disk and no
// model. Logs in with the form, sees the dashboard's charts grow from the monitor's own samples,
// restarts a service and sees its state change, follows its logs, approves a tool call queued over
// ssh, chats ("why is the disk full?") and saves a screenshot of every page to out/screenshots/boot-*.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Browser, Page } from "playwright-core";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, scratch, ssh } from "./helpers.ts";
import { CHROMIUM, firstPaintScript, launch, NO_BROWSER, SCREENSHOTS } from "../integration/consoles/browser.ts";
import { NAV } from "../../consoles/web/pages/layout.ts";

const READY = /aios ready in ([\d.]+) s/;

describe.skipIf(!CHROMIUM)(`the web console's pages in the appliance (skipped when ${NO_BROWSER})`, () => {
  const dir = scratch();
  const sshPort = freePort();
  const webPort = freePort();
  const base = `https://127.0.0.1:${webPort}`;
  let vm: Vm;
  let browser: Browser;
  let page: Page;
  const sh = (c: string) => ssh(sshPort, c);
  const shot = (name: string) => page.screenshot({ path: `${SCREENSHOTS}/boot-${name}.png`, fullPage: true });

  beforeAll(async () => {
    vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, webPort });
    await vm.start();
    await vm.expect(READY, 400_000);
    browser = await launch();
    page = await (await browser.newContext({ ignoreHTTPSErrors: true, viewport: { width: 1280, height: 900 } })).newPage();
    page.on("dialog", (d) => void d.accept());
  });
  afterAll(async () => { await browser?.close(); vm?.kill(); });

  it("logs in with the form; the dashboard's charts grow with the monitor's samples", async () => {
    const token = (await sh("aiosctl web-token")).stdout.trim();
    await page.goto(`${base}/`, { timeout: 60_000 });
    expect(page.url()).toBe(`${base}/login`);
    await page.getByLabel("Password or token").fill(token);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.waitForURL(`${base}/`);
    await page.waitForSelector("#chart-cpu[data-points]", { timeout: 60_000 });
    console.log(`[web boot] dashboard first contentful paint: ${(await page.evaluate(firstPaintScript))?.toFixed(0)} ms`);
    const before = Number(await page.getAttribute("#chart-cpu", "data-points"));
    await page.waitForFunction((n) => Number(document.querySelector<HTMLElement>("#chart-cpu")?.dataset.points) > n, before, { timeout: 180_000 });
    await shot("dashboard");
  });

  it("restarts a service, sees its state change, and follows its logs", async () => {
    await page.goto(`${base}/services`);
    const state = page.locator('tr[data-service="ntp"] td.state');
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).toMatch(/ready|running/);
    await page.getByRole("button", { name: "stop ntp" }).click();
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).toBe("stopped");
    await page.selectOption("#log-service", "ntp");
    await page.check("#log-follow");
    await page.waitForSelector("#logs[data-following]");
    const lines = async () => ((await page.textContent("#logs")) ?? "").split("\n").filter(Boolean).length;
    const n = await lines();
    await page.getByRole("button", { name: "restart ntp" }).click();
    await expect.poll(() => state.textContent(), { timeout: 60_000 }).not.toBe("stopped");
    await expect.poll(lines, { timeout: 60_000 }).toBeGreaterThan(n);
    await shot("services");
  });

  it("approves a tool call queued over ssh", async () => {
    const call = await sh(`aiosctl tool call files.write --input '{"path":"/etc/aios/web-test.toml","content":"hi = 1\\n"}' --why "web boot test" --json`);
    expect(call.code, call.stderr).toBe(0);
    const id = (JSON.parse(call.stdout) as { approvalId: string }).approvalId;
    await page.goto(`${base}/approvals`);
    await page.getByRole("button", { name: `Approve ${id}` }).click();
    // "approved" when the console carries it out itself; "executed: done" when the executor did (the appliance).
    await expect.poll(() => page.textContent("#apr-msg"), { timeout: 60_000 }).toMatch(new RegExp(`${id} (approved|executed: done)`));
    expect((await sh("cat /etc/aios/web-test.toml")).stdout).toBe("hi = 1\n");
    await shot("approvals");
  });

  it("chats: why is the disk full? is answered with the tier line", async () => {
    await page.goto(`${base}/chat`);
    await page.getByLabel("Message").fill("why is the disk full?");
    await page.getByRole("button", { name: "Send" }).click();
    await page.locator(".msg.aios .tier").waitFor({ timeout: 120_000 });
    expect(await page.textContent(".msg.aios .tier")).toContain("[understood by the reactive router (no model): disk.usage]");
    expect(await page.textContent(".msg.aios")).toMatch(/\/var\/lib\/aios \(ext4\): .* used of/);
    await shot("chat");
  });

  it("renders every other page", async () => {
    for (const n of NAV.filter((x) => !["dashboard", "services", "approvals", "chat", "terminal"].includes(x.page))) {
      await page.goto(`${base}${n.path}`);
      await page.waitForTimeout(1000);
      expect(await page.textContent("h1")).toBe(n.label);
      await shot(n.page);
    }
  });

  it("opens a root terminal in the browser; its start and end are audited with the person", async () => {
    await page.goto(`${base}/terminal`);
    await page.waitForFunction(() => document.getElementById("state")?.textContent === "connected", undefined, { timeout: 60_000 });
    await page.keyboard.type("echo hi-$((6*7))");
    await page.keyboard.press("Enter");
    await page.waitForFunction(() => (document.querySelector(".xterm-rows")?.textContent ?? "").includes("hi-42"), undefined, { timeout: 60_000 });
    await shot("terminal");
    await page.goto(`${base}/`); // leaving the page ends the shell
    const audited = async () => (await sh("aiosctl audit tail -n 100 --json")).stdout;
    await expect.poll(async () => /"terminal\.close"[^}]*"actor":"user:web\/token/.test((await audited()).replace(/\s+/g, "")), { timeout: 60_000 }).toBe(true);
    expect(await audited()).toContain("terminal.open");
  });
});
