// Snapshots: list, take one, and "undo the last change" (restore the newest automatic snapshot, the
// one taken before the last change an agent or a person made through the tools).
import type { Handler } from "../types.ts";
import { read } from "../types.ts";
import { ago, bullet } from "./format.ts";

interface Snap { id: string; createdAt: number; auto: boolean; desc: string; files: number; nft: boolean; dpkg: boolean }

export const list: Handler = async (_s, ctx) => {
  const snaps = await read<Snap[]>(ctx, "snapshots.list");
  if (!snaps.length) return { text: "There are no snapshots yet. Ask me to \"take a snapshot\"." };
  return { text: `Snapshots (newest last):\n${bullet(snaps.slice(-10).map((s) => `${s.id} ${ago(s.createdAt, ctx.now())} ${s.auto ? "auto" : "manual"}: ${s.desc}`))}` };
};

export const create: Handler = async (slots) => {
  const desc = slots.label ?? "taken from chat";
  return { text: `Plan: take a manual snapshot ("${desc}") of the configuration, the firewall and the package selections.`, plan: { title: `take a snapshot "${desc}"`, steps: [{ tool: "snapshots.create", input: { desc }, why: "the operator asked for a snapshot" }] } };
};

export const rollback: Handler = async (slots, ctx) => {
  const snaps = await read<Snap[]>(ctx, "snapshots.list");
  const target = slots.snapshot ? snaps.find((s) => s.id === slots.snapshot) : [...snaps].reverse().find((s) => s.auto) ?? snaps[snaps.length - 1];
  if (!target) return { text: slots.snapshot ? `There is no snapshot ${slots.snapshot}.` : "There is nothing to undo: no snapshot has been taken yet." };
  return {
    text: `The ${slots.snapshot ? "" : "last "}change was snapshotted ${ago(target.createdAt, ctx.now())}: ${target.desc}.\nPlan: restore ${target.id} (${target.files} files${target.nft ? ", the firewall" : ""}${target.dpkg ? ", the package selections" : ""}).`,
    plan: { title: `restore snapshot ${target.id}`, steps: [{ tool: "snapshots.restore", input: { id: target.id }, why: `the operator asked to undo: ${target.desc}` }], check: { kind: "access" } },
  };
};
