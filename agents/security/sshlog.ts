// Failed ssh logins from dropbear's log lines. The lines are untrusted (a client chooses the user name
// it tries), so a failure's address is taken only from where dropbear itself prints it, must parse as
// an IP address, and everything else on the line is kept as clipped evidence, never acted on.
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { control } from "../../runtime/control/client.ts";
import { clip } from "./settings.ts";

export interface LogEntry { ts: number; line: string }
export interface SshFailure { ts: number; addr: string; count: number; user: string; line: string }

/** Where dropbear's lines come from: init's control socket on the appliance, a log file in tests. */
export interface LogSource { read(sinceMs: number): Promise<LogEntry[]> }

export function controlSource(service: string): LogSource {
  return {
    async read(since) {
      const r = await control<{ lines: { ts: number; line: string }[] }>("GET", `/v1/logs?service=${encodeURIComponent(service)}&n=5000&since=${Math.floor(since)}`);
      return r.lines.map((l) => ({ ts: l.ts, line: l.line }));
    },
  };
}

/** init's per-service log file on the state disk: "<ISO time> <stream> <line>" per line. */
export function fileSource(path: string): LogSource {
  return {
    async read(since) {
      let text = "";
      try { text = readFileSync(path, "utf8"); } catch { return []; }
      return text.split("\n").flatMap((l) => {
        const m = l.match(/^(\d{4}-\d\d-\d\dT[\d:.]+Z) (?:out|err|init) (.*)$/);
        const ts = m ? Date.parse(m[1]!) : NaN;
        return m && ts >= since ? [{ ts, line: m[2]! }] : [];
      });
    },
  };
}

export const sourceFor = (setting: string, service: string, root: string): LogSource =>
  setting === "control" ? controlSource(service) : fileSource(join(root, setting));

// dropbear -E: "[pid] Mon DD HH:MM:SS message". The address is the last "from A:P" at the end of the
// line (a user name can hold "from …", but it comes before dropbear's own), or the first "<A:P>" right
// after "Exit before auth from" (before any client-chosen text).
const PFX = String.raw`^(?:\[\d+\] [A-Z][a-z]{2} [ \d]\d \d\d:\d\d:\d\d )?`;
const TRAILING = new RegExp(`${PFX}(?:Bad password attempt for '(.*)'|Login attempt for nonexistent user(?: '(.*)')?|Pubkey auth attempt with unknown algo for '(.*)') from ([0-9A-Fa-f:.]+):(\\d+)$`);
const EXIT = new RegExp(`${PFX}Exit before auth from <([0-9A-Fa-f:.]+):(\\d+)>: \\(user '(.*)', (\\d+) fails?\\)`);

export function parseFailure(e: LogEntry): SshFailure | null {
  let addr: string, user: string, count = 1;
  const t = e.line.match(TRAILING);
  const x = t ? null : e.line.match(EXIT);
  if (t) { addr = t[4]!; user = t[1] ?? t[2] ?? t[3] ?? ""; }
  else if (x) { addr = x[1]!; user = x[3]!; count = Math.min(Number(x[4]), 100); } // capped: only its own address gains
  else return null;
  if (isIP(addr) === 0 || count < 1) return null;
  return { ts: e.ts, addr, count, user: clip(user, 64), line: clip(e.line, 240) };
}

export async function readFailures(src: LogSource, sinceMs: number): Promise<SshFailure[]> {
  return (await src.read(sinceMs)).map(parseFailure).filter((f): f is SshFailure => f !== null);
}
