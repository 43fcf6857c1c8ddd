// The audit recorder as a service under a real aios init: boot's state changes and later restarts land
// in the hash-chained log, a restarted recorder records nothing twice, and a stream that ends (or an
// init that starts over) is followed again from the right place.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { Memory } from "../../../runtime/memory/index.ts";
import type { InitUnderTest } from "../init/fixture.ts";
import { bun, repo, startAppliance, stateEntries } from "./fixture.ts";

type Data = { seq: number; at: number; from: string; to: string; reason: string | null; pid: number | null };
const data = (e: { data: unknown }) => e.data as Data;

describe("audit recorder under aios init", () => {
  let init: InitUnderTest;
  beforeAll(async () => { init = await startAppliance(); });
  afterAll(async () => { await init.stop(); });

  it("records boot's state changes, its own readiness included, and the chain verifies", async () => {
    const entries = await init.until(async () => stateEntries(init), (es) => es.some((e) => e.subject === "audit" && data(e).to === "ready"));
    expect(entries.some((e) => e.subject === "alpha" && data(e).to === "ready")).toBe(true);
    expect(entries.every((e) => e.actor === "init")).toBe(true);
    const log = AuditLog.open(`${init.dir}/audit.db`, { readonly: true });
    expect(log.verify()).toMatchObject({ ok: true });
    log.db.close();
  });

  it("adds entries when a service restarts", async () => {
    const before = stateEntries(init).filter((e) => e.subject === "alpha").length;
    const pid = (await init.service("alpha")).pid;
    await init.call("POST", "/v1/services/alpha/restart");
    const after = await init.until(async () => stateEntries(init).filter((e) => e.subject === "alpha"), (es) => es.length > before && data(es.at(-1)!).to === "ready");
    const news = after.slice(before).map(data);
    expect(news.map((d) => d.to)).toContain("stopping");
    expect(news.at(-1)!.pid).not.toBe(pid);
    const memory = Memory.open(`${init.dir}/aios.db`);
    const found = await memory.search("alpha stopping");
    memory.db.close();
    expect(found.hits.some((h) => h.tier === "operational" && h.text.includes("service alpha ready -> stopping"))).toBe(true);
  });

  it("records nothing twice when the recorder itself restarts", async () => {
    await init.call("POST", "/v1/services/audit/restart");
    await init.until(async () => stateEntries(init).filter((e) => e.subject === "audit" && data(e).to === "ready").length, (n) => n >= 2);
    await init.call("POST", "/v1/services/alpha/restart"); // a change after the restart is still seen
    const entries = await init.until(async () => stateEntries(init), (es) => es.filter((e) => e.subject === "alpha" && data(e).to === "ready").length >= 3);
    const seqs = entries.map((e) => data(e).seq);
    expect(new Set(seqs).size).toBe(seqs.length);
  });
});

describe("audit recorder against a stream that ends", () => {
  it("reconnects from the last recorded event, and from the start when init started over", async () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-rec-`);
    const socket = `${dir}/init.sock`;
    // A stand-in init whose event ring can be replaced (as by a new init) and whose stream ends on demand.
    let ring: { seq: number; ts: number; service: string; from: string; to: string; reason: null; pid: null }[] = [];
    const ev = (seq: number, ts: number, to: string) => ({ seq, ts, service: "svc", from: "x", to, reason: null, pid: null });
    const streams = new Set<ReadableStreamDefaultController<Uint8Array>>();
    const follows: number[] = [];
    let notified = 0;
    const enc = new TextEncoder();
    const server = Bun.serve({
      unix: socket,
      idleTimeout: 0,
      async fetch(req: Request) {
        const url = new URL(req.url);
        if (url.pathname === "/v1/notify") { notified += 1; return Response.json({ ok: true }); }
        const since = Number(url.searchParams.get("since") ?? 0);
        const events = ring.filter((e) => e.seq > since);
        if (url.searchParams.get("follow") !== "1") return Response.json({ events });
        follows.push(since);
        return new Response(new ReadableStream<Uint8Array>({
          start(c) { c.enqueue(enc.encode(`\n${events.map((e) => `${JSON.stringify(e)}\n`).join("")}`)); streams.add(c); },
        }));
      },
    } as unknown as Parameters<typeof Bun.serve>[0]);
    const endStreams = () => { for (const c of streams) c.close(); streams.clear(); };
    const push = (e: ReturnType<typeof ev>) => { ring.push(e); for (const c of streams) c.enqueue(enc.encode(`${JSON.stringify(e)}\n`)); };
    const recorded = () => {
      const log = AuditLog.open(`${dir}/audit.db`, { readonly: true });
      try { return log.tail(1000, "service.state").map((e) => data(e)); } finally { log.db.close(); }
    };
    const until = async <T>(fn: () => T, pred: (v: T) => boolean) => { for (;;) { const v = fn(); if (pred(v)) return v; await Bun.sleep(25); } };

    ring = [ev(1, 1000, "starting"), ev(2, 1001, "ready")];
    const rec = Bun.spawn([bun, `${repo}/main.ts`, "audit-recorder"], {
      env: { ...process.env, AIOS_CONTROL: socket, AIOS_STATE_DIR: dir, AIOS_SERVICE: "audit" }, stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      await until(() => notified, (n) => n === 1);
      await until(() => { try { return recorded().length; } catch { return 0; } }, (n) => n === 2);

      endStreams(); // the same init ends the stream: the recorder comes back after seq 2
      await until(() => follows.length, (n) => n === 2);
      expect(follows).toEqual([0, 2]);
      push(ev(3, 1002, "stopping"));
      await until(() => recorded().length, (n) => n === 3);

      ring = [ev(1, 5000, "starting")]; // init started over: seqs from 1 again, other times
      endStreams();
      await until(() => follows.length, (n) => n === 3);
      expect(follows[2]).toBe(0);
      const all = await until(recorded, (r) => r.length === 4);
      expect(all.map((d) => [d.seq, d.at, d.to])).toEqual([[1, 1000, "starting"], [2, 1001, "ready"], [3, 1002, "stopping"], [1, 5000, "starting"]]);
      expect(notified).toBe(1); // ready once, not on every reconnect
    } finally {
      rec.kill("SIGTERM");
      await rec.exited;
      server.stop(true);
    }
  });

  it("records the audit chain with aios.db damaged (memory off), instead of crash-looping", async () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-rec-bad-`);
    writeFileSync(`${dir}/aios.db`, Buffer.alloc(8192, 0x42)); // not a database at all
    const socket = `${dir}/init.sock`;
    const events = [1, 2, 3].map((seq) => ({ seq, ts: 1000 + seq, service: "svc", from: "x", to: "ready", reason: null, pid: null }));
    let notified = 0;
    const server = Bun.serve({
      unix: socket, idleTimeout: 0,
      fetch(req: Request) {
        const url = new URL(req.url);
        if (url.pathname === "/v1/notify") { notified += 1; return Response.json({ ok: true }); }
        if (url.searchParams.get("follow") !== "1") return Response.json({ events: [] });
        return new Response(new ReadableStream<Uint8Array>({ start(c) { c.enqueue(new TextEncoder().encode(`\n${events.map((e) => `${JSON.stringify(e)}\n`).join("")}`)); } }));
      },
    } as unknown as Parameters<typeof Bun.serve>[0]);
    const rec = Bun.spawn([bun, `${repo}/main.ts`, "audit-recorder"], {
      env: { ...process.env, AIOS_CONTROL: socket, AIOS_STATE_DIR: dir, AIOS_SERVICE: "audit" }, stdio: ["ignore", "ignore", "pipe"],
    });
    try {
      for (;;) {
        let n = 0;
        try { const log = AuditLog.open(`${dir}/audit.db`, { readonly: true }); n = log.tail(10).length; log.db.close(); } catch { /* not yet */ }
        if (n === 3 && notified === 1) break;
        if (rec.exitCode !== null) throw new Error(`the recorder exited ${rec.exitCode}`);
        await Bun.sleep(25);
      }
    } finally {
      rec.kill("SIGTERM");
      await rec.exited;
      server.stop(true);
    }
    expect(await new Response(rec.stderr).text()).toMatch(/no operational memory \(database damaged: .*aios\.db\); recording the audit log only/);
  });
});
