// Readiness probes: is a started service actually ready to serve its dependents?
import { existsSync } from "node:fs";
import { connect } from "node:net";
import type { Readiness } from "./spec/types.ts";

function canConnect(opts: { port: number; host: string } | { path: string }): Promise<boolean> {
  return new Promise((resolve) => {
    const sock = connect(opts as never);
    const done = (ok: boolean) => { sock.destroy(); resolve(ok); };
    sock.once("connect", () => done(true));
    sock.once("error", () => done(false));
    sock.setTimeout(1000, () => done(false));
  });
}

/** One probe attempt; "notify" and "started" are decided by the supervisor, not probed. */
export async function probe(ready: Readiness): Promise<boolean> {
  switch (ready.kind) {
    case "started": return true;
    case "notify": return false;
    case "file": return existsSync(ready.path);
    case "tcp": return canConnect({ port: ready.port, host: ready.host });
    case "unix": return existsSync(ready.path) && canConnect({ path: ready.path });
    case "http":
      try {
        const res = await fetch(ready.url, { signal: AbortSignal.timeout(2000) });
        return res.ok;
      } catch { return false; }
  }
}

/** Probe interval grows from 20 ms to 500 ms so fast services are seen fast and slow ones cost little. */
export const probeDelay = (attempt: number) => Math.min(500, 20 * 2 ** Math.min(attempt, 5));
