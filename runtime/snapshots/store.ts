// Snapshots on the state disk: copies of the files a change will touch, the dpkg state (dpkg.ts) and
// the nft ruleset, each in its own folder with a manifest. Automatic ones are pruned to the newest N;
// manual ones stay until deleted.
import { chmodSync, chownSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, unlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { NotFoundError, UserError } from "../errors.ts";
import type { Runner } from "../proc/exec.ts";
import { type NftTarget, nftArgv } from "../sandbox/nft.ts";
import { restoreDpkg, saveDpkg } from "./dpkg.ts";
import { syncDir, writeDurable } from "../durable.ts";
import type { SnapshotTargets } from "./targets.ts";

export interface SnapshotFile { path: string; existed: boolean; mode?: number; uid?: number; gid?: number; sha256?: string; blob?: string }

export interface SnapshotManifest {
  id: string;
  createdAt: number;
  desc: string;
  auto: boolean;
  files: SnapshotFile[];
  nft: boolean;
  dpkg: boolean;
}

export interface SnapshotStoreOptions {
  runner: Runner;
  nft?: NftTarget;
  /** Extra apt-get options (tests point apt at a private state dir). */
  aptOptions?: string[];
  /** Extra dpkg options (tests: --admindir of a private dpkg database). */
  dpkgOptions?: string[];
  keepAuto?: number;
  now?: () => number;
}

export class SnapshotStore {
  private readonly keepAuto: number;
  private readonly now: () => number;

  constructor(readonly dir: string, private readonly opts: SnapshotStoreOptions) {
    this.keepAuto = opts.keepAuto ?? 20;
    this.now = opts.now ?? Date.now;
    mkdirSync(dir, { recursive: true });
  }

  async create(desc: string, targets: SnapshotTargets, auto = false): Promise<SnapshotManifest> {
    const createdAt = this.now();
    const id = `snap-${new Date(createdAt).toISOString().replace(/[-:]/g, "").slice(0, 15)}-${crypto.randomUUID().slice(0, 6)}`;
    const base = join(this.dir, id);
    mkdirSync(join(base, "files"), { recursive: true });
    const files = targets.files.map((path, i): SnapshotFile => {
      if (!existsSync(path)) return { path, existed: false };
      const st = statSync(path);
      if (!st.isFile()) throw new UserError(`cannot snapshot ${path}: not a regular file`);
      const data = readFileSync(path);
      const blob = `files/${i}`;
      // Root-only whatever the original's mode: a snapshot copies shadow, secrets.toml and the like,
      // often just before a tool tightens a loose mode (the copy must not keep the loose one).
      writeDurable(join(base, blob), data, 0o600);
      return { path, existed: true, mode: st.mode & 0o7777, uid: st.uid, gid: st.gid, sha256: new Bun.CryptoHasher("sha256").update(data).digest("hex"), blob };
    });
    if (targets.nft) {
      const r = await this.opts.runner.run(nftArgv(this.nft, ["list", "ruleset"]));
      writeDurable(join(base, "nft.rules"), r.stdout);
    }
    if (targets.dpkg) await saveDpkg(base, this.opts.runner, this.opts);
    const manifest: SnapshotManifest = { id, createdAt, desc, auto, files, nft: targets.nft, dpkg: targets.dpkg };
    // The manifest is written last: a folder without one is an interrupted snapshot and is ignored.
    writeDurable(join(base, "manifest.json"), JSON.stringify(manifest, null, 2));
    syncDir(this.dir);
    if (auto) this.prune();
    return manifest;
  }

  list(): SnapshotManifest[] {
    return readdirSync(this.dir)
      .filter((d) => existsSync(join(this.dir, d, "manifest.json")))
      .map((d) => JSON.parse(readFileSync(join(this.dir, d, "manifest.json"), "utf8")) as SnapshotManifest)
      .sort((a, b) => a.createdAt - b.createdAt || a.id.localeCompare(b.id));
  }

  get(id: string): SnapshotManifest {
    const p = join(this.dir, id, "manifest.json");
    if (!/^snap-[\w-]+$/.test(id) || !existsSync(p)) throw new NotFoundError(`no snapshot ${id}`, "list them with `aiosctl snapshots`");
    return JSON.parse(readFileSync(p, "utf8")) as SnapshotManifest;
  }

  /** Puts back exactly what the snapshot holds: bytes, mode and owner of files; absent files removed. */
  async restore(id: string): Promise<{ id: string; files: number; nft: boolean; dpkg: boolean }> {
    const m = this.get(id);
    const base = join(this.dir, id);
    for (const f of m.files) {
      if (!f.existed) { if (existsSync(f.path)) unlinkSync(f.path); continue; }
      mkdirSync(dirname(f.path), { recursive: true });
      writeDurable(f.path, readFileSync(join(base, f.blob!)));
      chmodSync(f.path, f.mode!);
      chownSync(f.path, f.uid!, f.gid!);
    }
    if (m.nft) {
      // One file, one nft transaction: the old ruleset replaces the new one atomically.
      const file = join(base, "restore.nft");
      writeDurable(file, `flush ruleset\n${readFileSync(join(base, "nft.rules"), "utf8")}`);
      await this.opts.runner.run(nftArgv(this.nft, ["-f", file]));
    }
    if (m.dpkg) await restoreDpkg(base, this.opts.runner, this.opts);
    return { id, files: m.files.length, nft: m.nft, dpkg: m.dpkg };
  }

  delete(id: string): void {
    this.get(id);
    rmSync(join(this.dir, id), { recursive: true, force: true });
  }

  /** Keeps the newest `keepAuto` automatic snapshots; manual ones are never pruned. */
  prune(): string[] {
    const autos = this.list().filter((m) => m.auto);
    const gone = autos.slice(0, Math.max(0, autos.length - this.keepAuto)).map((m) => m.id);
    for (const id of gone) rmSync(join(this.dir, id), { recursive: true, force: true });
    return gone;
  }

  private get nft(): NftTarget {
    return this.opts.nft ?? { nft: "nft" };
  }
}
