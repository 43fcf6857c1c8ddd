// The chat benchmarks in one run (`npm run bench` runs every bench/*/bench.ts; `npm run bench:chat` this
// one): the router's accuracy and latency against a naive router, aiosctl chat through the compiled
// binary against a bare process start, and a model turn against the raw runtime on the same tiny model.
import { join } from "node:path";

for (const b of ["router.ts", "ctl.ts", "model-turn.ts"]) {
  console.log(`==> bench/chat/${b}`);
  const p = Bun.spawnSync([process.execPath, join(import.meta.dir, b)], { stdout: "inherit", stderr: "inherit" });
  if (p.exitCode !== 0) process.exit(p.exitCode ?? 1);
}
