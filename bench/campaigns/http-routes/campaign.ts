// Campaign: every route of every HTTP app — the web console (pages, /api, /v1) over loopback HTTP, and
// the agent host's and the executor's socket APIs — each fed generated requests (routes.ts,
// requests.ts), with every kind of caller. Crashes (no answer, a dead server) and 5xx must be zero; a
// 4xx must say what was wrong ({error} JSON, OpenAI's {error:{message}}, or the login page's message).
import fc from "fast-check";
import type { World, Login } from "../world.ts";
import { type CampaignOptions, Tally } from "../tally.ts";
import { appRoutes, type Route } from "./routes.ts";
import { type AuthKind, describe, type Generated, requestFor } from "./requests.ts";

/** Routes left out, with why: each would act on this build host or end the world itself. */
export const NOT_FUZZED: Record<string, string> = {
  "agent host POST /v1/agents/:name/cycle": "runs a real agent cycle, which observes this build host and may propose changes to it",
  "executor (admin) POST /v1/firewall/reset": "loads the default ruleset into this host's nft",
  "executor (admin) GET /v1/terminal": "a root shell on this host (the web console's /terminal is fuzzed; its executor refuses without a session)",
};

export interface Answer { status: number; type: string; text: string; ms: number }

/** One request; a stream (SSE, NDJSON) is read for a moment, then dropped, as a browser tab closed. */
export async function send(url: string, g: Pick<Generated, "method" | "headers" | "body">, unix?: string): Promise<Answer> {
  const t0 = performance.now();
  const res = await fetch(url, { method: g.method, headers: g.headers, body: g.body as BodyInit | undefined, redirect: "manual", signal: AbortSignal.timeout(30_000), ...(unix ? { unix } : {}) } as RequestInit);
  const type = res.headers.get("content-type") ?? "";
  let text = "";
  if (/event-stream|ndjson/.test(type) && res.body) {
    const reader = res.body.getReader();
    const until = Date.now() + 1500;
    const dec = new TextDecoder();
    while (Date.now() < until && text.length < 65_536) {
      const r = await Promise.race([reader.read(), Bun.sleep(until - Date.now()).then(() => undefined)]);
      if (!r || r.done) break;
      text += dec.decode(r.value, { stream: true });
    }
    await reader.cancel().catch(() => {});
  } else text = await res.text();
  return { status: res.status, type, text, ms: performance.now() - t0 };
}

/** A 4xx must name what was wrong. */
export function clear(a: Answer, method: string): boolean {
  if (method === "HEAD") return true; // a HEAD answer has no body to say it in
  if (a.type.includes("text/html")) return a.text.replace(/<[^>]*>/g, " ").replace(/\s+/g, " ").trim().length > 10;
  try {
    const b = JSON.parse(a.text) as { error?: unknown };
    const e = typeof b.error === "object" && b.error ? (b.error as { message?: unknown }).message : b.error;
    return typeof e === "string" && e.trim().length > 3;
  } catch { return false; }
}

export function classify(a: Answer, method: string): "5xx" | "4xx" | "3xx" | "2xx" | "unclear" {
  if (a.status >= 500) return "5xx";
  if (a.status >= 400) return clear(a, method) ? "4xx" : "unclear";
  return a.status >= 300 ? "3xx" : "2xx";
}

interface Callers { admin: Login; operator: Login; viewer: Login; spare: Login[] }

async function callers(w: World): Promise<Callers> {
  const op = await w.web.users.add("olga", "operator").catch(() => w.web.users.passwd("olga"));
  const vi = await w.web.users.add("vera", "viewer").catch(() => w.web.users.passwd("vera"));
  w.secrets.add(op).add(vi);
  const spare: Login[] = [];
  for (let i = 0; i < 40; i++) spare.push(await w.login("", w.web.token()));
  return { admin: await w.login("", w.web.token()), operator: await w.login("olga", op), viewer: await w.login("vera", vi), spare };
}

function withAuth(g: Generated, c: Callers, token: string, route: Route): Record<string, string> {
  const h = { ...g.headers };
  delete h["x-csrf-token"];
  // A fuzzed logout ends the session it carries: give it one of its own.
  const pick = (l: Login) => (route.path === "/logout" ? c.spare.pop() ?? l : l);
  const session = (l: Login, csrf?: string) => { h.cookie = `__Host-aios_session=${l.cookie.split("=")[1]}`; if (csrf !== undefined) h["x-csrf-token"] = csrf; };
  const by: Record<AuthKind, () => void> = {
    none: () => {}, bearer: () => { h.authorization = `Bearer ${token}`; }, "bearer-bad": () => { h.authorization = "Bearer not-the-token"; },
    admin: () => { const l = pick(c.admin); session(l, l.csrf); }, operator: () => { const l = pick(c.operator); session(l, l.csrf); },
    viewer: () => { const l = pick(c.viewer); session(l, l.csrf); }, "no-csrf": () => session(c.operator), "bad-csrf": () => session(c.operator, "forged"),
    "bad-cookie": () => { h.cookie = "__Host-aios_session=AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA"; },
  };
  by[g.auth]();
  return h;
}

/** Seconds one route may take in a pass: GET /api/packages runs `apt-get -s upgrade` (seconds each). */
const ROUTE_BUDGET_MS = 15_000;

/** `numRuns` requests in all, spread evenly over every route of every app; what slow routes leave
 * undone within their time budget goes to the fast ones in a second pass. */
export async function runHttpRoutes(w: World, o: CampaignOptions): Promise<Tally> {
  const tally = new Tally("http-routes");
  const c = await callers(w);
  const apps = [
    { name: "web", routes: appRoutes(w.web.app), url: (p: string) => `${w.web.base}${p}`, unix: undefined as string | undefined, auth: true },
    ...w.sockets.map((s) => ({ name: s.name, routes: appRoutes(s.app), url: (p: string) => `http://aios${p}`, unix: s.socket, auth: false })),
  ];
  const targets = apps.flatMap((a) => a.routes.filter((r) => !NOT_FUZZED[`${a.name} ${r.method} ${r.path}`]).map((r) => ({ app: a, route: r })));
  const fire = async ({ app, route }: (typeof targets)[number], runs: number, seed: number) => {
    const target = `${app.name} ${route.method} ${route.path}`;
    await fc.assert(fc.asyncProperty(requestFor(route, app.auth), async (g) => {
      const headers = app.auth ? withAuth(g, c, w.web.token(), route) : g.headers;
      try {
        const a = await send(app.url(g.path + g.query), { ...g, headers }, app.unix);
        tally.record(target, classify(a, g.method), a.ms, () => describe(g), `${a.status} ${a.text.slice(0, 300)}`);
      } catch (err) {
        tally.record(target, "crash", 0, () => describe(g), `no answer: ${(err as Error).message}`);
      }
    }), { numRuns: runs, seed, endOnFailure: true, interruptAfterTimeLimit: ROUTE_BUDGET_MS }).catch((err: Error) => {
      // fast-check throws when the budget ran out before the first request came back (a loaded host):
      // that route gets its turn in the second pass; every other failure is the campaign's own.
      if (!/interrupted after 0 tests/.test(err.message)) throw err;
      process.stderr.write(`http-routes: ${target}: no answer within ${ROUTE_BUDGET_MS / 1000} s in this pass\n`);
    });
  };
  const per = Math.max(1, Math.ceil(o.numRuns / targets.length));
  for (const [i, t] of targets.entries()) await fire(t, per, o.seed + i);
  const fast = targets.filter(({ app, route }) => (tally.rows.get(`${app.name} ${route.method} ${route.path}`)?.slowestMs ?? 0) < 1000);
  const left = o.numRuns - tally.total();
  if (left > 0) for (const [i, t] of fast.entries()) await fire(t, Math.ceil(left / fast.length), o.seed + 10_000 + i);
  return tally;
}
