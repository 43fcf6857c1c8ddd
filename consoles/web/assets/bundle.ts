// The web console's client code and CSS, bundled by Bun.build: one ES module per page (shared code split
// into chunks) and one stylesheet (uPlot's CSS + ours), each named by a hash of its content so it can be
// cached for a year and pinned with Subresource Integrity. Nothing comes from a CDN.
// Why Bun.build and no framework: the pages are small forms, tables and one chart library; Bun bundles
// them in ~100 ms, so a source checkout bundles at first use, and the image build writes the same
// files next to the binary (the compiled binary carries no client sources to bundle from).
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";
import { gzipSync } from "node:zlib";

export const PAGES = ["dashboard", "services", "agents", "chat", "approvals", "audit", "firewall", "packages", "models", "snapshots", "settings"] as const;
export type PageName = (typeof PAGES)[number];

export interface Asset { body: Uint8Array; type: string; integrity: string }
export interface Bundle {
  /** File name (with its hash) → content. */
  files: Map<string, Asset>;
  /** Page → its entry module's file name; and the one stylesheet. */
  entries: Record<string, string>;
  css: string;
}

const CLIENT = fileURLToPath(new URL("../client", import.meta.url));
const integrity = (b: Uint8Array) => `sha384-${createHash("sha384").update(b).digest("base64")}`;
const hashed = (name: string, b: Uint8Array, ext: string) => `${name}-${createHash("sha256").update(b).digest("hex").slice(0, 12)}.${ext}`;
const asset = (body: Uint8Array, type: string): Asset => ({ body, type, integrity: integrity(body) });

/** Bundles the client from source (minified, split); throws with Bun's messages on a build error. */
export async function bundleClient(): Promise<Bundle> {
  const out = await Bun.build({
    entrypoints: PAGES.map((p) => join(CLIENT, `${p}.ts`)),
    target: "browser", format: "esm", splitting: true, minify: true,
    naming: { entry: "[name]-[hash].[ext]", chunk: "chunk-[hash].[ext]" },
  });
  if (!out.success) throw new Error(`bundling the web client failed:\n${out.logs.map(String).join("\n")}`);
  const files = new Map<string, Asset>();
  const entries: Record<string, string> = {};
  for (const o of out.outputs) {
    const name = basename(o.path);
    files.set(name, asset(new Uint8Array(await o.arrayBuffer()), "text/javascript; charset=utf-8"));
    if (o.kind === "entry-point") entries[name.replace(/-[a-z0-9]+\.js$/, "")] = name;
  }
  const uplotCss = readFileSync(createRequire(import.meta.url).resolve("uplot/dist/uPlot.min.css"), "utf8");
  const css = new TextEncoder().encode(`${uplotCss}\n${readFileSync(join(CLIENT, "app.css"), "utf8")}`);
  const cssName = hashed("app", css, "css");
  files.set(cssName, asset(css, "text/css; charset=utf-8"));
  return { files, entries, css: cssName };
}

/** Where the image keeps the prebuilt bundle: /usr/lib/aios/web beside /usr/bin/aios. */
export const prebuiltDir = () => join(dirname(process.execPath), "../lib/aios/web");

/** Writes a bundle and its manifest into `dir` (the image build step). */
export function writeBundle(b: Bundle, dir: string): void {
  mkdirSync(dir, { recursive: true });
  for (const [name, a] of b.files) writeFileSync(join(dir, name), a.body);
  writeFileSync(join(dir, "manifest.json"), JSON.stringify({ entries: b.entries, css: b.css, files: Object.fromEntries([...b.files].map(([n, a]) => [n, { type: a.type, integrity: a.integrity }])) }, null, 1));
}

/** Reads a bundle written by writeBundle, or undefined where there is none. */
export function readBundle(dir: string): Bundle | undefined {
  if (!existsSync(join(dir, "manifest.json"))) return undefined;
  const m = JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as { entries: Record<string, string>; css: string; files: Record<string, { type: string; integrity: string }> };
  const files = new Map(Object.entries(m.files).map(([n, f]) => [n, { ...f, body: new Uint8Array(readFileSync(join(dir, n))) }]));
  return { files, entries: m.entries, css: m.css };
}

let loaded: Promise<Bundle> | undefined;
/** The image's prebuilt bundle when there is one, else one made from source, once per process. */
export const clientBundle = (): Promise<Bundle> => (loaded ??= Promise.resolve(readBundle(prebuiltDir()) ?? bundleClient()).catch((e) => { loaded = undefined; throw e; }));

/** Gzipped bytes of every file (what a browser downloads for all pages, each file once). */
export function gzippedSize(b: Bundle): { js: number; css: number; total: number } {
  let js = 0, css = 0;
  for (const [name, a] of b.files) { const n = gzipSync(a.body, { level: 9 }).length; if (name.endsWith(".css")) css += n; else js += n; }
  return { js, css, total: js + css };
}
