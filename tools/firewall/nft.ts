// nft commands for the firewall tools, all through the Runner: the live ruleset of the target, a
// syntax/semantic check, a proposed ruleset compiled in a throwaway network namespace, and the
// atomic apply (one file, one nft transaction).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Runner } from "../../runtime/proc/exec.ts";
import { type NftTarget, nftArgv } from "../../runtime/sandbox/nft.ts";
import type { NftJson } from "./reach.ts";

export interface Ruleset { text: string; json: NftJson }

export async function liveRuleset(run: Runner, t: NftTarget): Promise<Ruleset> {
  const text = (await run.run(nftArgv(t, ["list", "ruleset"]))).stdout;
  const json = JSON.parse((await run.run(nftArgv(t, ["-j", "list", "ruleset"]))).stdout) as NftJson;
  return { text, json };
}

async function withScript<T>(script: string, fn: (file: string) => Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), "aios-nft-"));
  try {
    const file = join(dir, "ruleset.nft");
    writeFileSync(file, script);
    return await fn(file);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** `nft -c`: parses and checks against the kernel without changing anything. Returns nft's errors. */
export async function checkScript(run: Runner, t: NftTarget, script: string): Promise<string | null> {
  return withScript(script, async (file) => {
    const r = await run.run(nftArgv(t, ["-c", "-f", file]), { check: false });
    return r.code === 0 ? null : r.stderr.trim();
  });
}

/**
 * Loads a complete script into a fresh, empty network namespace and reads it back as nft prints it:
 * the exact ruleset the change would produce, without touching the live one.
 */
export async function compileScript(run: Runner, t: NftTarget, script: string): Promise<Ruleset> {
  return withScript(script, async (file) => {
    const sh = 'N="$1"; "$N" -f "$2" && "$N" list ruleset && echo @@AIOS-JSON@@ && "$N" -j list ruleset';
    const r = await run.run(["unshare", "--net", "sh", "-c", sh, "sh", t.nft, file]);
    const [text, json] = r.stdout.split("@@AIOS-JSON@@\n");
    return { text: text ?? "", json: JSON.parse(json ?? "{}") as NftJson };
  });
}

/** Replaces the live ruleset in one transaction: it applies whole or not at all. */
export async function applyScript(run: Runner, t: NftTarget, script: string): Promise<void> {
  await withScript(script, (file) => run.run(nftArgv(t, ["-f", file])));
}
