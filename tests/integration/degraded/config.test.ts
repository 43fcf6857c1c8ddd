// Corrupt configuration files on disk: the services that read them start with the defaults, and the
// problem is reported with file:line:key (models.toml, secrets.toml; agents/*.toml is in
// agents/spec/image.test.ts; config.toml in tests/unit/config).
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { orDefaults } from "../../../runtime/config/fallback.ts";
import { loadRuntimeConfig } from "../../../runtime/model-runtime/config.ts";
import { createIntelligence } from "../../../runtime/models/index.ts";

const dir = mkdtempSync(join(tmpdir(), "aios-badconfig-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

function stack(models: string, secrets?: { text: string; mode: number }) {
  const configPath = join(dir, "models.toml"), secretsPath = join(dir, "secrets.toml");
  writeFileSync(configPath, models);
  rmSync(secretsPath, { force: true });
  if (secrets) { writeFileSync(secretsPath, secrets.text); chmodSync(secretsPath, secrets.mode); }
  const said: string[] = [];
  const orig = console.error;
  console.error = (l: string) => said.push(l);
  try {
    return { s: createIntelligence({ configPath, secretsPath, stateDir: dir, dbPath: join(dir, "aios.db"), socketPath: join(dir, "none.sock") }), said, configPath, secretsPath };
  } finally { console.error = orig; }
}

describe("corrupt configuration files", () => {
  it("models.toml with a syntax error: the hierarchy starts on its defaults and names file:line", async () => {
    const { s, said, configPath } = stack('[budgets]\ntiers = {}\n[[remote]\nprovider = "x"\n');
    const st = await s.status();
    expect(st.configProblems).toEqual([expect.stringMatching(new RegExp(`^${configPath}:3: \\(syntax\\): not valid TOML`))]);
    expect(st.models.filter((m) => m.provider !== "local")).toEqual([]); // no remote models from a file that did not parse
    expect(said[0]).toMatch(/using the defaults instead/);
    await s.close();
  });

  it("models.toml with a bad value: file:line:key of that value", async () => {
    const { s, configPath } = stack('# remote models\n[[remote]]\nprovider = "openai"\nkind = "nope"\nmodel = "m"\n');
    expect((await s.status()).configProblems).toEqual([`${configPath}:4: remote[0].kind: must be openai or anthropic`]);
    await s.close();
  });

  it("secrets.toml readable by others, or not TOML: no keys (remote tiers off), the file named", async () => {
    const loose = stack('[[remote]]\nprovider = "openai"\nmodel = "m"\n', { text: '[providers.openai]\napi_key = "sk-x"\n', mode: 0o644 });
    expect((await loose.s.status()).configProblems).toEqual([expect.stringContaining(`${loose.secretsPath}: (permissions): mode is 0644`)]);
    await loose.s.close();
    const bad = stack("", { text: '[providers.openai]\napi_key = sk-x\n', mode: 0o600 });
    expect((await bad.s.status()).configProblems).toEqual([expect.stringMatching(new RegExp(`^${bad.secretsPath}:2: \\(file\\): not valid TOML`))]);
    await bad.s.close();
  });

  it("the model runtime's part of models.toml: a bad value names runtime.<key> and its line, the defaults run", () => {
    const file = join(dir, "runtime.toml");
    writeFileSync(file, '[runtime]\nprofile = "minimal"\nthreads = "four"\n');
    const problems: string[] = [];
    const cfg = orDefaults(() => loadRuntimeConfig(process.env, file), () => loadRuntimeConfig(process.env, ""), (e) => problems.push(e.message)).value;
    expect(problems).toEqual([`${file}:3: runtime.threads: must be a number ≥ 1, got "four"`]);
    expect(cfg).toMatchObject({ profile: "standard", threads: 1 });
  });
});
