// secrets.toml permissions and parsing, models.toml for the runtime and the hierarchy.
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ConfigError } from "../../../runtime/errors.ts";
import { loadHierarchyConfig } from "../../../runtime/models/hierarchy/config.ts";
import { policyFor } from "../../../runtime/models/hierarchy/policy.ts";
import { loadRuntimeConfig, tierForParams } from "../../../runtime/model-runtime/config.ts";
import { loadSecrets } from "../../../runtime/models/secrets/secrets.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-secrets-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = (name: string, text: string, mode = 0o600) => { const p = join(dir, name); writeFileSync(p, text); chmodSync(p, mode); return p; };

describe("secrets.toml", () => {
  it("reads provider keys from a 0600 file", () => {
    const p = file("ok.toml", '[providers.openai]\napi_key = "sk-1"\n[providers.local-vllm]\nbase_url = "http://10.0.0.2:8000/v1"\n');
    expect(loadSecrets(p)).toEqual({ openai: { apiKey: "sk-1", baseUrl: undefined }, "local-vllm": { apiKey: undefined, baseUrl: "http://10.0.0.2:8000/v1" } });
    expect(loadSecrets(join(dir, "absent.toml"))).toEqual({});
  });

  it("refuses a world-readable file and says how to fix it", () => {
    const p = file("open.toml", '[providers.openai]\napi_key = "sk-1"\n', 0o644);
    const err = (() => { try { loadSecrets(p); } catch (e) { return e as ConfigError; } })();
    expect(err).toBeInstanceOf(ConfigError);
    expect(err!.message).toMatch(/mode is 0644; secrets must not be readable/);
    expect(err!.hint).toBe(`run: chmod 600 ${p}`);
  });

  it("names the key that has the wrong type, and bad syntax", () => {
    expect(() => loadSecrets(file("num.toml", "[providers.openai]\napi_key = 42\n"))).toThrow(/providers\.openai\.api_key: must be a string/);
    expect(() => loadSecrets(file("bad.toml", "[providers.openai\napi_key = \n"))).toThrow(/not valid TOML/);
  });
});

describe("models.toml", () => {
  it("configures the runtime: profile budget, threads default 1, tiers by size", () => {
    const p = file("models.toml", '[runtime]\nprofile = "minimal"\n[tiers]\nsmall_max_params = 1000\n');
    const cfg = loadRuntimeConfig({ AIOS_MODELS_CONFIG: p, AIOS_STATE_DIR: "/x" });
    expect(cfg).toMatchObject({ profile: "minimal", memoryBudgetBytes: 1024 * 1048576, threads: 1, modelsDir: "/x/models", socketPath: "/run/aios/models.sock" });
    expect(tierForParams(999, cfg.tiers)).toBe("local-small");
    expect(tierForParams(2e9, cfg.tiers)).toBe("local-medium");
    expect(tierForParams(20e9, cfg.tiers)).toBe("local-large");
    expect(() => loadRuntimeConfig({ AIOS_MODELS_CONFIG: file("bad.toml", '[runtime]\nprofile = "huge"\n') })).toThrow(/unknown profile huge/);
    expect(() => loadRuntimeConfig({ AIOS_MODELS_CONFIG: file("t.toml", "[runtime]\nthreads = 0\n") })).toThrow(/threads: must be a number ≥ 1/);
  });

  it("configures remotes with keys from secrets, budgets and policies", () => {
    const p = file("h.toml", [
      "[[remote]]", 'provider = "anthropic"', 'kind = "anthropic"', 'model = "claude-x"', "input_usd_per_mtok = 3", "output_usd_per_mtok = 15",
      "[budgets.tiers.remote]", "usd_per_day = 2", "[budgets.agents.netd]", "tokens_per_day = 5000",
      "[policy.disk]", 'highest = "remote"', "low_confidence = 0.7", "escalate_on_timeout = false",
    ].join("\n"));
    const cfg = loadHierarchyConfig(p, { anthropic: { apiKey: "ak" } });
    expect(cfg.remotes).toEqual([{ provider: "anthropic", kind: "anthropic", model: "claude-x", apiKey: "ak", baseUrl: "https://api.anthropic.com", pricing: { inputPerMTok: 3, outputPerMTok: 15 }, timeoutMs: 60_000 }]);
    expect(cfg.budgets.tiers?.remote).toEqual({ usdPerDay: 2, tokensPerDay: undefined });
    expect(cfg.budgets.agents?.netd?.tokensPerDay).toBe(5000);
    const policy = policyFor("disk", cfg.policies);
    expect(policy).toMatchObject({ lowest: "reactive", highest: "remote", escalateOn: { lowConfidence: 0.7, timeout: false, unknown: true } });
    expect(() => loadHierarchyConfig(file("x.toml", '[policy.x]\nhighest = "cloud"\n'), {})).toThrow(/policy\.x\.highest: must be one of/);
  });
});
