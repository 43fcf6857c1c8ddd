// Where the web console's events come from: init's event stream (followed, pushed), and the audit log
// (approvals, decisions), the monitor's samples and the agents' incidents table (polled, read-only). Each feed starts at "now"
// and reports an unreachable source to the hub instead of ending; it retries with a growing delay.
import type { Database } from "bun:sqlite";
import { existsSync } from "node:fs";
import { control, followLines } from "../../../runtime/control/client.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { errorMessage } from "../../../runtime/errors.ts";
import type { EventHub, Feed } from "./hub.ts";

interface InitEvent { seq: number; ts: number; service: string; from: string; to: string; reason: string | null; pid: number | null }

const pause = (ms: number, signal: AbortSignal) => new Promise<void>((resolve) => {
  const t = setTimeout(resolve, ms);
  signal.addEventListener("abort", () => { clearTimeout(t); resolve(); }, { once: true });
});

export function initFeed(socket: () => string): Feed {
  return {
    name: "init",
    async run(hub, signal) {
      let last: number | undefined;
      let delay = 200;
      while (!signal.aborted) {
        try {
          const { events } = await control<{ events: InitEvent[] }>("GET", "/v1/events?since=0", undefined, socket());
          const newest = events.at(-1)?.seq ?? 0;
          if (last === undefined) last = newest; // start from now
          else if (newest < last) last = 0; // a restarted init counts from 1 again: all it holds is new
          hub.problem("init", undefined);
          delay = 200;
          for await (const e of followLines<InitEvent>(`/v1/events?since=${last}&follow=1`, socket(), signal)) {
            if (e.seq <= last) continue;
            last = e.seq;
            hub.publish({ type: "service", kind: "service.state", ts: e.ts, data: { service: e.service, from: e.from, to: e.to, reason: e.reason, pid: e.pid, initSeq: e.seq } });
          }
          if (!signal.aborted) hub.problem("init", "init ended the event stream; reconnecting");
        } catch (err) {
          if (signal.aborted) return;
          hub.problem("init", `${errorMessage(err)}; retrying`);
        }
        await pause(delay, signal);
        delay = Math.min(delay * 2, 5000);
      }
    },
  };
}

/** Polls a SQLite file read-only every `everyMs`; `tick` gets the open database and keeps its own cursor. */
function pollFeed(name: string, path: () => string, everyMs: number, tick: (db: Database, hub: EventHub) => void): Feed {
  return {
    name,
    async run(hub, signal) {
      let db: Database | undefined;
      while (!signal.aborted) {
        try {
          if (!existsSync(path())) throw new Error(`${path()} does not exist yet`);
          db ??= openDatabase(path(), { readonly: true });
          tick(db, hub);
          hub.problem(name, undefined);
        } catch (err) {
          hub.problem(name, `${errorMessage(err)}; retrying`);
          db?.close();
          db = undefined;
        }
        await pause(everyMs, signal);
      }
      db?.close();
    },
  };
}

/** approval.* and decision entries of the audit log, after the head it found at start. */
export function auditFeed(path: () => string, everyMs = 1000): Feed {
  let last: number | undefined;
  return pollFeed("audit", path, everyMs, (db, hub) => {
    const head = db.query<{ seq: number | null }, []>("SELECT max(seq) AS seq FROM audit_log").get()?.seq ?? 0;
    if (last === undefined || head < last) { last = head; return; } // the first look, or a new state disk
    const rows = db.query<{ seq: number; ts: number; kind: string; actor: string; subject: string; data: string }, [number, number]>(
      "SELECT seq, ts, kind, actor, subject, data FROM audit_log WHERE seq > ? AND seq <= ? AND (kind LIKE 'approval.%' OR kind = 'decision') ORDER BY seq").all(last, head);
    last = head; // past the entries of other kinds too, so they are not scanned again
    for (const r of rows) {
      let data: unknown = null;
      try { data = JSON.parse(r.data); } catch { /* kept as null */ }
      hub.publish({ type: r.kind === "decision" ? "decision" : "approval", kind: r.kind, ts: r.ts, data: { auditSeq: r.seq, actor: r.actor, subject: r.subject, ...(data && typeof data === "object" ? data : { value: data }) } });
    }
  });
}

interface IncRow { id: number; kind: string; agent: string; owner: string; severity: string; summary: string; state: string; updated_at: number; nd: number; na: number }

/** Incidents opened, or changed in state, decisions or actions (a refresh of evidence alone is not news). */
export function incidentFeed(path: () => string, everyMs = 1000): Feed {
  const seen = new Map<number, string>();
  let mark: number | undefined;
  return pollFeed("incidents", path, everyMs, (db, hub) => {
    const rows = db.query<IncRow, [number]>(`SELECT id, kind, agent, owner, severity, summary, state, updated_at,
        json_array_length(decisions) AS nd, json_array_length(actions) AS na FROM incidents WHERE updated_at >= ? ORDER BY updated_at, id`).all(mark ?? 0);
    const first = mark === undefined;
    for (const r of rows) {
      mark = Math.max(mark ?? 0, r.updated_at);
      const sig = `${r.state}:${r.nd}:${r.na}`;
      const before = seen.get(r.id);
      seen.set(r.id, sig);
      if (first || before === sig) continue;
      const kind = before === undefined ? "incident.opened" : "incident.changed"; // every incident was seen on the first look
      hub.publish({ type: "incident", kind, ts: r.updated_at, data: { incident: r.id, incidentKind: r.kind, agent: r.agent, owner: r.owner, severity: r.severity, summary: r.summary, state: r.state, from: before?.split(":")[0], decisions: r.nd, actions: r.na } });
    }
    mark ??= 0;
  });
}

/** Monitor samples newer than the newest at start, for the dashboard's live charts. */
export function sampleFeed(path: () => string, everyMs = 1000): Feed {
  let last: number | undefined;
  return pollFeed("samples", path, everyMs, (db, hub) => {
    let rows: Record<string, unknown>[];
    try {
      if (last === undefined) { last = db.query<{ ts: number | null }, []>("SELECT max(ts) AS ts FROM monitor_samples").get()?.ts ?? 0; return; }
      rows = db.query<Record<string, unknown>, [number]>("SELECT * FROM monitor_samples WHERE ts > ? ORDER BY ts LIMIT 100").all(last);
    } catch { last ??= 0; return; } // no table yet: the monitor has not run, and every sample it writes will be new
    for (const r of rows) { last = r.ts as number; hub.publish({ type: "sample", kind: "monitor.sample", ts: last, data: r }); }
  });
}
