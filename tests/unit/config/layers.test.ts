// Layering and provenance: default < config.toml < config.d/*.toml (lexical) < AIOS_* < --set, each
// value saying which layer set it; a changed file is read again; a broken file degrades to the
// layers below with its error reported once, and never throws for a reader.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { forgetConfigCache } from "../../../runtime/config/file.ts";
import { setFlags } from "../../../runtime/config/flags.ts";
import { onConfigError } from "../../../runtime/config/resolve.ts";
import { explain, setting, value } from "../../../runtime/config/settings.ts";
import type { ConfigError } from "../../../runtime/errors.ts";

let dir: string;
let env: Record<string, string>;
let reported: ConfigError[];
const put = (name: string, text: string) => { mkdirSync(join(dir, name, ".."), { recursive: true }); writeFileSync(join(dir, name), text); forgetConfigCache(); };

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "aios-config-"));
  env = { AIOS_CONFIG_DIR: dir };
  reported = [];
  onConfigError((e) => reported.push(e));
});
afterEach(() => { setFlags({}); rmSync(dir, { recursive: true, force: true }); });

describe("config layers", () => {
  it("each layer overrides the one before, and says where the value came from", () => {
    expect(explain("web.port", env)).toMatchObject({ text: "9090", value: 9090, source: { layer: "default", default: "9090" } });
    put("config.toml", "# site\n[web]\nport = 8001\n");
    expect(explain("web.port", env)).toMatchObject({ value: 8001, source: { layer: "file", file: join(dir, "config.toml"), line: 3 } });
    put("config.d/20-b.toml", "[web]\nport = 8003\n");
    put("config.d/10-a.toml", "[web]\nport = 8002\n");
    put("config.d/notes.txt", "[web]\nport = 1\n");
    const fromDropIn = explain("web_port", env);
    expect(fromDropIn).toMatchObject({ value: 8003, source: { layer: "file", file: join(dir, "config.d/20-b.toml"), line: 2 } });
    expect(fromDropIn.shadowed.map((s) => s.text)).toEqual(["8002", "8001", "9090"]);
    expect(explain("web.port", { ...env, AIOS_WEB_PORT: "8004" })).toMatchObject({ value: 8004, source: { layer: "env", env: "AIOS_WEB_PORT" } });
    setFlags({ "web.port": "8005" });
    expect(explain("web.port", { ...env, AIOS_WEB_PORT: "8004" })).toMatchObject({ value: 8005, source: { layer: "flag", flag: "--set web.port=8005" } });
    setFlags({ web_port: "8006" }); // the code's key works as well as the file's
    expect(setting("web_port", env)).toBe("8006");
    expect(reported).toEqual([]);
  });

  it("moves derived paths with a file's value, and keeps the file's line for them", () => {
    put("config.toml", "[paths]\nstate_dir = \"/data\"\n");
    expect(setting("state_db", env)).toBe("/data/aios.db");
    expect(explain("state_db", env).source).toEqual({ layer: "default", default: "{state_dir}/aios.db" });
    expect(setting("state_db", { ...env, AIOS_STATE_DIR: "/other" })).toBe("/other/aios.db");
  });

  it("reads a file again when it changes", () => {
    put("config.toml", "[system]\ntimezone = \"UTC\"\n");
    expect(setting("timezone", env)).toBe("UTC");
    put("config.toml", "[system]\ntimezone = \"Europe/Berlin\"\n");
    expect(setting("timezone", env)).toBe("Europe/Berlin");
  });

  it("skips a file that does not parse, reports it once, and never throws", () => {
    put("config.toml", "[web]\nport = 8001\n");
    put("config.d/50-broken.toml", "[web]\nport = = 1\n");
    expect(() => setting("web_port", env)).not.toThrow();
    expect(value("web_port", env)).toBe(8001);
    setting("web_port", env);
    expect(reported.map((e) => e.message)).toEqual([expect.stringMatching(/50-broken\.toml:2: \(syntax\): /)]);
    expect(explain("web.port", env).errors).toHaveLength(1);
  });

  it("falls back past a bad value in a file or a variable, naming where it was", () => {
    put("config.toml", "[web]\nport = 99999\nbind = \"::1\"\n");
    const x = explain("web.port", { ...env, AIOS_WEB_PORT: "http" });
    expect(x).toMatchObject({ value: 9090, source: { layer: "default" } });
    expect(x.errors.map((e) => e.message)).toEqual([
      'environment AIOS_WEB_PORT: web.port: must be an integer from 1 to 65535, got "http"',
      `${join(dir, "config.toml")}:2: web.port: must be an integer from 1 to 65535, got 99999`,
    ]);
    expect(setting("web_bind", env)).toBe("::1"); // the rest of the file still counts
  });

  it("locates the files only from the variable, a flag or the default", () => {
    put("config.toml", "[paths]\nconfig_dir = \"/elsewhere\"\n");
    expect(setting("config_dir", env)).toBe(dir);
    expect(reported[0]).toMatchObject({ key: "paths.config_dir", line: 2 });
  });
});

describe("--set flags", () => {
  it("are taken out of a role's arguments, and an unknown one is an error naming the flag", async () => {
    const { takeFlags } = await import("../../../runtime/config/flags.ts");
    const { allErrors } = await import("../../../runtime/config/resolve.ts");
    const { SETTINGS } = await import("../../../runtime/config/settings.ts");
    expect(takeFlags(["web", "--set", "web.port=8100", "--set=web.prot=1", "--json"])).toEqual(["web", "--json"]);
    expect(setting("web_port", env)).toBe("8100");
    expect(allErrors(SETTINGS, env).map((e) => e.message)).toEqual(["command line: web.prot: unknown setting"]);
  });
});
