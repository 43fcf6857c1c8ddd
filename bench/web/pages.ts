// The web console's client bundle: time to bundle from source, and each file's size raw and gzipped
// (the budget is 300 KB gzipped for all pages together). The dashboard's first paint in a real browser
// is printed by tests/integration/consoles/web-pages.test.ts.
import { gzipSync } from "node:zlib";
import { bundleClient, gzippedSize } from "../../consoles/web/assets/bundle.ts";

const t = performance.now();
const b = await bundleClient();
console.log(`bundled ${b.files.size} files in ${(performance.now() - t).toFixed(0)} ms`);
for (const [name, a] of [...b.files].sort((x, y) => y[1].body.length - x[1].body.length)) {
  console.log(`${name.padEnd(28)} ${(a.body.length / 1024).toFixed(1).padStart(7)} KiB  ${(gzipSync(a.body, { level: 9 }).length / 1024).toFixed(1).padStart(6)} KiB gzipped`);
}
const s = gzippedSize(b);
console.log(`total JS+CSS gzipped: ${(s.total / 1024).toFixed(1)} KiB of the 300 KB budget (JS ${(s.js / 1024).toFixed(1)}, CSS ${(s.css / 1024).toFixed(1)})`);
