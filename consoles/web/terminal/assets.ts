// The terminal page's static files — xterm.js and its fit addon (pinned exact in package.json), their
// stylesheet and our client — served from the appliance under /assets/terminal/<content hash>/<name>,
// cached for good: a new version is a new URL. From node_modules when they are on disk (source, tests),
// else as the compiled binary embeds them (embedded.ts).
import { createHash } from "node:crypto";
import { existsSync } from "node:fs";
import { fileURLToPath } from "node:url";
import type { Hono } from "hono";

export const ASSETS_PREFIX = "/assets/terminal";

const NAMES = ["xterm.js", "xterm.css", "addon-fit.js", "client.js"] as const;
export type AssetName = (typeof NAMES)[number];

async function files(): Promise<Record<AssetName, string>> {
  try {
    const nm = fileURLToPath(new URL("../../../node_modules/", import.meta.url));
    const onDisk = { "xterm.js": `${nm}@xterm/xterm/lib/xterm.js`, "xterm.css": `${nm}@xterm/xterm/css/xterm.css`, "addon-fit.js": `${nm}@xterm/addon-fit/lib/addon-fit.js`, "client.js": fileURLToPath(new URL("./client.js", import.meta.url)) };
    if (Object.values(onDisk).every((p) => existsSync(p))) return onDisk;
  } catch { /* not a file: URL (the compiled binary) */ }
  return (await import("./embedded.ts")).EMBEDDED;
}

interface Asset { bytes: Uint8Array; type: string; url: string }
let loaded: Map<string, Asset> | undefined;

async function load(): Promise<Map<string, Asset>> {
  if (loaded) return loaded;
  const all = new Map<string, Asset>();
  for (const [name, path] of Object.entries(await files())) {
    const bytes = new Uint8Array(await Bun.file(path).arrayBuffer());
    const hash = createHash("sha256").update(bytes).digest("hex").slice(0, 16);
    all.set(name, { bytes, type: name.endsWith(".css") ? "text/css; charset=utf-8" : "text/javascript; charset=utf-8", url: `${ASSETS_PREFIX}/${hash}/${name}` });
  }
  return (loaded = all);
}

/** The content-hashed URL of each file, for the page's <script> and <link> tags. */
export async function assetUrls(): Promise<Record<AssetName, string>> {
  const all = await load();
  return Object.fromEntries([...all].map(([n, a]) => [n, a.url])) as Record<AssetName, string>;
}

export function mountAssets(app: Hono): void {
  app.get(`${ASSETS_PREFIX}/:hash/:name`, async (c) => {
    const a = (await load()).get(c.req.param("name"));
    if (!a || a.url !== c.req.path) return c.json({ error: `no such file ${c.req.path}`, hint: "reload /terminal: its files' addresses change with their content" }, 404);
    return c.body(a.bytes as Uint8Array<ArrayBuffer>, 200, { "content-type": a.type, "cache-control": "public, max-age=31536000, immutable", "x-content-type-options": "nosniff" });
  });
}
