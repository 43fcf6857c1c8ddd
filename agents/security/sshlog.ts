// Failed ssh logins from dropbear's log lines. The lines are untrusted (a client chooses the user name
// it tries), so a failure's address is taken only from where dropbear itself prints it, must parse as
// an IP address, and everything else on the line is kept as clipped evidence, never acted on.
import { readFileSync, statSync } from "node:fs";
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

/**
 * init's per-service log file on the state disk: "<ISO time> <stream> <line>" per line. The parsed
 * lines are kept while the file's stat (inode, size, mtime) is the same: an idle cycle reads nothing.
 */
export function fileSource(path: string): LogSource {
  let kept: { key: string; entries: LogEntry[] } | undefined;
  return {
    async read(since) {
      const st = statSync(path, { throwIfNoEntry: false });
      if (!st) { kept = undefined; return []; }
      const key = `${st.ino}:${st.size}:${st.mtimeMs}:${st.ctimeMs}`;
      if (kept?.key !== key || Date.now() - st.mtimeMs < 2000) {
        let text = "";
        try { text = readFileSync(path, "utf8"); } catch { return []; }
        kept = {
          key, entries: text.split("\n").flatMap((l) => {
            const m = l.match(/^(\d{4}-\d\d-\d\dT[\d:.]+Z) (?:out|err|init) (.*)$/);
            const ts = m ? Date.parse(m[1]!) : NaN;
            return m && !Number.isNaN(ts) ? [{ ts, line: m[2]! }] : [];
          }),
        };
      }
      return kept.entries.filter((e) => e.ts >= since);
    },
  };
}

const sources = new Map<string, LogSource>();
/** The source a setting names; one object per setting, so what it keeps (and readFailuresSince's state) lasts. */
export function sourceFor(setting: string, service: string, root: string): LogSource {
  const key = setting === "control" ? `control|${service}` : join(root, setting);
  let src = sources.get(key);
  if (!src) sources.set(key, (src = setting === "control" ? controlSource(service) : fileSource(key)));
  return src;
}

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

/** Per source: the failures already parsed, the newest line time read, and the lines read at that time. */
const since = new WeakMap<LogSource, { lastTs: number; atLast: Map<string, number>; failures: SshFailure[] }>();

/**
 * readFailures, incrementally: the source is asked only for lines from the newest time already read
 * (init's `since`), lines at exactly that time already counted are skipped, and earlier failures are
 * kept until they leave the window. An idle cycle asks for, and parses, no old lines.
 */
export async function readFailuresSince(src: LogSource, sinceMs: number): Promise<SshFailure[]> {
  const st = since.get(src);
  const from = st ? Math.max(sinceMs, st.lastTs) : sinceMs;
  const entries = await src.read(from);
  const atLast = new Map(st?.atLast ?? []);
  let lastTs = st?.lastTs ?? -Infinity;
  const fresh: LogEntry[] = [];
  for (const e of entries) {
    if (st && e.ts < st.lastTs) continue; // the source answered more than asked
    if (st && e.ts === st.lastTs) {
      const n = st.atLast.get(e.line) ?? 0;
      if (n > 0) { st.atLast.set(e.line, n - 1); continue; }
    }
    fresh.push(e);
  }
  // Lines counted at the newest time: those read before at that time plus the fresh ones there.
  for (const e of fresh) {
    if (e.ts > lastTs) { lastTs = e.ts; atLast.clear(); }
    if (e.ts === lastTs) atLast.set(e.line, (atLast.get(e.line) ?? 0) + 1);
  }
  const failures = [...(st?.failures ?? []), ...fresh.map(parseFailure).filter((f): f is SshFailure => f !== null)].filter((f) => f.ts >= sinceMs);
  since.set(src, { lastTs, atLast, failures });
  return [...failures];
}
