// The web console's access rule, checked route by route from the app's own route list (issue 12,
// item 5): without a session or the token, every route but the public ones answers 401; with a
// session, every state-changing route refuses a missing or wrong CSRF token (403); and no token, session
// id or CSRF token shows up in a URL the console generates (links, forms, redirects).
import fc from "fast-check";
import type { World } from "../world.ts";
import { appRoutes, params, type Route } from "./routes.ts";

/** The routes anyone may call. A new route missing from here must answer 401, or the check fails. */
export const PUBLIC_ROUTES: Record<string, string> = {
  "GET /health": "the load balancer's and monitoring's probe",
  "GET /login": "the login form",
  "POST /login": "the login itself (refuses other sites by Origin; rate-limited)",
  "GET /assets/:file": "the login page's stylesheet and the pages' scripts",
};
/** Public only when the operator set web.metrics_public = true (off in the world, so it must answer 401 here). */
export const PUBLIC_WHEN_SET = { "GET /metrics": "metrics_public" };
/** Routes that refuse a session cookie outright (401): the OpenAI API takes only the Bearer token. */
const BEARER_ONLY = /^\/v1\//;

export interface RouteCheck { route: string; why: string }
export interface AuthReport {
  routes: number;
  triedWithoutAuth: number;
  answered401: number;
  csrfTried: number;
  csrfRefused: number;
  urlsSeen: number;
  failures: RouteCheck[];
}

const key = (r: Route) => `${r.method} ${r.path}`;
const methodsOf = (r: Route) => (r.method === "ALL" ? ["GET", "POST"] : [r.method]);
const STATE_CHANGING = (m: string) => !["GET", "HEAD", "OPTIONS"].includes(m);

/** A concrete path: each parameter a value its pattern accepts (the same every run). */
function concrete(r: Route): string {
  let path = r.path;
  for (const p of params(r.path)) {
    const v = p.pattern ? fc.sample(fc.stringMatching(new RegExp(`^(?:${p.pattern})$`)).filter((s) => s.length > 0 && !s.includes("/")), { numRuns: 1, seed: 1 })[0]! : "x1";
    path = path.replace(new RegExp(`:${p.name}(\\{[^}]*\\})?`), encodeURIComponent(v));
  }
  return path.replace(/\*$/, "x");
}

export async function checkRoutes(w: World): Promise<AuthReport> {
  const routes = appRoutes(w.web.app);
  const report: AuthReport = { routes: routes.length, triedWithoutAuth: 0, answered401: 0, csrfTried: 0, csrfRefused: 0, urlsSeen: 0, failures: [] };
  const fail = (route: string, why: string) => report.failures.push({ route, why });
  const known = new Set(routes.map(key));
  for (const p of [...Object.keys(PUBLIC_ROUTES), ...Object.keys(PUBLIC_WHEN_SET)]) if (!known.has(p)) fail(p, "listed as public but the app has no such route: update PUBLIC_ROUTES");

  const ask = (method: string, path: string, headers: Record<string, string> = {}, body?: string) =>
    fetch(`${w.web.base}${path}`, { method, headers, body, redirect: "manual" });

  // Without a session or token: 401 (a browser asking for a page is sent to /login instead).
  for (const r of routes) {
    if (PUBLIC_ROUTES[key(r)]) continue;
    for (const m of methodsOf(r)) {
      const path = concrete(r);
      for (const [label, headers] of [["nothing", {}], ["a wrong Bearer token", { authorization: "Bearer wrong" }], ["a forged cookie", { cookie: "__Host-aios_session=forged" }]] as const) {
        report.triedWithoutAuth++;
        const res = await ask(m, path, headers, STATE_CHANGING(m) ? "{}" : undefined);
        await res.body?.cancel();
        if (res.status === 401) report.answered401++;
        else fail(`${m} ${r.path}`, `answered ${res.status} to ${label} (${m} ${path}); a route not in PUBLIC_ROUTES must answer 401`);
      }
      if (m === "GET") {
        const page = await ask(m, path, { accept: "text/html" });
        await page.body?.cancel();
        if (page.status !== 401 && !(page.status === 303 && page.headers.get("location") === "/login")) fail(`${m} ${r.path}`, `a browser without a login got ${page.status}, not /login`);
      }
    }
  }

  // With a session: a state change needs the session's CSRF token.
  const admin = await w.login("", w.web.token());
  for (const r of routes) {
    if (PUBLIC_ROUTES[key(r)]) continue;
    for (const m of methodsOf(r).filter(STATE_CHANGING)) {
      const path = concrete(r);
      for (const [label, headers, body] of [
        ["no CSRF token", { cookie: admin.cookie, "content-type": "application/json" }, "{}"],
        ["a wrong X-CSRF-Token", { cookie: admin.cookie, "content-type": "application/json", "x-csrf-token": `${admin.csrf.slice(0, -2)}xx` }, "{}"],
        ["a wrong _csrf form field", { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" }, `_csrf=${admin.csrf.slice(0, -2)}xx`],
      ] as const) {
        report.csrfTried++;
        const res = await ask(m, path, headers, body);
        const text = await res.text();
        const refused = BEARER_ONLY.test(path) ? res.status === 401 : res.status === 403 && /CSRF/.test(text);
        if (refused) report.csrfRefused++;
        else fail(`${m} ${r.path}`, `answered ${res.status} to a session with ${label}: ${text.slice(0, 120)}`);
      }
    }
  }

  // The URLs the console generates: every page's links, sources and form actions, and redirects.
  const secrets = [w.web.token(), admin.cookie.split("=")[1]!, admin.csrf];
  const pages = routes.filter((r) => r.method === "GET" && params(r.path).length === 0 && !/events|follow|export|terminal/.test(r.path));
  const urls: string[] = [];
  for (const r of pages) {
    const res = await ask("GET", r.path, { cookie: admin.cookie, accept: "text/html" });
    if (res.headers.get("location")) urls.push(res.headers.get("location")!);
    const html = await res.text();
    for (const m of html.matchAll(/\b(?:href|src|action)\s*=\s*["']([^"']*)["']/gi)) urls.push(m[1]!);
  }
  for (const [m, path, body] of [["POST", "/login", "name=&password=wrong"], ["POST", "/approvals/apr-00000000/approve", `_csrf=${admin.csrf}`], ["GET", "/", ""]] as const) {
    const res = await ask(m, path, { cookie: admin.cookie, "content-type": "application/x-www-form-urlencoded" }, body || undefined);
    await res.body?.cancel();
    if (res.headers.get("location")) urls.push(res.headers.get("location")!);
  }
  report.urlsSeen = urls.length;
  for (const u of urls) if (secrets.some((s) => u.includes(s))) fail("(generated URL)", `a URL carries a secret: ${u.slice(0, 40)}…`);
  return report;
}

/** Log lines written while the world ran that carry a secret (the token, a session id, a CSRF token, a password). */
export function leakedInLogs(logs: string[], secrets: string[]): string[] {
  return logs.flatMap((l) => l.split("\n")).filter((l) => secrets.some((s) => s.length >= 8 && l.includes(s))).map((l) => l.slice(0, 120));
}
