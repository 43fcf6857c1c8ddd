// Builds a throwaway state directory with generated GGUF models (never committed): scripted models for
// exact assertions, a random one, and the broken files the runtime must survive.
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { tinyLlama } from "../../fixtures/gguf/tiny-llama.ts";

export const CALL = { name: "restart_service", arguments: { unit: "nginx" } };
export const CALL_TEXT = JSON.stringify(CALL);
export const TEXT_SCRIPT = ["Hello", " from", " aiOS"];
export const VERDICT = { verdict: "restart", confidence: 0.9 };

export interface ModelFixture { stateDir: string; modelsDir: string; configPath: string; socketPath: string }

export function makeStateDir(opts: { broken?: boolean; memoryBudgetMb?: number; only?: string[]; extraToml?: string[] } = {}): ModelFixture {
  const stateDir = mkdtempSync(join(tmpdir(), "aios-models-"));
  const modelsDir = join(stateDir, "models");
  mkdirSync(modelsDir);
  const put = (name: string, bytes: Uint8Array) => { if (!opts.only || opts.only.includes(name)) writeFileSync(join(modelsDir, `${name}.gguf`), bytes); };
  put("scripted-call", tinyLlama({ seed: 11, script: [CALL_TEXT] }).bytes);
  put("scripted-text", tinyLlama({ seed: 12, script: TEXT_SCRIPT }).bytes);
  put("scripted-verdict", tinyLlama({ seed: 13, script: [JSON.stringify(VERDICT)] }).bytes);
  put("random", tinyLlama({ seed: 14, nEmbd: 96 }).bytes);
  if (opts.broken) {
    const good = tinyLlama({ seed: 15 }).bytes;
    put("truncated", good.slice(0, Math.floor(good.length / 2)));
    put("garbage", new TextEncoder().encode("this is not a model at all, just text"));
    put("no-ffn", tinyLlama({ seed: 16, omitKeys: ["llama.feed_forward_length"] }).bytes);
    put("extra-tensor", tinyLlama({ seed: 17, extraTensor: true }).bytes);
    // Passes every metadata check, then GGML_ASSERTs inside llama.cpp: aborts the whole process.
    put("zero-heads", tinyLlama({ seed: 18, overrideU32: { "llama.attention.head_count": 0 } }).bytes);
  }
  const configPath = join(stateDir, "models.toml");
  writeFileSync(configPath, [
    "[runtime]", 'profile = "minimal"', "threads = 1", "context_size = 256",
    ...(opts.memoryBudgetMb ? [`memory_budget_mb = ${opts.memoryBudgetMb}`] : []),
    "[tiers]", "small_max_params = 200000", "medium_max_params = 1000000",
    ...(opts.extraToml ?? []),
  ].join("\n"));
  // Unix socket paths are limited to ~107 bytes: keep it short.
  const socketPath = join(stateDir, "m.sock");
  return { stateDir, modelsDir, configPath, socketPath };
}
