// The appliance's settings table: defaults, overrides, derived paths, and a table the config file,
// the docs and `aiosctl config` are generated from (unique keys and variables, every reference
// resolvable, every default valid for its kind).
import { describe, expect, it } from "vitest";
import { fromText } from "../../../runtime/config/kinds.ts";
import { allSettings, setting, SETTINGS, value } from "../../../runtime/config/settings.ts";

const none = { AIOS_CONFIG_DIR: "/nonexistent/aios-config" }; // no config files: defaults and variables only

describe("settings", () => {
  it("gives the appliance's paths by default", () => {
    const env = none;
    expect(setting("state_dir", env)).toBe("/var/lib/aios");
    expect(setting("state_db", env)).toBe("/var/lib/aios/aios.db");
    expect(setting("control_socket", env)).toBe("/run/aios/init.sock");
    expect(setting("model_socket", env)).toBe("/run/aios/models.sock");
    expect(setting("agent_socket", env)).toBe("/run/aios/agents/agents.sock");
    expect(setting("log_dir", env)).toBe("/var/lib/aios/log");
    expect(setting("snapshot_dir", env)).toBe("/var/lib/aios/snapshots");
    expect(setting("config_dir", {})).toBe("/etc/aios");
  });

  it("lets a variable override one setting, and moves what is derived from it", () => {
    const env = { ...none, AIOS_STATE_DIR: "/tmp/s", AIOS_RUN_DIR: "/tmp/r", AIOS_CONTROL: "/x.sock", AIOS_MODELS_DIR: "" };
    expect(setting("state_db", env)).toBe("/tmp/s/aios.db");
    expect(setting("models_dir", env)).toBe("/tmp/s/models"); // empty means unset
    expect(setting("model_socket", env)).toBe("/tmp/r/models.sock");
    expect(setting("control_socket", env)).toBe("/x.sock");
  });

  it("gives typed values: numbers, milliseconds", () => {
    expect(value("web_port", none)).toBe(9090);
    expect(value("approval_ttl", { ...none, AIOS_APPROVAL_TTL: "90s" })).toBe(90_000);
    expect(setting("approval_ttl", none)).toBe("1h");
  });

  it("reads the environment when asked, not when loaded", () => {
    const before = process.env.AIOS_STATE_DIR;
    try {
      process.env.AIOS_STATE_DIR = "/tmp/one";
      expect(setting("state_db")).toBe("/tmp/one/aios.db");
      process.env.AIOS_STATE_DIR = "/tmp/two";
      expect(setting("state_db")).toBe("/tmp/two/aios.db");
    } finally {
      if (before === undefined) delete process.env.AIOS_STATE_DIR; else process.env.AIOS_STATE_DIR = before;
    }
  });

  it("is one well-formed table", () => {
    const keys = SETTINGS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
    expect(new Set(SETTINGS.map((s) => s.env)).size).toBe(keys.length);
    expect(new Set(SETTINGS.map((s) => s.toml)).size).toBe(keys.length);
    for (const s of SETTINGS) {
      expect(s.key).toMatch(/^[a-z][a-z0-9_]*$/);
      expect(s.toml).toMatch(/^[a-z]+\.[a-z][a-z0-9_]*$/);
      expect(s.env).toMatch(/^AIOS_[A-Z0-9_]+$/);
      expect(s.help.length).toBeGreaterThan(0);
      for (const r of s.restart) expect(r).toMatch(/^(reboot|[a-z][a-z0-9-]*)$/);
      for (const [, ref] of s.default.matchAll(/\{(\w+)\}/g)) expect(keys).toContain(ref);
      if (!s.default.includes("{")) expect(fromText(s.kind, s.default), s.key).toMatchObject({ ok: true });
    }
    expect(allSettings(none).map((s) => s.key)).toEqual(keys);
  });
});
