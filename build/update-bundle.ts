// Another update bundle from the last build's parts, without rebuilding: a new version, optionally
// another initrd, signed with the build's key. Usage:
//   bun build/update-bundle.ts --version 1.2.3 [--initrd FILE] [--out FILE]   (default out/aios-<version>.update)
import { resolve } from "node:path";
import { parseArgs } from "node:util";
import { makeContext } from "./context.ts";
import { loadSettings } from "./settings.ts";
import { makeBundle } from "./steps/update.ts";

if (import.meta.main) {
  const { values } = parseArgs({ options: { version: { type: "string" }, initrd: { type: "string" }, out: { type: "string" } } });
  if (!values.version) { console.error("usage: bun build/update-bundle.ts --version V [--initrd FILE] [--out FILE]"); process.exit(2); }
  const ctx = makeContext(loadSettings(), resolve(import.meta.dir, ".."));
  const out = values.out ?? `${ctx.out}/aios-${values.version}.update`;
  const m = makeBundle(ctx, { version: values.version, initrd: values.initrd, out });
  console.log(`${out}: version ${m.version}, ${m.parts.map((p) => `${p.name} ${(p.size / 1e6).toFixed(1)} MB`).join(", ")}`);
}
