// The catalog decides about models without llama.cpp: tiers by size, the memory budget, remembered
// quarantine (cleared by a new file) and the crash marker left by a runtime that died mid-load.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { Catalog } from "../../../runtime/model-runtime/catalog.ts";
import { DEFAULT_TIERS, type RuntimeConfig } from "../../../runtime/model-runtime/config.ts";
import { Quarantine } from "../../../runtime/model-runtime/quarantine.ts";

const root = mkdtempSync(join(tmpdir(), "aios-catalog-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function setup(name: string, budgetBytes = 1 << 30): { cfg: RuntimeConfig; put: (id: string, bytes: Uint8Array) => string } {
  const dir = join(root, name);
  mkdirSync(join(dir, "models"), { recursive: true });
  const cfg: RuntimeConfig = {
    socketPath: join(dir, "s"), modelsDir: join(dir, "models"), stateDir: join(dir, "state"), profile: "minimal",
    memoryBudgetBytes: budgetBytes, threads: 1, idleUnloadMs: 0, contextSize: 256,
    tiers: [{ tier: "local-small", maxParams: 200_000 }, ...DEFAULT_TIERS.slice(1)],
  };
  return { cfg, put: (id, bytes) => { const p = join(cfg.modelsDir, `${id}.gguf`); writeFileSync(p, bytes); return p; } };
}

describe("model catalog", () => {
  it("tiers models by parameter count", async () => {
    const { cfg, put } = setup("tiers");
    put("small", tinyLlama({ seed: 1 }).bytes);
    put("bigger", tinyLlama({ seed: 2, nEmbd: 128 }).bytes);
    const list = await new Catalog(cfg, new Quarantine(cfg.stateDir)).scan();
    expect(Object.fromEntries(list.map((e) => [e.id, e.tier]))).toEqual({ bigger: "local-medium", small: "local-small" });
  });

  it("quarantines a model larger than the profile's memory budget, saying by how much", async () => {
    const { cfg, put } = setup("budget", 512 * 1024);
    put("big", tinyLlama({ seed: 1 }).bytes);
    const [e] = await new Catalog(cfg, new Quarantine(cfg.stateDir)).scan();
    expect(e!.status).toBe("quarantined");
    expect(e!.reason).toMatch(/^needs \d+ MiB, more than the minimal profile's model memory budget of 1 MiB$/);
  });

  it("remembers a quarantine across restarts until the file is replaced", async () => {
    const { cfg, put } = setup("remember");
    const path = put("m", tinyLlama({ seed: 1 }).bytes);
    new Quarantine(cfg.stateDir).add(path, "llama.cpp could not load it: boom");
    const [e] = await new Catalog(cfg, new Quarantine(cfg.stateDir)).scan();
    expect(e).toMatchObject({ status: "quarantined", reason: "llama.cpp could not load it: boom" });
    await Bun.sleep(5);
    put("m", tinyLlama({ seed: 3 }).bytes);
    const [fresh] = await new Catalog(cfg, new Quarantine(cfg.stateDir)).scan();
    expect(fresh!.status).toBe("available");
  });

  it("quarantines a model that crashed the runtime twice while running, not once", () => {
    const { cfg, put } = setup("run-crash");
    const path = put("flaky", tinyLlama({ seed: 1 }).bytes);
    new Quarantine(cfg.stateDir).markBusy("run", path);
    const once = new Quarantine(cfg.stateDir);
    expect(once.blameCrash()).toBeUndefined();
    expect(once.reasonFor(path)).toBeUndefined();
    once.markBusy("run", path);
    const twice = new Quarantine(cfg.stateDir);
    expect(twice.blameCrash()).toBe(path);
    expect(twice.reasonFor(path)).toMatch(/died 2 times while running/);
  });

  it("blames the model named by a leftover loading marker", async () => {
    const { cfg, put } = setup("crash");
    const path = put("crasher", tinyLlama({ seed: 1 }).bytes);
    new Quarantine(cfg.stateDir).markBusy("load", path); // the runtime died here
    const q = new Quarantine(cfg.stateDir);
    expect(q.blameCrash()).toBe(path);
    expect(q.blameCrash()).toBeUndefined();
    const [e] = await new Catalog(cfg, q).scan();
    expect(e!.reason).toMatch(/died while loading this model/);
  });
});
