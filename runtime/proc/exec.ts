// The one module that runs commands for agents, tools, consoles and the build. It gives every command
// a timeout and a clean environment, and a dry context records commands instead of running them.
import { SystemError, TimeoutError } from "../errors.ts";

export interface CommandResult {
  argv: readonly string[];
  code: number;
  stdout: string;
  stderr: string;
  ms: number;
}

export interface RunOptions {
  timeoutMs?: number;
  input?: string;
  env?: Record<string, string>;
  cwd?: string;
  /** Throw SystemError on a non-zero exit (default true). */
  check?: boolean;
}

/** Environment every command gets: no inherited secrets, no BUN_BE_BUN leak. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string> {
  return { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", LANG: "C.UTF-8", HOME: process.env.HOME ?? "/root", ...extra };
}

export interface Runner {
  run(argv: readonly string[], opts?: RunOptions): Promise<CommandResult>;
}

export const realRunner: Runner = {
  async run(argv, opts = {}) {
    const started = performance.now();
    const timeoutMs = opts.timeoutMs ?? 30_000;
    let proc;
    try {
      proc = Bun.spawn([...argv], {
        cwd: opts.cwd,
        env: cleanEnv(opts.env),
        stdin: opts.input === undefined ? "ignore" : new TextEncoder().encode(opts.input),
        stdout: "pipe",
        stderr: "pipe",
      });
    } catch (cause) {
      throw new SystemError(`cannot run ${argv[0]}: ${(cause as Error).message}`, `is ${argv[0]} installed?`, { cause });
    }
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; proc.kill("SIGKILL"); }, timeoutMs);
    const [stdout, stderr, code] = await Promise.all([new Response(proc.stdout).text(), new Response(proc.stderr).text(), proc.exited]);
    clearTimeout(timer);
    const result = { argv, code, stdout, stderr, ms: performance.now() - started };
    if (timedOut) throw new TimeoutError(`${argv.join(" ")} timed out after ${timeoutMs} ms`);
    if (code !== 0 && opts.check !== false) {
      throw new SystemError(`${argv.join(" ")} exited ${code}: ${stderr.trim().split("\n").slice(-3).join(" | ")}`);
    }
    return result;
  },
};

/**
 * Runs a program on this process's own terminal (stdin/stdout/stderr inherited) and waits for it:
 * the console's root shell. Returns its exit code.
 */
export async function runInteractive(argv: readonly string[], env: Record<string, string> = {}): Promise<number> {
  const proc = Bun.spawn([...argv], { stdio: ["inherit", "inherit", "inherit"], env: { ...cleanEnv(), TERM: process.env.TERM ?? "linux", ...env } });
  return await proc.exited;
}

/** A program on its own pseudo-terminal: bytes in with write, bytes out through `data`. */
export interface Pty {
  readonly pid: number;
  write(data: string | Uint8Array): void;
  resize(cols: number, rows: number): void;
  /** Closes the terminal (the kernel hangs up its session: SIGHUP), then SIGKILL after `graceMs`. */
  hangup(graceMs?: number): void;
  /** How it ended: an exit code, or the signal that ended it. */
  readonly exited: Promise<{ code: number | null; signal: string | null }>;
}

export interface PtyOptions { cols: number; rows: number; cwd?: string; env?: Record<string, string>; data: (bytes: Uint8Array) => void }

/**
 * Runs a program on a new pseudo-terminal with a clean environment (TERM=xterm-256color): the web
 * console's root shell. Bun's own PTY (node-pty dies under Bun, see shared/PLATFORM.md).
 */
export function spawnPty(argv: readonly string[], o: PtyOptions): Pty {
  let proc;
  try {
    proc = Bun.spawn([...argv], { cwd: o.cwd, env: cleanEnv({ TERM: "xterm-256color", ...o.env }), terminal: { cols: o.cols, rows: o.rows, name: "xterm-256color", data: (_t, d) => o.data(d) } });
  } catch (cause) {
    throw new SystemError(`cannot run ${argv[0]} on a terminal: ${(cause as Error).message}`, `is ${argv[0]} installed?`, { cause });
  }
  const term = proc.terminal!;
  // The terminal outlives the process unless closed, and keeps the event loop alive.
  const exited = proc.exited.then(() => { if (!term.closed) term.close(); return { code: proc.exitCode, signal: proc.signalCode === null ? null : String(proc.signalCode) }; });
  return {
    pid: proc.pid,
    write: (d) => { if (!term.closed) term.write(d); },
    resize: (cols, rows) => { if (!term.closed) term.resize(cols, rows); },
    hangup: (graceMs = 2000) => {
      if (!term.closed) term.close();
      const timer = setTimeout(() => proc.kill("SIGKILL"), graceMs);
      void exited.then(() => clearTimeout(timer));
    },
    exited,
  };
}

/** Records commands and answers them with canned results; for dry runs and effect previews. */
export class DryRunner implements Runner {
  readonly calls: (readonly string[])[] = [];
  constructor(private readonly answer: (argv: readonly string[]) => Partial<CommandResult> = () => ({})) {}
  async run(argv: readonly string[]): Promise<CommandResult> {
    this.calls.push(argv);
    return { argv, code: 0, stdout: "", stderr: "", ms: 0, ...this.answer(argv) };
  }
}
