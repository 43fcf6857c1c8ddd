// /terminal in a real browser: Debian's chromium driven by playwright-core (its own browser download
// cannot work offline) logs in through the form, opens the page, types into xterm.js, resizes the
// window (the PTY follows), and closes the tab (the shell ends, audited). The browser trusts exactly
// the console's certificate by its public key's hash, as an operator who checked it would.
import { X509Certificate, createHash } from "node:crypto";
import { existsSync, mkdirSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTerminalStack, type TerminalStack, waitFor } from "./terminal-fixture.ts";

// The page-side functions below run in chromium; these are the browser globals they touch.
declare const document: { getElementById(id: string): { textContent: string | null } | null; querySelector(selector: string): { textContent: string | null } | null };
declare const window: { aiosTerminal: { term: { cols: number; rows: number } } };

const CHROMIUM = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].find(existsSync);
const SCREENSHOTS = fileURLToPath(new URL("../../../out/screenshots", import.meta.url));

describe.skipIf(!CHROMIUM)(CHROMIUM ? "/terminal in chromium" : "/terminal in chromium (skipped: chromium is not installed; apt-get install chromium)", () => {
  let st: TerminalStack;
  let browser: Awaited<ReturnType<typeof import("playwright-core")["chromium"]["launch"]>>;
  beforeAll(async () => {
    st = await startTerminalStack();
    const spki = createHash("sha256").update(new X509Certificate(st.ca).publicKey.export({ type: "spki", format: "der" })).digest("base64");
    const { chromium } = await import("playwright-core");
    // --no-sandbox: the tests run as root, where chromium's sandbox refuses to start.
    browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", `--ignore-certificate-errors-spki-list=${spki}`] });
    mkdirSync(SCREENSHOTS, { recursive: true });
  });
  afterAll(async () => { await browser?.close(); st?.stop(); });

  it("types into a root shell, follows the window's size, and ends the shell with the tab", async () => {
    const page = await browser.newPage({ viewport: { width: 1000, height: 600 } });
    await page.goto(`${st.base}/login`);
    await page.fill('input[name="name"]', "alice");
    await page.fill('input[name="password"]', st.passwords.alice!);
    await Promise.all([page.waitForURL(`${st.base}/`), page.click("button")]);
    await page.goto(`${st.base}/terminal`);
    await page.waitForFunction(() => document.getElementById("state")?.textContent === "connected");
    const screen = () => page.evaluate(() => document.querySelector(".xterm-rows")?.textContent ?? "");
    // Generous waits: on a loaded CI host (boot VMs beside) a login shell can take seconds to answer.
    const until = async (text: string) => { await page.waitForFunction((t) => (document.querySelector(".xterm-rows")?.textContent ?? "").includes(t), text, { timeout: 60_000 }); };

    await page.keyboard.type("echo hi-$((6*7))");
    await page.keyboard.press("Enter");
    await until("hi-42");
    const size = () => page.evaluate(() => `${window.aiosTerminal.term.rows} ${window.aiosTerminal.term.cols}`);
    const before = await size();
    await page.keyboard.type("stty size");
    await page.keyboard.press("Enter");
    await until(before);

    await page.setViewportSize({ width: 700, height: 420 });
    await page.waitForFunction((b) => `${window.aiosTerminal.term.rows} ${window.aiosTerminal.term.cols}` !== b, before);
    const after = await size();
    expect(after).not.toBe(before);
    await page.keyboard.type("clear; echo from-the-browser; stty size");
    await page.keyboard.press("Enter");
    await until(`${after}`);
    await page.waitForFunction((a) => /# $/.test((document.querySelector(".xterm-rows")?.textContent ?? "").split(a).at(-1)!.trimEnd() + " "), after); // the next prompt
    expect(await screen()).toContain("from-the-browser");
    await page.screenshot({ path: `${SCREENSHOTS}/terminal.png` });

    const opened = st.ex.sys.audit.tail(5, "terminal.open").at(-1)!;
    expect(opened.actor).toBe("user:web/alice@127.0.0.1");
    await page.close(); // the tab goes away: the socket closes, the shell is hung up
    await waitFor(() => st.ex.sys.audit.tail(5, "terminal.close").some((e) => e.subject === opened.subject));
    expect(st.ex.sys.audit.tail(5, "terminal.close").find((e) => e.subject === opened.subject)).toMatchObject({ actor: "user:web/alice@127.0.0.1", data: { reason: "closed", signal: "SIGHUP" } });
  });
});
