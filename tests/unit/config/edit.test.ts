// `config set` edits: the key's line is replaced (its comment kept), a commented-out default is
// taken over, a section gains the key or is added; every other line stays; the write is atomic, 0644.
import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { setKey, writeAtomically } from "../../../runtime/config/edit.ts";
import { configTemplate } from "../../../runtime/config/template.ts";
import { parse } from "smol-toml";

describe("setKey", () => {
  it("replaces the value on the key's line and keeps its comment and every other line", () => {
    const src = "# my appliance\n[web]\n  port = 9090   # the usual\nbind = \"0.0.0.0\" # \"quoted # not a comment\"\n\n[system]\nport = 1\n";
    expect(setKey(src, "web.port", "8080")).toBe("# my appliance\n[web]\n  port = 8080   # the usual\nbind = \"0.0.0.0\" # \"quoted # not a comment\"\n\n[system]\nport = 1\n");
    expect(setKey(src, "web.bind", '"::1"')).toContain('bind = "::1" # "quoted # not a comment"\n');
  });

  it("sets a dotted key written before any section where it is", () => {
    expect(setKey("web.port = 1\n[system]\n", "web.port", "2")).toBe("web.port = 2\n[system]\n");
  });

  it("takes over the commented-out default in the shipped file", () => {
    const out = setKey(configTemplate(), "web.port", "8080");
    expect(out).toContain("# the web console's TCP port\n# integer 1–65535 · restart web · AIOS_WEB_PORT\nport = 8080\n");
    expect(out.split("\n").length).toBe(configTemplate().split("\n").length);
    expect((parse(out) as { web: { port: number } }).web.port).toBe(8080);
  });

  it("adds the key to its section, after the section's last setting", () => {
    expect(setKey("[web]\nport = 1\n# trailing note\n\n[system]\ntimezone = \"UTC\"\n", "web.bind", '"::1"'))
      .toBe("[web]\nport = 1\nbind = \"::1\"\n# trailing note\n\n[system]\ntimezone = \"UTC\"\n");
  });

  it("adds the section when there is none, to an empty or missing file too", () => {
    expect(setKey("# only a comment\n", "logs.ring_lines", "100")).toBe("# only a comment\n\n[logs]\nring_lines = 100\n");
    expect(setKey("", "logs.ring_lines", "100")).toBe("[logs]\nring_lines = 100\n");
  });
});

describe("writeAtomically", () => {
  it("writes through a temporary file, mode 0644, leaving nothing else behind", () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-edit-"));
    const file = join(dir, "etc", "config.toml");
    writeAtomically(file, "[web]\nport = 1\n");
    writeAtomically(file, "[web]\nport = 2\n");
    expect(readFileSync(file, "utf8")).toBe("[web]\nport = 2\n");
    expect(statSync(file).mode & 0o777).toBe(0o644);
    expect(readdirSync(join(dir, "etc"))).toEqual(["config.toml"]);
  });
});
