// The one aios binary (every role: init, agents, consoles, aiosctl), the slim node_modules that
// node-llama-cpp needs on disk, the web console's client bundle, and the compiled service database PID 1 reads.
import { cpSync, existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { image } from "../../image/image.ts";
import { compileServiceDir } from "../../init/spec/compile.ts";
import { compileImageAgents } from "../../agents/spec/image.ts";
import { configTemplate } from "../../runtime/config/template.ts";
import { type BuildContext, die } from "../context.ts";
import { bundleClient, gzippedSize, writeBundle } from "../../consoles/web/assets/bundle.ts";

export async function compileAios(ctx: BuildContext): Promise<string> {
  const outfile = `${ctx.rootfs}/usr/bin/aios`;
  // node-llama-cpp cannot be bundled (native addon); it is resolved from /usr/lib/aios/node_modules.
  await ctx.run([process.execPath, "build", "--compile", "--minify", "--bytecode", "--format=esm",
    "--external", "x11", "--external", "usocket", "--external", "node-llama-cpp",
    `${ctx.repo}/main.ts`, "--outfile", outfile], { env: { BUN_BE_BUN: "1" } });
  for (const alias of ["aiosctl"]) {
    if (!existsSync(`${ctx.rootfs}/usr/bin/${alias}`)) symlinkSync("aios", `${ctx.rootfs}/usr/bin/${alias}`);
  }
  return `${(Bun.file(outfile).size / 1e6).toFixed(0)} MB`;
}

/**
 * aiosctl's bash and zsh completion, written by the binary just compiled from its own command tree, so
 * the scripts always match the verbs shipped (generated here, never committed). bash has no
 * bash-completion package in the image: /etc/profile.d/aiosctl-completion.sh (rootfs/) loads the script.
 */
export async function installCompletions(ctx: BuildContext): Promise<string> {
  const bin = `${ctx.rootfs}/usr/bin/aios`;
  const out: string[] = [];
  for (const [shell, file] of [["bash", "usr/share/bash-completion/completions/aiosctl"], ["zsh", "usr/share/zsh/vendor-completions/_aiosctl"]] as const) {
    const script = await ctx.run([bin, "ctl", "completion", shell]);
    if (!script.includes("aiosctl")) die(`aios ctl completion ${shell} printed no script`, "run out/rootfs/usr/bin/aios ctl completion bash to see why");
    mkdirSync(dirname(`${ctx.rootfs}/${file}`), { recursive: true });
    writeFileSync(`${ctx.rootfs}/${file}`, script, { mode: 0o644 });
    out.push(`/${file}`);
  }
  return out.join(", ");
}

/** The web console's pages' scripts and CSS, beside the binary (/usr/lib/aios/web), which has no client sources to bundle from. */
export async function bundleWebClient(ctx: BuildContext): Promise<string> {
  const b = await bundleClient();
  writeBundle(b, `${ctx.rootfs}/usr/lib/aios/web`);
  return `${b.files.size} files, ${(gzippedSize(b).total / 1024).toFixed(0)} KiB gzipped`;
}

/** The package and its runtime dependency closure, as found in the repo's node_modules. */
export function dependencyClosure(nodeModules: string, roots: string[]): string[] {
  const seen = new Set<string>();
  const visit = (name: string) => {
    if (seen.has(name) || !existsSync(join(nodeModules, name, "package.json"))) return;
    seen.add(name);
    const pkg = JSON.parse(readFileSync(join(nodeModules, name, "package.json"), "utf8"));
    for (const dep of Object.keys(pkg.dependencies ?? {})) visit(dep);
  };
  roots.forEach(visit);
  return [...seen].sort();
}

export async function installNodeModules(ctx: BuildContext): Promise<string> {
  const src = `${ctx.repo}/node_modules`;
  const dest = `${ctx.rootfs}/usr/lib/aios/node_modules`;
  const pkgs = dependencyClosure(src, ["node-llama-cpp", "@node-llama-cpp/linux-x64"]);
  mkdirSync(dest, { recursive: true });
  const leftOut = new RegExp(`/libggml-cpu-(${image.llamaCpuVariantsLeftOut.join("|")})\\.so$`);
  for (const p of pkgs) {
    // llama.cpp's source bundle is only for building from source, which the appliance never does.
    cpSync(join(src, p), join(dest, p), { recursive: true, dereference: true, filter: (f) => !/\/llama\/(gitRelease\.bundle|llama\.cpp)$|\.md$|\.map$/.test(f) && !leftOut.test(f) });
  }
  return `${pkgs.length} packages`;
}

export async function compileServices(ctx: BuildContext): Promise<string> {
  const db = compileServiceDir(`${ctx.repo}/image/services`);
  mkdirSync(`${ctx.rootfs}/etc/aios`, { recursive: true });
  writeFileSync(`${ctx.rootfs}/etc/aios/services.json`, JSON.stringify(db, null, 1));
  return `${db.services.length} services: ${db.services.map((s) => s.id).join(" ")}`;
}

export async function compileAgents(ctx: BuildContext): Promise<string> {
  const db = compileImageAgents(`${ctx.repo}/image/agents`);
  mkdirSync(`${ctx.rootfs}/etc/aios`, { recursive: true });
  writeFileSync(`${ctx.rootfs}/etc/aios/agents.json`, JSON.stringify(db, null, 1));
  return `${db.agents.length} agents: ${db.agents.map((a) => a.name).join(" ")}`;
}

/** /etc/aios/config.toml with every setting commented out at its default, from the settings table. */
export async function writeConfig(ctx: BuildContext): Promise<string> {
  mkdirSync(`${ctx.rootfs}/etc/aios`, { recursive: true });
  writeFileSync(`${ctx.rootfs}/etc/aios/config.toml`, configTemplate(), { mode: 0o644 });
  return "every setting, commented out";
}
