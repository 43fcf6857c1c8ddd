// A root shell in the browser: GET /terminal (the page), /api/terminal (a WebSocket) and the page's
// files. The console (aios-web, no capabilities) does not own the shell: it relays frames to the
// executor's web socket (agents/host/executor/terminal.ts), which runs bash on a PTY as root and
// audits the session as the person. Admins only, checked here and again by the executor. Browsers cannot set headers on a WebSocket, so the session's CSRF token comes
// as a subprotocol (`csrf.<token>`, never in the URL), with a same-origin check on top of the
// SameSite=Strict cookie.
import type { Context, Hono } from "hono";
import { agentPaths } from "../../../agents/host/paths.ts";
import { upgrade, type Ws, type WsHandlers } from "../../../agents/host/executor/websocket.ts";
import { sameSecret } from "../auth/csrf.ts";
import { personHeaders } from "../executor.ts";
import { assetUrls, mountAssets } from "./assets.ts";
import { terminalPage } from "./page.ts";

export const PROTOCOL = "aios.terminal";
/** Scripts only from the appliance; inline styles because xterm.js's renderer writes <style> elements. */
export const TERMINAL_CSP = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

export interface TerminalRouteOptions {
  /** The executor's web socket (default: the sockets.executor_web setting). */
  socket?: () => string;
}

const refuse = (c: Context, error: string, hint?: string) => c.json({ error, hint }, 403);

/** Why this request may not have a shell, or undefined when it may. */
function refusal(c: Context): [string, string?] | undefined {
  const who = c.get("who");
  if (who.role !== "admin") return [`${who.user ?? "this login"} is a ${who.role}; a root shell needs admin`, "an admin can change roles: aiosctl web-user"];
  const origin = c.req.header("origin");
  if (origin !== undefined && origin !== new URL(c.req.url).origin) return [`a root shell is not opened for another site (Origin ${origin})`];
  if (who.via === "token") return undefined; // a Bearer header is never added by a browser on its own
  if (origin === undefined) return ["a browser's WebSocket sends its Origin; this one did not"];
  const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
  const csrf = offered.find((p) => p.startsWith("csrf."))?.slice(5);
  if (!sameSecret(csrf, who.session!.csrf)) return ["missing or wrong CSRF token", `offer the session's token as the WebSocket subprotocol "csrf.<token>" (GET /api/session)`];
  return undefined;
}

export function mountTerminal(app: Hono, o: TerminalRouteOptions = {}): void {
  const socket = o.socket ?? agentPaths.webSocket;
  mountAssets(app);

  app.get("/terminal", async (c) => {
    const who = c.get("who");
    if (who.role !== "admin") return c.html(`<!doctype html><p>A root shell needs the admin role; ${who.user ?? "this login"} is a ${who.role}. <a href="/">Back</a></p>`, 403);
    if (!who.session) return c.json({ error: "the terminal page is for a browser login", hint: "log in at /login; API clients open the WebSocket /api/terminal" }, 400);
    c.header("content-security-policy", TERMINAL_CSP);
    return c.html(terminalPage({ user: who.user ?? "admin (token)", csrf: who.session.csrf, assets: await assetUrls() }));
  });

  app.get("/api/terminal", (c) => {
    const why = refusal(c);
    if (why) return refuse(c, ...why);
    const q = (k: string, max: number) => { const n = Math.trunc(Number(c.req.query(k))); return n ? Math.min(Math.max(n, 2), max) : undefined; };
    const offered = (c.req.header("sec-websocket-protocol") ?? "").split(",").map((p) => p.trim());
    const res = upgrade(c, relay(socket(), personHeaders(c), q("cols", 1000), q("rows", 500)), offered.includes(PROTOCOL) ? { "sec-websocket-protocol": PROTOCOL } : undefined);
    return res ?? c.json({ error: "/api/terminal is a WebSocket", hint: "open it with new WebSocket(...)" }, 400);
  });
}

/** Frames both ways between the browser and the executor's shell; either side closing closes the other. */
function relay(socket: string, person: Record<string, string>, cols = 80, rows = 24): WsHandlers {
  let upstream: WebSocket | undefined;
  const early: (string | Buffer)[] = [];
  const closeCode = (code: number) => (code === 1000 || (code >= 3000 && code < 5000) ? code : 1011);
  return {
    open(ws: Ws) {
      const url = `ws+unix://${socket}:/v1/terminal?cols=${cols}&rows=${rows}`;
      upstream = new WebSocket(url, { headers: person } as unknown as string[]) /* Bun's options (the pages' DOM lib types the global) */;
      upstream.binaryType = "arraybuffer";
      let opened = false;
      upstream.onopen = () => { opened = true; for (const m of early.splice(0)) upstream!.send(m); };
      upstream.onmessage = (e) => ws.send(typeof e.data === "string" ? e.data : new Uint8Array(e.data as ArrayBuffer));
      upstream.onclose = (e) => {
        if (!opened) ws.send(JSON.stringify({ type: "error", error: `cannot reach the executor at ${socket}`, hint: "is the executor service running? (aiosctl status executor)" }));
        ws.close(opened ? closeCode(e.code) : 1011, opened ? e.reason : "no executor");
      };
    },
    message(_ws, m) {
      if (upstream?.readyState === WebSocket.OPEN) upstream.send(m);
      else if (upstream?.readyState === WebSocket.CONNECTING) early.push(m);
    },
    close() { if (upstream && upstream.readyState <= WebSocket.OPEN) upstream.close(1000, "browser closed"); },
  };
}
