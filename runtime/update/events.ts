// Boot events: one line each in {state_dir}/boot/events, "<unix seconds> <kind> <system> <why>". Stage 1
// appends them (it has no database); the update service moves them into the audit log at boot.
import { appendFileSync, existsSync, readFileSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { syncDir } from "../durable.ts";

export interface BootEvent { at: number; kind: string; system: string; why: string }

export function parseEvents(text: string): BootEvent[] {
  return text.split("\n").filter((l) => l.trim()).map((l) => {
    const [at, kind, system, ...why] = l.split(" ");
    return { at: Number(at) || 0, kind: kind ?? "unknown", system: system ?? "", why: why.join(" ") };
  });
}

export function appendEvent(file: string, e: Omit<BootEvent, "at"> & { at?: number }): void {
  appendFileSync(file, `${Math.floor((e.at ?? Date.now()) / 1000)} ${e.kind} ${e.system} ${e.why.replace(/\n/g, " ")}\n`);
  syncDir(file);
}

/** Events not yet taken; they move to events.taken (the history status shows), so each reaches the audit log once. */
export function takeEvents(file: string): BootEvent[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, "utf8");
  appendFileSync(`${file}.taken`, text);
  syncDir(`${file}.taken`);
  rmSync(file);
  syncDir(dirname(file));
  return parseEvents(text);
}
