// The model runtime as a JS bundle beside node-llama-cpp: the compiled aios binary cannot load the
// native addon from inside itself, so PID 1 runs `BUN_BE_BUN=1 aios /usr/lib/aios/model-runtime.js`
// (image/services/models.toml) and the bundle resolves node-llama-cpp from /usr/lib/aios/node_modules.
import { existsSync, mkdirSync, statSync } from "node:fs";
import { die, type BuildContext } from "../context.ts";

export const MODEL_RUNTIME_JS = "/usr/lib/aios/model-runtime.js";

export async function bundleModelRuntime(ctx: BuildContext): Promise<string> {
  const lib = `${ctx.rootfs}/usr/lib/aios`;
  if (!existsSync(`${lib}/node_modules/node-llama-cpp/package.json`)) {
    die("node-llama-cpp is not in the rootfs", "run installNodeModules (build/steps/aios.ts) before bundleModelRuntime");
  }
  mkdirSync(lib, { recursive: true });
  const outfile = `${ctx.rootfs}${MODEL_RUNTIME_JS}`;
  // Not minified: ~75 KB either way, and readable stack traces in the service log are worth more.
  await ctx.run([process.execPath, "build", "--target=bun", "--format=esm", "--external", "node-llama-cpp",
    `${ctx.repo}/runtime/model-runtime/main.ts`, "--outfile", outfile], { env: { BUN_BE_BUN: "1" } });
  return `${(statSync(outfile).size / 1e3).toFixed(0)} KB`;
}
