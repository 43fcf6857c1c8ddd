// Deleting disposable files exactly as previewed: each planned file.discard is checked again against
// the guard and the allowed roots, and must still be a regular file (not a link swapped in).
import { existsSync, lstatSync, unlinkSync } from "node:fs";
import type { Effect, Plan } from "../../runtime/policy/effects.ts";
import { fencedPath } from "../files/paths.ts";
import { assertDisposable, protectedReason } from "./guard.ts";
import type { FileInfo } from "./files.ts";

/** file.discard effects for `files`, with the protected ones left out and named in notes. */
export function discardPlan(files: readonly FileInfo[], root: string): Plan {
  const effects: Effect[] = [];
  const notes: string[] = [];
  for (const f of files) {
    const why = protectedReason(f.path, root);
    if (why) notes.push(`left alone: ${why}`);
    else effects.push({ kind: "file.discard", path: f.path, bytes: f.bytes });
  }
  return { effects, notes };
}

export function discardPlanned(plan: Plan, roots: readonly string[], root: string): { deleted: number; bytes: number } {
  let deleted = 0, bytes = 0;
  for (const e of plan.effects) {
    if (e.kind !== "file.discard") continue;
    const p = fencedPath(e.path, roots);
    assertDisposable(p, root);
    if (!existsSync(p) || !lstatSync(p).isFile()) continue;
    const size = lstatSync(p).size;
    unlinkSync(p);
    deleted++;
    bytes += size;
  }
  return { deleted, bytes };
}
