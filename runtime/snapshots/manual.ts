// What aiosctl needs beyond the store: `snapshot [desc]` takes the configuration tree, the nft ruleset
// and the dpkg selections; `restore <id>` puts one back and audits who did it.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { AuditLog } from "../audit/log.ts";
import type { SnapshotManifest, SnapshotStore } from "./store.ts";
import { setting } from "../config/settings.ts";

export interface ManualSnapshotOptions {
  /** Every regular file under these folders is kept (default: the config_dir setting, /etc/aios). */
  configDirs?: string[];
  nft?: boolean;
  dpkg?: boolean;
}

/** Every regular file under `dir` (none when it does not exist). */
export function filesUnder(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? filesUnder(join(dir, d.name)) : d.isFile() ? [join(dir, d.name)] : []));
}

/** A manual snapshot: kept until deleted, never pruned. */
export async function snapshotSystem(store: SnapshotStore, audit: AuditLog, who: string, desc: string, o: ManualSnapshotOptions = {}): Promise<SnapshotManifest> {
  const files = (o.configDirs ?? [setting("config_dir")]).flatMap(filesUnder);
  const m = await store.create(desc, { files, nft: o.nft ?? true, dpkg: o.dpkg ?? true }, false);
  audit.append({ kind: "snapshot", actor: who, subject: m.id, data: { desc, files: files.length, nft: m.nft, dpkg: m.dpkg, manual: true } });
  return m;
}

export async function restoreSnapshot(store: SnapshotStore, audit: AuditLog, who: string, id: string) {
  const r = await store.restore(id);
  audit.append({ kind: "snapshot.restore", actor: who, subject: id, data: r });
  return r;
}
