// Settings for the boot scripts (rootfs/usr/share/aios/net.sh): `aios settings-env network.address …`
// prints `network_address='…'` lines to eval, so a shell script reads the one settings table (every
// layer, checked) without parsing TOML. Lists come out space-separated.
import { explain } from "./settings.ts";

const quote = (v: string) => `'${v.replace(/'/g, `'\\''`)}'`;

export function shellEnv(keys: readonly string[], env: Record<string, string | undefined> = process.env): string {
  return keys.map((k) => {
    const x = explain(k, env);
    return `${x.toml.replace(/\./g, "_")}=${quote(Array.isArray(x.value) ? x.value.join(" ") : x.text)}`;
  }).join("\n") + "\n";
}

export function printShellEnv(keys: readonly string[]): void {
  try {
    process.stdout.write(shellEnv(keys));
  } catch (err) {
    console.error(`aios settings-env: ${(err as Error).message}`);
    process.exit(2);
  }
}
