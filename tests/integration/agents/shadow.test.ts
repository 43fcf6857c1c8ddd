// Shadow replay with real llama.cpp: two decisions recorded by real agent cycles (the rules rewrote
// a.conf and b.conf) are asked again of a scripted tiny GGUF that always answers "rewrite a.conf".
// It agrees on one and disagrees on the other, and nothing is executed: the chain, the files and the
// decision log are exactly as before.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { runShadow } from "../../../agents/provenance/shadow-run.ts";
import { renderShadow } from "../../../consoles/render/decisions.ts";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";
import { world, type World } from "../../fixtures/agents-world.ts";
import { makeStateDir, type ModelFixture } from "../models/fixtures.ts";

let fx: ModelFixture;
let w: World;

beforeAll(async () => {
  fx = makeStateDir({ only: [] });
  w = world({ dir: fx.stateDir });
  const answer = { action: "rewrite", params: { path: join(w.files, "a.conf") }, reason: "the file is bad" };
  writeFileSync(join(fx.modelsDir, "scripted-decision.gguf"), tinyLlama({ seed: 21, script: [JSON.stringify(answer)], contextLength: 4096 }).bytes);
  // A decision prompt (the action menu, the finding as JSON) is longer than the fixture's 256 tokens.
  writeFileSync(fx.configPath, readFileSync(fx.configPath, "utf8").replace("context_size = 256", "context_size = 4096"));
  writeFileSync(join(w.files, "a.conf"), "bad\n");
  writeFileSync(join(w.files, "b.conf"), "bad\n");
  writeFileSync(join(w.files, "c.conf"), "odd\n");
  await w.cycle();
});
afterAll(async () => { await w?.close(); });

describe("aiosctl shadow", () => {
  it("replays recorded decisions through a local model without acting and reports agreement per type", async () => {
    const head = w.ex.sys.audit.head();
    const logged = w.decisions.list().length;
    const files = ["a", "b", "c"].map((n) => readFileSync(join(w.files, `${n}.conf`), "utf8"));
    const r = await runShadow({ model: "scripted-decision", limit: 10 }, w.agentsDb, {
      spawnRuntime: true, socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath, secretsPath: join(fx.stateDir, "secrets.toml"),
    });
    console.info(`--- aiosctl shadow scripted-decision\n${renderShadow(r)}`);
    expect(r.model).toMatchObject({ id: "scripted-decision", tier: "local-small", provider: "local" });
    expect(r).toMatchObject({ replayed: 3, agree: 1, disagree: 1, notComparable: 1, agreement: 0.5 });
    expect(r.byType["test.bad"]).toMatchObject({ replayed: 2, agree: 1, disagree: 1, agreement: 0.5 });
    expect(r.byType["test.odd"]).toMatchObject({ replayed: 1, notComparable: 1, agreement: null });
    expect(r.disagreements).toHaveLength(1);
    expect(r.disagreements[0]).toMatchObject({ type: "test.bad", verdict: "disagree", decidedBy: "reactive rules/test.bad/rewrite" });
    expect(r.disagreements[0]!.decided).toContain("b.conf");
    expect(r.disagreements[0]!.shadow).toContain("a.conf");
    // Nothing was executed or recorded.
    expect(w.ex.sys.audit.head()).toEqual(head);
    expect(w.decisions.list()).toHaveLength(logged);
    expect(["a", "b", "c"].map((n) => readFileSync(join(w.files, `${n}.conf`), "utf8"))).toEqual(files);
    await expect(runShadow({ model: "no-such-model" }, w.agentsDb, { socketPath: fx.socketPath, stateDir: fx.stateDir, configPath: fx.configPath })).rejects.toThrow(/no model "no-such-model"/);
  });
});
