// Samples of the malformed-input campaigns (bench/campaigns, `npm run campaigns` runs them in full)
// against one world of real components, and the web console's route check in full: every route
// enumerated from the app answers 401 without a login (bar the listed public ones), every state change
// refuses a session without its CSRF token, and no secret shows up in a generated URL or a log line.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startWorld, type World } from "../../../bench/campaigns/world.ts";
import type { Tally } from "../../../bench/campaigns/tally.ts";
import { checkRoutes, leakedInLogs } from "../../../bench/campaigns/http-routes/auth-check.ts";
import { runHttpRoutes } from "../../../bench/campaigns/http-routes/campaign.ts";
import { runControlSocket } from "../../../bench/campaigns/control-socket/campaign.ts";
import { runAiosctl } from "../../../bench/campaigns/aiosctl-args/campaign.ts";
import { runConsole } from "../../../bench/campaigns/console/campaign.ts";

let w: World;
beforeAll(async () => { w = await startWorld(); });
afterAll(async () => { await w?.close(); });

/** What must be zero, with the first failures to read when it is not. */
const bad = (t: Tally) => ({ crashes: t.total("crash"), "5xx": t.total("5xx"), unclear: t.total("unclear"), first: t.failures.slice(0, 3) });
const none = { crashes: 0, "5xx": 0, unclear: 0, first: [] };

describe("the web console's routes", () => {
  it("answer 401 without a login, refuse state changes without the CSRF token, and put no secret in a URL", async () => {
    const r = await checkRoutes(w);
    expect(r.failures).toEqual([]);
    expect(r.answered401).toBe(r.triedWithoutAuth);
    expect(r.routes).toBeGreaterThan(40);
    expect(r.csrfRefused).toBe(r.csrfTried);
    expect(r.urlsSeen).toBeGreaterThan(20);
  });
});

describe("malformed input, a sample of each campaign (fixed seeds)", () => {
  it("every HTTP route of the web console, the agent host and the executor", async () => {
    const t = await runHttpRoutes(w, { numRuns: 150, seed: 12 });
    expect(bad(t)).toEqual(none);
    expect(t.total()).toBeGreaterThanOrEqual(150);
  });

  it("init's control socket, HTTP and JSON lines", async () => {
    const t = await runControlSocket(w, { numRuns: 200, seed: 12 });
    expect(bad(t)).toEqual(none);
    expect(t.total()).toBe(200);
  });

  it("aiosctl's arguments", async () => {
    const t = await runAiosctl(w, { numRuns: 40, seed: 12 });
    expect(bad(t)).toEqual(none);
  });

  it("the console program on a PTY", async () => {
    const t = await runConsole(w, { numRuns: 60, seed: 12 });
    expect(bad(t)).toEqual(none);
    expect(t.total()).toBe(60);
  });

  it("wrote no token, session id, CSRF token or password into any log line meanwhile", () => {
    w.secrets.add(w.web.token());
    expect(leakedInLogs(w.allLogs(), [...w.secrets])).toEqual([]);
    expect(w.secrets.size).toBeGreaterThan(3);
  });
});
