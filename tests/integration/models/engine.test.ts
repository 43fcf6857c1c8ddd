// The engine in-process on healthy generated models: load on demand, the memory budget evicts the
// least recently used model, idle models are unloaded.
import { rmSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Catalog } from "../../../runtime/model-runtime/catalog.ts";
import { loadRuntimeConfig } from "../../../runtime/model-runtime/config.ts";
import { Engine } from "../../../runtime/model-runtime/engine.ts";
import { Quarantine } from "../../../runtime/model-runtime/quarantine.ts";
import { makeStateDir, type ModelFixture } from "./fixtures.ts";

let fx: ModelFixture;
let engine: Engine;
let catalog: Catalog;
const hi = [{ role: "user" as const, content: "hi" }];

beforeAll(async () => {
  process.env.NODE_LLAMA_CPP_SKIP_DOWNLOAD = "true";
  // Each tiny model needs ~1 MiB weights + KV + 16 MiB overhead: a 20 MiB budget holds exactly one.
  fx = makeStateDir({ only: ["scripted-text", "scripted-call"], memoryBudgetMb: 20 });
  const cfg = loadRuntimeConfig({ AIOS_MODELS_CONFIG: fx.configPath, AIOS_STATE_DIR: fx.stateDir });
  catalog = new Catalog(cfg, new Quarantine(cfg.stateDir));
  await catalog.scan();
  engine = new Engine({ ...cfg, idleUnloadMs: 0 }, catalog);
});
afterAll(async () => { await engine?.dispose(); rmSync(fx.stateDir, { recursive: true, force: true }); });

describe("engine", () => {
  it("loads on demand and evicts the least recently used model to stay within the budget", async () => {
    expect(engine.isLoaded("scripted-text")).toBe(false);
    await engine.chat({ model: "scripted-text", messages: hi, maxTokens: 8 });
    expect(engine.isLoaded("scripted-text")).toBe(true);
    expect(catalog.get("scripted-text")!.status).toBe("loaded");
    await engine.chat({ model: "scripted-call", messages: hi, maxTokens: 8 });
    expect(engine.isLoaded("scripted-call")).toBe(true);
    expect(engine.isLoaded("scripted-text")).toBe(false);
    expect(catalog.get("scripted-text")!.status).toBe("available");
  });

  it("unloads models idle for longer than the limit", async () => {
    await engine.unloadIdle(Date.now() + 1);
    expect(engine.isLoaded("scripted-call")).toBe(false);
  });
});
