// Why the appliance is running degraded, in words status can show: the state disk full or read-only
// now (probed live), and what this boot's state check moved aside. Empty when all is well.
import { existsSync, readFileSync } from "node:fs";
import { setting } from "../config/settings.ts";
import type { StatusReply } from "../control/client.ts";
import { probeDisk } from "../db/disk-error.ts";
import { findingText, reportPath, type StateReport } from "./state-check.ts";

export interface DegradedOptions { stateDir?: string; report?: string }

export function degradedReasons(o: DegradedOptions = {}): string[] {
  const reasons: string[] = [];
  const disk = probeDisk(o.stateDir ?? setting("state_dir"));
  if (disk === "full") reasons.push("state disk full");
  if (disk === "readonly") reasons.push("state disk read-only");
  const file = o.report ?? reportPath();
  try {
    if (existsSync(file)) {
      const r = JSON.parse(readFileSync(file, "utf8")) as StateReport;
      for (const f of r.findings) reasons.push(findingText(f));
      for (const e of r.errors) reasons.push(`state check failed: ${e}`);
    }
  } catch { reasons.push(`cannot read the state check's report ${file}`); }
  return reasons;
}

/** What init's view adds: the model runtime given up on (failed), so chat runs on the rules alone. */
export function serviceReasons(services: readonly { name: string; state: string; reason: string | null }[]): string[] {
  const models = services.find((s) => s.name === "models");
  return models?.state === "failed" ? [`model runtime failed (${models.reason ?? "see aiosctl logs models"}): chat answers from the rules (reactive tier)`] : [];
}

/** init's status with why the appliance runs degraded added, as every console shows it. */
export const withDegraded = (st: StatusReply): StatusReply => ({ ...st, degraded: [...degradedReasons(), ...serviceReasons(st.services)] });

/** The status line: "DEGRADED: state disk full; …", or undefined when nothing is wrong. */
export const degradedLine = (reasons: readonly string[]) => (reasons.length ? `DEGRADED: ${reasons.join("; ")}` : undefined);
