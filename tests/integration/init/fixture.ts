// Runs the real `aios init` (from source) on this host as a child subreaper in a scratch directory,
// with services declared in TOML exactly as on the appliance, and talks to it over its control socket.
import type { Subprocess } from "bun";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { control, type StatusReply } from "../../../runtime/control/client.ts";
import { orderServices } from "../../../init/spec/compile.ts";
import { validateService } from "../../../init/spec/validate.ts";

export const repo = fileURLToPath(new URL("../../..", import.meta.url));
export const bun = `${repo}/node_modules/.bin/bun`;

export class InitUnderTest {
  readonly dir = mkdtempSync(`${tmpdir()}/aios-init-`);
  readonly socket = `${this.dir}/init.sock`;
  readonly readSocket = `${this.dir}/init-read.sock`;
  proc?: Subprocess;
  output = "";

  constructor(services: Record<string, string>, operator: Record<string, string> = {}) {
    const specs = orderServices(Object.entries(services).map(([id, toml]) => validateService(id, toml, `${id}.toml`)));
    writeFileSync(`${this.dir}/services.json`, JSON.stringify({ version: 1, services: specs }));
    mkdirSync(`${this.dir}/ops`);
    for (const [id, toml] of Object.entries(operator)) writeFileSync(`${this.dir}/ops/${id}.toml`, toml);
  }

  get env() {
    return { ...process.env, AIOS_SERVICES: `${this.dir}/services.json`, AIOS_OPERATOR_SERVICES: `${this.dir}/ops`, AIOS_CONTROL: this.socket, AIOS_CONTROL_READ: this.readSocket, AIOS_STATE_DIR: this.dir } as Record<string, string>;
  }

  async start(): Promise<void> {
    this.proc = Bun.spawn([bun, `${repo}/main.ts`, "init"], { env: this.env, stdio: ["ignore", "pipe", "pipe"] });
    void (async () => { for await (const c of this.proc!.stdout as ReadableStream<Uint8Array>) this.output += new TextDecoder().decode(c); })();
    for (let i = 0; i < 200; i++) {
      try { await this.status(); return; } catch { await Bun.sleep(50); }
    }
    throw new Error(`init did not come up: ${await new Response(this.proc.stderr as ReadableStream).text()}`);
  }

  status = () => control<StatusReply>("GET", "/v1/status", undefined, this.socket);
  service = async (id: string) => (await this.status()).services.find((s) => s.name === id)!;
  call = <T>(method: "GET" | "POST", path: string, body?: unknown) => control<T>(method, path, body, this.socket);

  /** Polls until `pred` holds (tests have no timed assertions; the test timeout bounds this). */
  async until<T>(fn: () => Promise<T>, pred: (v: T) => boolean): Promise<T> {
    for (;;) {
      const v = await fn();
      if (pred(v)) return v;
      await Bun.sleep(25);
    }
  }

  async stop(): Promise<number> {
    if (!this.proc) return 0;
    this.proc.kill("SIGTERM");
    return await this.proc.exited;
  }
}
