// Every kind of config.toml problem names file, line and key, is a UserError, and hints at the fix:
// syntax, wrong type or range, unknown key (did you mean), unknown section, a key outside a section.
import { describe, expect, it } from "vitest";
import { checkSource } from "../../../runtime/config/file.ts";
import { SETTINGS } from "../../../runtime/config/settings.ts";
import { keyLines } from "../../../runtime/config/toml.ts";
import { ConfigError, UserError } from "../../../runtime/errors.ts";

const F = "/etc/aios/config.toml";
const problems = (src: string) => checkSource(SETTINGS, src, F).errors.map((e) => ({ at: `${e.line}:${e.key}`, problem: e.problem, hint: e.hint }));

describe("config.toml errors", () => {
  it("a syntax error names the line, and no value of the file counts", () => {
    const r = checkSource(SETTINGS, "[web]\nport = 8080\nbind = \n", F);
    expect(r.values.size).toBe(0);
    expect(r.errors[0]).toBeInstanceOf(ConfigError);
    expect(r.errors[0]).toBeInstanceOf(UserError);
    expect(r.errors[0]!.message).toMatch(/^\/etc\/aios\/config\.toml:3: \(syntax\): /);
  });

  it("a wrong type or range names the key and what it must be", () => {
    expect(problems("[web]\nport = \"8080\"\n\n[policy]\ndefault_autonomy = \"maybe\"\napproval_ttl = \"ten minutes\"\n[paths]\nstate_dir = \"var/lib\"\n")).toEqual([
      { at: "2:web.port", problem: 'must be an integer from 1 to 65535, got "8080"', hint: undefined },
      { at: "5:policy.default_autonomy", problem: 'must be one of off, propose, on, got "maybe"', hint: undefined },
      { at: "6:policy.approval_ttl", problem: 'must be a duration like "90s", "15m", "1h" or "7d", got "ten minutes"', hint: undefined },
      { at: "8:paths.state_dir", problem: 'must be an absolute path, got "var/lib"', hint: undefined },
    ]);
  });

  it("an unknown key suggests the nearest one, or the section it belongs in", () => {
    expect(problems("[web]\nprot = 1\n")[0]).toEqual({ at: "2:web.prot", problem: "unknown key", hint: 'did you mean "port"?' });
    expect(problems("[system]\ntimezon = \"UTC\"\n")).toEqual([{ at: "2:system.timezon", problem: "unknown key", hint: 'did you mean "timezone"?' }]);
    expect(problems("[paths]\ncontrol_socket = \"/x\"\n")).toEqual([{ at: "2:paths.control_socket", problem: "unknown key", hint: 'did you mean "sockets.control"?' }]);
    expect(problems("[web]\nzzzzzzzz = 1\n")[0]!.hint).toBe("known keys: port, bind, redirect_port, state_dir, cert_dir, session_idle, session_max, terminal_idle, metrics_public");
  });

  it("an unknown section, a key outside any section, a section that is not a table", () => {
    expect(problems("[sytem]\nhostname = \"a\"\n")).toEqual([{ at: "1:sytem", problem: "unknown section", hint: 'did you mean "system"?' }]);
    expect(problems("# x\nstate_dir = \"/data\"\n")).toEqual([{ at: "2:state_dir", problem: "unknown key (settings belong in a section)", hint: 'did you mean "paths.state_dir"? ([paths] state_dir = …)' }]);
    expect(problems("web = 1\n")).toEqual([{ at: "1:web", problem: "must be a table: [web]", hint: undefined }]);
  });

  it("keeps the good values of a file with bad ones", () => {
    const r = checkSource(SETTINGS, "[web]\nport = 0\nbind = \"127.0.0.1\"\n", F);
    expect(r.errors).toHaveLength(1);
    expect(r.values.get("web_bind")).toEqual({ value: "127.0.0.1", text: "127.0.0.1", line: 3 });
  });
});

describe("keyLines", () => {
  it("maps dotted keys, tables, arrays of tables and inline tables to lines", () => {
    const src = [
      "top = 1", "[a]", "x = 1 # c", '"quoted" = 2', "[[remote]]", "provider = \"p\"", "[[remote]]", "provider = \"q\"",
      "[b]", "s = \"\"\"", "y = not a key", "\"\"\"", "t = { u = 1 }", "web.port = 3",
    ].join("\n");
    const lines = keyLines(src);
    expect(Object.fromEntries(lines)).toMatchObject({ top: 1, a: 2, "a.x": 3, "a.quoted": 4, "remote[0]": 5, "remote[0].provider": 6, "remote[1].provider": 8, "b.s": 10, "b.t": 13, "b.web.port": 14 });
    expect(lines.has("b.y")).toBe(false);
  });
});
