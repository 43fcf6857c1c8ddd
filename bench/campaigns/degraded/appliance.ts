// One appliance's state and config folders on a filesystem the case controls, driven the way an
// operator drives it: the real aiosctl (main.ts ctl) in a child process, and the real state check.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";

export const repo = fileURLToPath(new URL("../../..", import.meta.url));
const bun = process.execPath;

export interface Run { code: number; stdout: string; stderr: string }

/** A stack trace in output: a line like "    at fn (file:1:2)" or a bundle's frames. */
export const hasStack = (s: string) => /^\s+at .+[:(]/m.test(s) || /\n\s*at <anonymous>/.test(s);

export class Appliance {
  readonly etc: string;
  readonly run: string;
  constructor(readonly state: string, root: string) {
    this.etc = join(root, "etc");
    this.run = join(root, "run");
    mkdirSync(this.etc, { recursive: true });
    mkdirSync(this.run, { recursive: true });
    writeFileSync(join(this.etc, "note.toml"), "# a file the tool calls read\n");
  }

  get env(): Record<string, string> {
    return {
      PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: this.run, AIOS_STATE_DIR: this.state, AIOS_CONFIG_DIR: this.etc,
      AIOS_RUN_DIR: this.run, AIOS_CONTROL: join(this.run, "init.sock"), AIOS_SETTLE_MS: "0",
    };
  }

  async aios(...args: string[]): Promise<Run> {
    const p = Bun.spawn([bun, join(repo, "main.ts"), ...args], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { code, stdout, stderr };
  }

  ctl = (...args: string[]) => this.aios("ctl", ...args);

  /** A read-only tool call: it still writes its audit entry, so it needs a writable state disk. */
  toolCall = () => this.ctl("tool", "call", "files.read", "--input", JSON.stringify({ path: join(this.etc, "note.toml") }));

  snapshot = () => this.ctl("snapshot", "--config-only", "campaign");

  /** The audit chain as `aiosctl audit verify --json` sees it. */
  async verify(): Promise<{ ok: boolean; count: number; brokenAt?: number; reason?: string; error?: string }> {
    const r = await this.ctl("audit", "verify", "--json");
    try { return JSON.parse(r.stdout); } catch { return { ok: false, count: 0, error: r.stderr.trim() }; }
  }

  /** Degraded reasons as status shows them (the same function aiosctl status calls). */
  async degraded(): Promise<string[]> {
    const { degradedReasons } = await import("../../../runtime/health/degraded.ts");
    return degradedReasons({ stateDir: this.state, report: join(this.run, "state-check.json") });
  }
}
