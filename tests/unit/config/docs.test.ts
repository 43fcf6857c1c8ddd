// The reference and the shipped config.toml come from the settings table: the committed reference
// must be what docs.ts prints now, and the shipped file must list every key, parse, and give the
// defaults back when every line is uncommented.
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { configDocs } from "../../../runtime/config/docs.ts";
import { checkSource } from "../../../runtime/config/file.ts";
import { defaultText } from "../../../runtime/config/resolve.ts";
import { SETTINGS } from "../../../runtime/config/settings.ts";
import { configTemplate } from "../../../runtime/config/template.ts";

describe("generated config docs", () => {
  it("runtime/config/README.md is up to date with the table (bun runtime/config/docs.ts > runtime/config/README.md)", () => {
    expect(readFileSync(join(import.meta.dirname, "../../../runtime/config/README.md"), "utf8")).toBe(configDocs());
  });

  it("names every setting's key, kind, variable and restart", () => {
    const doc = configDocs();
    for (const s of SETTINGS) expect(doc).toContain(`| \`${s.toml.split(".")[1]}\``), expect(doc).toContain(`\`${s.env}\``);
  });
});

describe("the shipped config.toml", () => {
  it("parses as it is and sets nothing", () => {
    const r = checkSource(SETTINGS, configTemplate(), "/etc/aios/config.toml");
    expect(r.errors).toEqual([]);
    expect(r.values.size).toBe(0);
  });

  it("lists every key; uncommented, it gives every default back with no error", () => {
    const open = configTemplate().replace(/^# ([a-z_]+ = .*)$/gm, "$1");
    const r = checkSource(SETTINGS, open, "/etc/aios/config.toml");
    expect(r.errors).toEqual([]);
    for (const s of SETTINGS.filter((s) => !("inFile" in s))) expect(r.values.get(s.key)?.text, s.key).toBe(defaultText(SETTINGS, s.key));
  });
});
