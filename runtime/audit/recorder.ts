// The audit recorder service: follows init's event stream and appends every service state change to
// the hash-chained audit log. When the stream ends it reconnects from the last event it recorded; an
// event already in the log (same init, same seq and time) is never recorded twice. Each change also
// goes into operational memory, where agents search what happened.
import { controlSocket, notifyReady } from "../control/client.ts";
import { defaultDbPath } from "../db/open.ts";
import { errorMessage } from "../errors.ts";
import { asStateDiskError } from "../db/disk-error.ts";
import { Memory } from "../memory/index.ts";
import { AuditLog } from "./log.ts";
import { auditDbPath } from "./paths.ts";

export interface ServiceEvent { seq: number; ts: number; service: string; from: string; to: string; reason: string | null; pid: number | null }

/** What an entry keeps of an event; `seq` and `at` identify the event within one run of init. */
export const entryOf = (e: ServiceEvent) => ({
  kind: "service.state", actor: "init", subject: e.service, ts: e.ts,
  data: { seq: e.seq, at: e.ts, from: e.from, to: e.to, reason: e.reason, pid: e.pid },
});

async function get(path: string, socket: string, signal?: AbortSignal): Promise<Response> {
  const res = await fetch(`http://init${path}`, { unix: socket, signal } as RequestInit);
  if (!res.ok) throw new Error(`init answered ${res.status} for ${path}`);
  return res;
}

/**
 * Where to follow from: after the newest recorded event when init still holds it (the same run of
 * init), else from the start of init's ring (a new boot, or a new init under test).
 */
export async function resumePoint(log: AuditLog, socket: string): Promise<number> {
  const last = log.tail(1, "service.state")[0]?.data as { seq?: number; at?: number } | undefined;
  if (!last?.seq) return 0;
  const { events } = (await (await get(`/v1/events?since=${last.seq - 1}`, socket)).json()) as { events: ServiceEvent[] };
  return events.some((e) => e.seq === last.seq && e.ts === last.at) ? last.seq : 0;
}

/** Follows the stream once, until it ends; returns the last seq recorded. `onOpen` fires once subscribed. */
export async function followOnce(log: AuditLog, socket: string, since: number, onOpen: () => void, signal?: AbortSignal, memory?: Memory): Promise<number> {
  const res = await get(`/v1/events?since=${since}&follow=1`, socket, signal);
  const reader = res.body!.getReader();
  const dec = new TextDecoder();
  let buf = "";
  let last = since;
  let opened = false;
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return last;
    if (!opened) { opened = true; onOpen(); }
    buf += dec.decode(value, { stream: true });
    const lines = buf.split("\n");
    buf = lines.pop()!;
    const events = lines.filter((l) => l.trim()).map((l) => JSON.parse(l) as ServiceEvent).filter((e) => e.seq > last);
    if (events.length === 0) continue;
    log.appendMany(events.map(entryOf)); // one transaction, one fsync per burst
    if (memory) {
      // Best effort: the events are in the audit chain already; memory is where agents search them.
      try {
        memory.db.transaction(() => {
          for (const e of events) memory.operational.record("service.state", e.service, `service ${e.service} ${e.from} -> ${e.to}${e.reason ? `: ${e.reason}` : ""}`, e);
        })();
      } catch (err) { console.error(`audit-recorder: not in memory: ${errorMessage(asStateDiskError(err))}`); }
    }
    last = events[events.length - 1]!.seq;
  }
}

/**
 * The service. A state disk that cannot be written (full, read-only, a damaged file) does not crash it
 * into a loop: it says so once per problem and retries, and memory (a convenience) never holds up the
 * audit chain (the record).
 */
export async function runAuditRecorder(): Promise<void> {
  const socket = controlSocket();
  let log: AuditLog | undefined;
  let memory: Memory | undefined;
  const stop = new AbortController();
  for (const sig of ["SIGTERM", "SIGINT"] as const) process.on(sig, () => { stop.abort(); log?.db.close(); memory?.db.close(); process.exit(0); });

  let ready = false;
  let delay = 100;
  let said: string | undefined;
  let noMemory = false;
  while (!stop.signal.aborted) {
    try {
      log ??= AuditLog.open(auditDbPath(), { importFrom: defaultDbPath() });
      if (!memory && !noMemory) {
        try { memory = Memory.open(defaultDbPath()); } catch (err) {
          noMemory = true; // tried again after a restart, e.g. once the boot state check replaced the file
          console.error(`audit-recorder: no operational memory (${errorMessage(asStateDiskError(err))}); recording the audit log only`);
        }
      }
      // Every (re)connection resumes from the log itself, so a restarted init (seqs from 1 again) is
      // followed from its start and a reconnect to the same init from the last recorded event.
      const since = await resumePoint(log, socket);
      await followOnce(log, socket, since, () => {
        delay = 100;
        if (!ready) { ready = true; void notifyReady().catch((e) => console.error(`audit-recorder: notify failed: ${errorMessage(e)}`)); }
      }, stop.signal, memory);
      console.error("audit-recorder: event stream ended; reconnecting");
    } catch (raw) {
      if (stop.signal.aborted) break;
      const msg = errorMessage(asStateDiskError(raw));
      if (msg !== said) console.error(`audit-recorder: ${msg}; retrying (up to every 5 s)`);
      said = msg;
    }
    await Bun.sleep(delay);
    delay = Math.min(delay * 2, 5000);
  }
}
