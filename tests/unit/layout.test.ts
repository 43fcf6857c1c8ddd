// `ls` reads top-down (consoles → agents → tools → runtime, init beside runtime), and imports only
// point down: a layer may import the layers below it, never one above, and no shipped code imports
// tests/ (the GGUF generators there must not reach the image).
import { fileURLToPath } from "node:url";
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";

const repo = fileURLToPath(new URL("../..", import.meta.url));
const RANK: Record<string, number> = { "main.ts": 5, consoles: 4, agents: 3, tools: 2, runtime: 1, init: 1 };

function sources(dir: string): string[] {
  return readdirSync(join(repo, dir), { recursive: true, encoding: "utf8" })
    .filter((f) => f.endsWith(".ts") && !f.endsWith(".test.ts"))
    .map((f) => join(dir, f));
}

function upwardImports(): string[] {
  const bad: string[] = [];
  for (const file of ["main.ts", ...Object.keys(RANK).filter((d) => d !== "main.ts").flatMap(sources)]) {
    const layer = file.split("/")[0]!;
    const src = readFileSync(join(repo, file), "utf8");
    for (const m of src.matchAll(/(?:from\s+|import\s*\(\s*|import\s+)["'](\.\.?\/[^"']+)["']/g)) {
      const target = relative(repo, resolve(dirname(join(repo, file)), m[1]!));
      const to = target.split("/")[0]!;
      if (to === layer) continue;
      // init and runtime sit side by side: init may use runtime's errors, runtime never imports init.
      const allowed = RANK[to] !== undefined && (RANK[to]! < RANK[layer]! || (layer === "init" && to === "runtime"));
      if (!allowed) bad.push(`${file} -> ${target}`);
    }
  }
  return bad;
}

describe("layout", () => {
  it("imports only point down, and nothing shipped imports tests/", () => {
    expect(upwardImports()).toEqual([]);
  });
});
