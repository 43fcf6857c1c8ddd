// Snapshot retention: automatic snapshots beyond the newest N are deleted; manual ones never are.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import type { Effect } from "../../runtime/policy/effects.ts";
import { SnapshotStore } from "../../runtime/snapshots/store.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import type { MaintenanceConfig } from "./config.ts";
import { walkFiles } from "./files.ts";

export function snapshotTools(cfg: MaintenanceConfig): ToolDeclaration[] {
  return [
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
