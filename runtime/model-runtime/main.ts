// Entry point of the model runtime process (`aios model-runtime`). llama.cpp lives only here, so a
// model that aborts the process takes down this runtime, never an agent; the crash marker makes sure
// the same model is quarantined on the next start instead of crashing it again.
import { chmodSync, chownSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { Catalog } from "./catalog.ts";
import { loadRuntimeConfig } from "./config.ts";
import { orDefaults } from "../config/fallback.ts";
import { Engine } from "./engine.ts";
import { Quarantine } from "./quarantine.ts";
import { handler } from "./server.ts";
import { groupId } from "../proc/ids.ts";
import { badHost, hasHost } from "../http/host-check.ts";

export interface RunningRuntime { socketPath: string; stop(): Promise<void> }

/** `testChildEnv`: see Engine — what node-llama-cpp's binary-test child needs (BUN_BE_BUN in the image). */
export async function startRuntime(env: Record<string, string | undefined> = process.env, testChildEnv: Record<string, string> = {}): Promise<RunningRuntime> {
  process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD ??= "true";
  const cfg = orDefaults(() => loadRuntimeConfig(env), () => loadRuntimeConfig(env, "")).value;
  const quarantine = new Quarantine(cfg.stateDir);
  const blamed = quarantine.blameCrash();
  if (blamed) console.error(`model-runtime: quarantined ${blamed}: the previous runtime died while loading it`);
  // The appliance ships no model: the folder exists so an operator can drop a GGUF into it.
  try { mkdirSync(cfg.modelsDir, { recursive: true }); } catch { /* read-only state: the catalog is simply empty */ }
  const catalog = new Catalog(cfg, quarantine);
  await catalog.scan();
  const engine = new Engine(cfg, catalog, testChildEnv);
  mkdirSync(dirname(cfg.socketPath), { recursive: true });
  rmSync(cfg.socketPath, { force: true });
  const handle = handler(catalog, engine);
  // A generation may be silent longer than Bun's 10 s idle timeout: turn it off per request.
  const server = Bun.serve({ unix: cfg.socketPath, fetch: (req, srv) => { if (!hasHost(req)) return badHost(); srv.timeout(req, 0); return handle(req); } });
  // The unprivileged agent host and web console ask the local tier too: root and the aios-ipc group
  // (aios-agent, aios-web) may connect.
  const gid = groupId("aios-ipc");
  try { chmodSync(cfg.socketPath, 0o660); if (gid !== undefined && process.getuid?.() === 0) chownSync(cfg.socketPath, 0, gid); } catch { /* keep the default mode */ }
  return {
    socketPath: cfg.socketPath,
    async stop() { server.stop(true); await engine.dispose(); rmSync(cfg.socketPath, { force: true }); },
  };
}

export async function main(argv: string[] = []): Promise<void> {
  // The image starts the runtime as `BUN_BE_BUN=1 aios model-runtime.js`. Nothing it starts may inherit
  // that, except the one child that must be bun: node-llama-cpp's test of its native binary.
  const beBun = process.env.BUN_BE_BUN;
  delete process.env.BUN_BE_BUN;
  const env = { ...process.env };
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === "--socket") env.AIOS_MODEL_SOCKET = argv[++i];
    else if (argv[i] === "--state-dir") env.AIOS_STATE_DIR = argv[++i];
  }
  const rt = await startRuntime(env, beBun ? { BUN_BE_BUN: beBun } : {});
  // The supervisor (process.ts, or PID 1) waits for this line before sending requests.
  console.log(`ready ${rt.socketPath}`);
  const stop = async () => { await rt.stop(); process.exit(0); };
  process.on("SIGTERM", () => void stop());
  process.on("SIGINT", () => void stop());
}

if (import.meta.main) await main(process.argv.slice(2));
