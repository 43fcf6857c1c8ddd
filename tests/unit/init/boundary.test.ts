// PID 1 must stay small: nothing it imports (transitively) may come from agents, models, the consoles
// or the web console, and it may use no npm package but the TOML parser.
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { readFileSync } from "node:fs";
import { dirname, relative, resolve } from "node:path";

const repo = fileURLToPath(new URL("../../..", import.meta.url));

function importGraph(entry: string): { files: Set<string>; packages: Set<string> } {
  const files = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (files.has(file)) return;
    files.add(file);
    const src = readFileSync(file, "utf8");
    for (const m of src.matchAll(/(?:import|export)\s[^'"]*?from\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g)) {
      const spec = m[1] ?? m[2]!;
      if (spec.startsWith(".")) visit(resolve(dirname(file), spec));
      else if (!spec.startsWith("node:") && !spec.startsWith("bun")) packages.add(spec);
    }
  };
  visit(entry);
  return { files: new Set([...files].map((f) => relative(repo, f))), packages };
}

describe("PID 1 boundary", () => {
  it("imports nothing from agents, models, consoles or the web console", () => {
    const { files, packages } = importGraph(`${repo}/init/main.ts`);
    const forbidden = [...files].filter((f) => /^(consoles|agents|tools)\/|^main\.ts$|^runtime\/(models|model-runtime|memory|audit)\//.test(f));
    expect(forbidden).toEqual([]);
    expect([...packages]).toEqual(["smol-toml"]);
    expect(files.size).toBeLessThan(29); // 19 before PID 1 read config.toml: + the config loader (kinds, layers, file check, flags, did-you-mean); + the group lookup for the read-only socket; + the capability names services are checked against; + the hardware watchdog
  });
});
