// Root shells for people, owned by the executor (root) so the web console need not be: GET
// /v1/terminal on the admin socket upgrades to a WebSocket that carries one `bash -l` on its own PTY.
// Binary frames are the terminal's bytes both ways; text frames are JSON: {type:"resize",cols,rows}
// from the caller, {type:"exit",code,signal,reason} to it. The session's start and end go to the audit
// chain as terminal.open / terminal.close with the person's actor string; keystrokes never do. A
// session ends when the socket closes (the shell is hung up), when the shell exits, or after
// web.terminal_idle without a keystroke.
import type { Hono } from "hono";
import { randomBytes } from "node:crypto";
import type { AuditLog } from "../../../runtime/audit/log.ts";
import { UserError } from "../../../runtime/errors.ts";
import { value } from "../../../runtime/config/settings.ts";
import { type Pty, spawnPty } from "../../../runtime/proc/exec.ts";
import { upgrade, type Ws } from "./websocket.ts";

/** The header that names the person the shell is for (the admin socket is root's only: it is trusted). */
export const WHO_HEADER = "x-aios-who";
export const SHELL = ["/bin/bash", "-l"] as const;

export interface TerminalOptions {
  audit: AuditLog;
  /** Ends a session after this long without input (default: the web.terminal_idle setting, read per session). */
  idleMs?: () => number;
  shell?: readonly string[];
}

export type EndReason = "closed" | "exited" | "idle";

const size = (v: string | undefined, dflt: number, max: number) => {
  const n = v === undefined ? dflt : Number(v);
  if (!Number.isInteger(n) || n < 2 || n > max) throw new UserError(`a terminal size must be a whole number from 2 to ${max}, not "${v}"`);
  return n;
};

/** Live sessions, for tests and a future `aiosctl terminals`. */
export const liveTerminals = new Map<string, { who: string; pid: number; started: number }>();

export function mountTerminal(app: Hono, o: TerminalOptions): void {
  app.get("/v1/terminal", (c) => {
    const who = c.req.header(WHO_HEADER) ?? "";
    if (!/^user:\S+$/.test(who)) throw new UserError(`a terminal is opened for a person: send ${WHO_HEADER}: user:<name>`);
    const cols = size(c.req.query("cols"), 80, 1000), rows = size(c.req.query("rows"), 24, 500);
    const res = upgrade(c, session(o, who, cols, rows));
    if (!res) throw new UserError("GET /v1/terminal is a WebSocket: send Upgrade: websocket");
    return res;
  });
}

function session(o: TerminalOptions, who: string, cols: number, rows: number) {
  const id = `term-${randomBytes(4).toString("hex")}`;
  const idleMs = (o.idleMs ?? (() => value("web_terminal_idle") as number))();
  let pty: Pty | undefined;
  let reason: EndReason = "exited";
  let ended = false;
  let idle: ReturnType<typeof setTimeout> | undefined;
  const started = Date.now();
  const touch = (ws: Ws) => {
    clearTimeout(idle);
    idle = setTimeout(() => {
      reason = "idle";
      const after = idleMs % 60_000 ? `${idleMs / 1000} s` : `${idleMs / 60_000} min`;
      ws.send(new TextEncoder().encode(`\r\n[no keystroke for ${after} (web.terminal_idle): the shell is ended]\r\n`)); // on the screen
      pty?.hangup();
    }, idleMs);
  };

  return {
    open(ws: Ws) {
      try {
        pty = spawnPty(o.shell ?? SHELL, { cols, rows, cwd: process.env.HOME ?? "/root", data: (bytes) => { if (ws.readyState === 1) ws.send(bytes); } });
      } catch (e) {
        o.audit.append({ kind: "terminal.failed", actor: who, subject: id, data: { error: (e as Error).message } });
        ws.close(1011, "the shell could not start");
        return;
      }
      const { pid } = pty;
      o.audit.append({ kind: "terminal.open", actor: who, subject: id, data: { pid, shell: (o.shell ?? SHELL).join(" "), cols, rows, idle_ms: idleMs } });
      liveTerminals.set(id, { who, pid, started });
      touch(ws);
      void pty.exited.then(({ code, signal }) => {
        ended = true;
        clearTimeout(idle);
        liveTerminals.delete(id);
        o.audit.append({ kind: "terminal.close", actor: who, subject: id, data: { pid, reason, exit_code: code, signal, duration_ms: Date.now() - started } });
        if (ws.readyState === 1) {
          ws.send(JSON.stringify({ type: "exit", code, signal, reason }));
          ws.close(1000, `shell ended (${reason})`);
        }
      }).catch((e) => console.error(`terminal ${id}: ${(e as Error).message}`)); // e.g. the executor is closing its database
    },
    message(ws: Ws, m: string | Buffer) {
      if (!pty) return;
      if (typeof m !== "string") { touch(ws); pty.write(m); return; }
      let msg: { type?: string; cols?: unknown; rows?: unknown };
      try { msg = JSON.parse(m); } catch { return; }
      if (msg.type === "resize" && Number.isInteger(msg.cols) && Number.isInteger(msg.rows)) {
        pty.resize(Math.min(Math.max(msg.cols as number, 2), 1000), Math.min(Math.max(msg.rows as number, 2), 500));
      }
    },
    close() {
      if (ended || !pty) return;
      if (reason === "exited") reason = "closed";
      pty.hangup();
    },
  };
}
