// What a snapshot must hold before a change, derived from the change's effects.
import type { Effect } from "../policy/effects.ts";

export interface SnapshotTargets {
  files: string[];
  nft: boolean;
  dpkg: boolean;
}

export function targetsFromEffects(effects: readonly Effect[]): SnapshotTargets {
  const files = new Set<string>();
  let nft = false, dpkg = false;
  for (const e of effects) {
    if (e.kind === "file.write" || e.kind === "file.delete") files.add(e.path);
    else if (e.kind === "file.mode" && !e.dir) files.add(e.path); // a directory's mode is not snapshotted
    else if (e.kind === "ssh.key.add" || e.kind === "ssh.key.remove") files.add(e.file);
    else if (e.kind.startsWith("firewall.") || e.kind.startsWith("port.")) nft = true;
    // Lists are apt's cache and a configure run cannot be undone by selections: neither needs one.
    else if (e.kind.startsWith("package.") && e.kind !== "package.lists" && e.kind !== "package.configure") dpkg = true;
  }
  return { files: [...files], nft, dpkg };
}

export const isEmpty = (t: SnapshotTargets) => t.files.length === 0 && !t.nft && !t.dpkg;
