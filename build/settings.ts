// Every build setting in one table: the environment variable that sets it, its default and its help.
// The CLI (`--help`), the README and the build itself all read this table.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join } from "node:path";

export interface Setting { key: string; env: string; help: string; default: () => string }

/** The Debian mirror the host's own apt already uses (so we reach what the host reaches), if any. */
export function hostDebianMirror(): string {
  const files = ["/etc/apt/sources.list", ...(existsSync("/etc/apt/sources.list.d") ? readdirSync("/etc/apt/sources.list.d").map((f) => join("/etc/apt/sources.list.d", f)) : [])];
  for (const file of files.filter((f) => /\.(list|sources)$/.test(f) && existsSync(f))) {
    const text = readFileSync(file, "utf8");
    const deb822 = text.split(/\n\s*\n/).find((stanza) => /^Suites:.*\bbookworm\b/m.test(stanza) && /^URIs:\s*\S+\/debian\/?\s*$/m.test(stanza));
    const uri = deb822?.match(/^URIs:\s*(\S+)/m)?.[1];
    if (uri) return uri;
    const line = text.split("\n").find((l) => /^deb\s+(\[[^\]]*\]\s+)?\S+\/debian\/?\s+bookworm\s/.test(l));
    const m = line?.match(/^deb\s+(?:\[[^\]]*\]\s+)?(\S+)/);
    if (m?.[1]) return m[1];
  }
  return ""; // debootstrap's own default
}

export const settings = [
  { key: "out", env: "AIOS_OUT", help: "where build outputs go", default: () => "out" },
  { key: "cache", env: "AIOS_CACHE_DIR", help: "downloaded packages and the debootstrap base, kept between builds", default: () => join(homedir(), ".cache", "aios") },
  { key: "mirror", env: "AIOS_MIRROR", help: "Debian mirror URL (default: the host's apt source for bookworm, else debootstrap's)", default: hostDebianMirror },
  { key: "authorizedKeys", env: "AIOS_AUTHORIZED_KEYS", help: "space-separated public key files npm start and the boot tests hand the VM through QEMU's fw_cfg, with the project key in out/ssh (never baked into the image)", default: () => join(homedir(), ".ssh", "*.pub") },
  { key: "version", env: "AIOS_VERSION", help: "the version the image and its update bundle (out/aios.update) carry (default: git describe and the build time)", default: () => "" },
  { key: "compression", env: "AIOS_INITRD_COMPRESSION", help: "initrd compression: lz4 (default), zstd (smallest) or none", default: () => "lz4" },
] as const satisfies readonly Setting[];

export type Settings = Record<(typeof settings)[number]["key"], string>;

export function loadSettings(env: Record<string, string | undefined> = process.env): Settings {
  return Object.fromEntries(settings.map((s) => [s.key, env[s.env] || s.default()])) as Settings;
}

export function settingsHelp(): string {
  return settings.map((s) => `  ${s.env.padEnd(26)} ${s.help}`).join("\n");
}
