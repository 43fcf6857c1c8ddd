// The web console's benchmarks in one run: /metrics scrape cost against GET /health, the pages' asset
// weight and first paint, and terminal keystroke echo against a direct PTY.
import { join } from "node:path";

for (const b of ["metrics.ts", "pages.ts", "terminal.ts"]) {
  console.log(`==> bench/web/${b}`);
  const p = Bun.spawnSync([process.execPath, join(import.meta.dir, b)], { stdout: "inherit", stderr: "inherit" });
  if (p.exitCode !== 0) process.exit(p.exitCode ?? 1);
}
