// Snapshot retention: automatic snapshots beyond the newest N are deleted; manual ones never are.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Effect } from "../../runtime/policy/effects.ts";
import { SnapshotStore } from "../../runtime/snapshots/store.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import type { MaintenanceConfig } from "./config.ts";
import { walkFiles } from "./files.ts";
import { setting } from "../../runtime/config/settings.ts";
import { filesUnder } from "../../runtime/snapshots/manual.ts";
import { UserError } from "../../runtime/errors.ts";
import type { Runner } from "../../runtime/proc/exec.ts";


export function snapshotTools(cfg: MaintenanceConfig): ToolDeclaration[] {
  const store = (runner: Runner) => new SnapshotStore(cfg.snapshotDir, { runner });
  const has = () => existsSync(cfg.snapshotDir) && readdirSync(cfg.snapshotDir).length > 0;
  return [
    tool<Record<string, never>>({
      name: "snapshots.list",
      description: "Snapshots on the state disk, oldest first: id, time, automatic or manual, what they hold.",
      input: s.object({}),
      capabilities: ["snapshots.read"],
      destructive: false,
      timeoutMs: 10_000,
      plan: async () => ({ effects: [] }),
      async execute(_i, ctx) {
        if (!has()) return [];
        return store(ctx.runner).list().map((m) => ({ id: m.id, createdAt: m.createdAt, auto: m.auto, desc: m.desc, files: m.files.length, nft: m.nft, dpkg: m.dpkg }));
      },
    }),
    tool<{ desc: string }>({
      name: "snapshots.create",
      description: "Take a manual snapshot of the configuration tree, the firewall ruleset and the package selections (never pruned).",
      input: s.object({ desc: s.string("what the snapshot is for", { maxLength: 200 }) }),
      capabilities: ["snapshots.create"],
      destructive: false,
      timeoutMs: 120_000,
      plan: async ({ desc }) => ({ effects: [{ kind: "snapshot.create", desc, files: filesUnder(setting("config_dir")).length }] }),
      async execute({ desc }, ctx) {
        const m = await store(ctx.runner).create(desc, { files: filesUnder(setting("config_dir")), nft: true, dpkg: true }, false);
        return { id: m.id, files: m.files.length, nft: m.nft, dpkg: m.dpkg };
      },
    }),
    tool<{ id: string }>({
      name: "snapshots.restore",
      description: "Put a snapshot back: its files, firewall ruleset and package selections.",
      input: s.object({ id: s.string("snapshot id (snap-…)", { pattern: "^snap-[A-Za-z0-9_-]{1,80}$" }) }),
      capabilities: ["snapshots.restore"],
      destructive: true,
      timeoutMs: 600_000,
      async plan({ id }, ctx) {
        if (!has() || !existsSync(join(cfg.snapshotDir, id))) throw new UserError(`no snapshot ${id}`, "list them with snapshots.list");
        const m = store(ctx.runner).get(id);
        return { effects: [{ kind: "snapshot.restore", id, desc: m.desc, files: m.files.length, nft: m.nft, dpkg: m.dpkg }] };
      },
      async execute({ id }, ctx) {
        return store(ctx.runner).restore(id);
      },
    }),
    tool<{ keep: number }>({
      name: "snapshots.prune",
      description: "Delete automatic snapshots beyond the newest `keep`; manual snapshots are never pruned.",
      input: s.object({ keep: s.int("automatic snapshots kept", 1, 1000) }),
      capabilities: ["snapshots.prune"],
      destructive: true,
      timeoutMs: 120_000,
      async plan({ keep }, ctx) {
        if (!existsSync(cfg.snapshotDir) || readdirSync(cfg.snapshotDir).length === 0) return { effects: [] };
        const autos = new SnapshotStore(cfg.snapshotDir, { runner: ctx.runner }).list().filter((m) => m.auto);
        const effects = autos.slice(0, Math.max(0, autos.length - keep)).map((m): Effect => ({
          kind: "snapshot.delete", id: m.id, auto: true, bytes: walkFiles(join(cfg.snapshotDir, m.id)).reduce((n, f) => n + f.bytes, 0),
        }));
        return { effects };
      },
      async execute(_input, ctx, plan) {
        const store = new SnapshotStore(cfg.snapshotDir, { runner: ctx.runner });
        const ids = plan.effects.flatMap((e) => (e.kind === "snapshot.delete" && e.auto ? [e.id] : []));
        // Only ones that are still automatic: a manifest is the store's own, but check it again.
        for (const id of ids) if (existsSync(join(cfg.snapshotDir, id)) && store.get(id).auto) store.delete(id);
        return { deleted: ids };
      },
    }),
  ];
}
