// Starts and supervises the model runtime child process. This is the one module of runtime/models
// that spawns a process (Bun.spawn): llama.cpp must live in its own process so an abort cannot take
// the caller down. A crashed runtime is restarted on the next request, not in a hot loop.
import { cleanEnv } from "../../proc/exec.ts";
import { SystemError, TimeoutError } from "../../errors.ts";
import type { Subprocess } from "bun";

export interface RuntimeProcessOptions {
  socketPath: string;
  stateDir: string;
  /** argv of the runtime; defaults to this Bun running runtime/model-runtime/main.ts from source. */
  command?: string[];
  env?: Record<string, string>;
  startTimeoutMs?: number;
}

export class RuntimeProcess {
  private proc?: Subprocess<"ignore", "pipe", "pipe">;
  private starting?: Promise<void>;
  private stderrTail = "";
  /** How the last run ended, for status and error messages. */
  lastExit?: { code: number | null; signal: string | null; stderr: string };
  restarts = 0;

  constructor(private readonly opts: RuntimeProcessOptions) {}

  get running() { return !!this.proc && this.proc.exitCode === null && this.proc.signalCode === null; }
  get pid() { return this.proc?.pid; }

  /**
   * Starts the runtime if it is not running; resolves once it printed its ready line. After a failed
   * start, callers get that failure again without a new spawn until the back-off (1 s doubling to
   * 60 s) has passed, so a runtime that cannot start is not respawned on every question.
   */
  ensureStarted(): Promise<void> {
    if (this.running && !this.starting) return Promise.resolve();
    if (this.startFailure && Date.now() < this.retryAt) return Promise.reject(this.startFailure);
    this.starting ??= this.spawn().then(
      () => { this.startFailure = undefined; this.backoffMs = 0; },
      (err) => {
        this.startFailure = err;
        this.backoffMs = Math.min(60_000, Math.max(1000, this.backoffMs * 2));
        this.retryAt = Date.now() + this.backoffMs;
        throw err;
      },
    ).finally(() => { this.starting = undefined; });
    return this.starting;
  }
  private startFailure?: unknown;
  private backoffMs = 0;
  private retryAt = 0;

  private async spawn() {
    if (this.lastExit) this.restarts++;
    const command = this.opts.command ?? [process.execPath, new URL("../../model-runtime/main.ts", import.meta.url).pathname];
    const proc = Bun.spawn(command, {
      env: cleanEnv({
        AIOS_MODEL_SOCKET: this.opts.socketPath, AIOS_STATE_DIR: this.opts.stateDir, NODE_LLAMA_CPP_SKIP_DOWNLOAD: "true",
        GGML_NO_BACKTRACE: "1", // an abort otherwise attaches gdb for a backtrace: seconds, for nothing
        ...(process.env.AIOS_MODELS_CONFIG ? { AIOS_MODELS_CONFIG: process.env.AIOS_MODELS_CONFIG } : {}),
        ...this.opts.env,
      }),
      stdin: "ignore", stdout: "pipe", stderr: "pipe",
    });
    this.proc = proc;
    this.stderrTail = "";
    void this.collectStderr(proc);
    void proc.exited.then((code) => { this.lastExit = { code, signal: proc.signalCode === null ? null : String(proc.signalCode), stderr: this.stderrTail.trim() }; });
    const timeoutMs = this.opts.startTimeoutMs ?? 30_000;
    const reader = proc.stdout.getReader();
    let seen = "";
    const timer = setTimeout(() => proc.kill("SIGKILL"), timeoutMs);
    try {
      while (!seen.includes("ready ")) {
        const { value, done } = await reader.read();
        if (done) {
          const why = proc.signalCode === "SIGKILL" ? new TimeoutError(`model runtime did not become ready within ${timeoutMs} ms`) : undefined;
          await proc.exited;
          throw why ?? new SystemError(`model runtime exited before ready (code ${proc.exitCode}): ${this.stderrTail.trim().split("\n").slice(-3).join(" | ")}`, "run `aios model-runtime` by hand to see its output");
        }
        seen += new TextDecoder().decode(value);
      }
    } finally {
      clearTimeout(timer);
      reader.releaseLock();
    }
    void proc.stdout.pipeTo(new WritableStream()).catch(() => {}); // keep draining so the child never blocks
  }

  private async collectStderr(proc: Subprocess<"ignore", "pipe", "pipe">) {
    const decoder = new TextDecoder();
    for await (const chunk of proc.stderr) this.stderrTail = (this.stderrTail + decoder.decode(chunk)).slice(-4000);
  }

  /** After a refused connection: give a dying child a moment to be reaped, then say whether it is gone. */
  async settled(ms = 2000): Promise<boolean> {
    const proc = this.proc;
    if (!proc) return true;
    await Promise.race([proc.exited, Bun.sleep(ms)]);
    return !this.running;
  }

  async stop() {
    const proc = this.proc;
    if (!proc || !this.running) return;
    proc.kill("SIGTERM");
    const killer = setTimeout(() => proc.kill("SIGKILL"), 5000);
    await proc.exited;
    clearTimeout(killer);
  }
}
