// The build context every step receives: settings, paths, and the one way to run a command.
import { realRunner, type RunOptions } from "../runtime/proc/exec.ts";
import type { Settings } from "./settings.ts";
import { resolve } from "node:path";

export interface BuildContext {
  settings: Settings;
  repo: string;
  out: string;
  rootfs: string;
  cache: string;
  run(argv: readonly string[], opts?: RunOptions): Promise<string>;
  log(message: string): void;
}

export class BuildError extends Error {
  constructor(message: string, readonly hint?: string) { super(message); }
}

/** Fatal build errors go through here: one message and one hint. */
export function die(message: string, hint?: string): never {
  throw new BuildError(message, hint);
}

export function makeContext(settings: Settings, repo: string): BuildContext {
  const out = resolve(repo, settings.out);
  const passEnv = Object.fromEntries(Object.entries(process.env).filter(([k, v]) => v !== undefined && k !== "BUN_BE_BUN")) as Record<string, string>;
  return {
    settings, repo, out,
    rootfs: `${out}/rootfs`,
    cache: resolve(settings.cache),
    async run(argv, opts = {}) {
      const r = await realRunner.run(argv, { timeoutMs: 900_000, ...opts, env: { ...passEnv, ...opts.env } });
      return r.stdout;
    },
    log: (m) => console.log(`      ${m}`),
  };
}
