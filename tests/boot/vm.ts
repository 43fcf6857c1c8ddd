// A booted appliance under test: QEMU with its serial console on a unix socket, which we read into a
// transcript and match against (expect on "\nMARKER", not on the echoed command).
import type { Subprocess } from "bun";
import { rmSync } from "node:fs";
import { qemuArgs, type VmOptions } from "../../build/qemu/args.ts";

export class Vm {
  transcript = "";
  private proc?: Subprocess;
  private sock?: { write(d: string): number; end(): void };
  private waiters: (() => void)[] = [];
  exitCode?: number;

  constructor(readonly opts: Omit<VmOptions, "serial"> & { socket: string; log?: string }) {}

  async start(): Promise<void> {
    rmSync(this.opts.socket, { force: true });
    this.proc = Bun.spawn(qemuArgs({ ...this.opts, serial: { socket: this.opts.socket, log: this.opts.log } }), { stdio: ["ignore", "pipe", "pipe"] });
    void this.proc.exited.then((c) => { this.exitCode = c; this.wake(); });
    for (let i = 0; i < 200; i++) {
      try {
        this.sock = await Bun.connect({ unix: this.opts.socket, socket: { data: (_s, d) => { this.transcript += d.toString(); this.wake(); } } });
        return;
      } catch { await Bun.sleep(50); }
    }
    throw new Error(`QEMU did not open ${this.opts.socket}: ${await new Response(this.proc.stderr as ReadableStream).text()}`);
  }

  private wake() { const w = this.waiters; this.waiters = []; w.forEach((f) => f()); }

  /** Waits until the transcript after `from` matches; returns the match and where it ended. */
  async expect(pattern: RegExp | string, timeoutMs: number, from = 0): Promise<{ match: RegExpExecArray; end: number }> {
    const re = typeof pattern === "string" ? new RegExp(pattern.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")) : pattern;
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const m = re.exec(this.transcript.slice(from));
      if (m) return { match: m, end: from + m.index + m[0].length };
      if (this.exitCode !== undefined) throw new Error(`VM exited (${this.exitCode}) before ${re}; transcript tail:\n${this.transcript.slice(-3000)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${re}; transcript tail:\n${this.transcript.slice(-3000)}`);
      await new Promise<void>((r) => { this.waiters.push(r); setTimeout(r, 500); });
    }
  }

  send(line: string): number { const at = this.transcript.length; this.sock?.write(`${line}\r`); return at; }

  /** Sends a line and waits for its answer, marked by the next prompt. */
  async chat(line: string, timeoutMs = 60_000): Promise<string> {
    const at = this.send(line);
    const { end } = await this.expect(/\naios> $|\naios> /, timeoutMs, at + line.length);
    return this.transcript.slice(at, end);
  }

  async waitExit(timeoutMs: number): Promise<number> {
    const t = setTimeout(() => this.proc?.kill("SIGKILL"), timeoutMs);
    const code = await this.proc!.exited;
    clearTimeout(t);
    return code;
  }

  /** One QMP command on the socket given as `qmp` (after the greeting and capabilities handshake). */
  async qmp(command: string): Promise<unknown> {
    if (!this.opts.qmp) throw new Error("this VM was started without a QMP socket");
    let buf = "";
    const replies: unknown[] = [];
    let wake = () => {};
    const sock = await Bun.connect({ unix: this.opts.qmp, socket: { data: (_s, d) => {
      buf += d.toString();
      const lines = buf.split("\n");
      buf = lines.pop()!;
      for (const l of lines) if (l.trim()) { const m = JSON.parse(l) as { return?: unknown; error?: unknown }; if ("return" in m || "error" in m || "QMP" in m) replies.push(m); }
      wake();
    } } });
    const next = async (n: number) => { while (replies.length < n) await new Promise<void>((r) => { wake = r; setTimeout(r, 1000); }); return replies[n - 1]; };
    await next(1); // greeting
    sock.write(JSON.stringify({ execute: "qmp_capabilities" }));
    await next(2);
    sock.write(JSON.stringify({ execute: command }));
    const reply = await next(3);
    sock.end();
    return reply;
  }

  kill(): void { this.sock?.end(); this.proc?.kill("SIGKILL"); }
}
