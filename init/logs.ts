// Service output: every line timestamped into an in-memory ring (for `aiosctl logs`) and appended to
// a per-service file on the state disk, rotated at a size limit.
import { appendFileSync, mkdirSync, renameSync, statSync } from "node:fs";

export interface LogLine { ts: number; service: string; stream: "out" | "err" | "init"; line: string }

export class LogStore {
  private ring: LogLine[] = [];
  private listeners = new Set<(l: LogLine) => void>();
  constructor(private readonly dir: string | undefined, private readonly capacity = 5000, private readonly maxFileBytes = 1 << 20) {
    if (dir) try { mkdirSync(dir, { recursive: true }); } catch { /* logs stay in memory */ }
  }

  add(service: string, stream: LogLine["stream"], line: string): void {
    const entry = { ts: Date.now(), service, stream, line };
    this.ring.push(entry);
    if (this.ring.length > this.capacity) this.ring.splice(0, this.ring.length - this.capacity);
    for (const l of this.listeners) l(entry);
    if (!this.dir) return;
    const file = `${this.dir}/${service}.log`;
    try {
      if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > this.maxFileBytes) renameSync(file, `${file}.1`);
      appendFileSync(file, `${new Date(entry.ts).toISOString()} ${stream} ${line}\n`);
    } catch { /* a full or missing disk must not stop supervision */ }
  }

  tail(service: string | undefined, n: number, since = 0): LogLine[] {
    return this.ring.filter((l) => (!service || l.service === service) && l.ts >= since).slice(-n);
  }

  /** NDJSON: the last n lines, then new ones as they come (opens with an empty line; see EventHub). */
  stream(service: string | undefined, n: number, since = 0): ReadableStream<Uint8Array> {
    const enc = new TextEncoder();
    let unsubscribe = () => {};
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        controller.enqueue(enc.encode("\n"));
        for (const l of this.tail(service, n, since)) controller.enqueue(enc.encode(`${JSON.stringify(l)}\n`));
        unsubscribe = this.subscribe((l) => {
          if (service && l.service !== service) return;
          try { controller.enqueue(enc.encode(`${JSON.stringify(l)}\n`)); } catch { unsubscribe(); }
        });
      },
      cancel: () => unsubscribe(),
    });
  }

  subscribe(fn: (l: LogLine) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }
}

/** Splits a byte stream into lines and hands each complete line on. */
export async function pumpLines(stream: ReadableStream<Uint8Array>, onLine: (line: string) => void): Promise<void> {
  const decoder = new TextDecoder();
  let buf = "";
  for await (const chunk of stream) {
    buf += decoder.decode(chunk, { stream: true });
    let i: number;
    while ((i = buf.indexOf("\n")) >= 0) { onLine(buf.slice(0, i).replace(/\r$/, "")); buf = buf.slice(i + 1); }
    if (buf.length > 8192) { onLine(buf); buf = ""; }
  }
  if (buf) onLine(buf);
}
