// A tool call's outcome as a few lines of text, for aiosctl and the serial console.
import { describeEffect } from "../../runtime/policy/effects.ts";
import type { CallOutcome } from "../../tools/outcome.ts";

export function outcomeText(out: CallOutcome): string {
  const effects = "effects" in out && out.effects?.length ? `\n${out.effects.map((e) => `  - ${describeEffect(e)}`).join("\n")}` : "";
  switch (out.status) {
    case "done": {
      const result = JSON.stringify(out.result ?? null, null, 2);
      return `done (${out.risk} risk${out.snapshotId ? `, snapshot ${out.snapshotId}` : ""})${effects}${result === "null" ? "" : `\n${result}`}`;
    }
    case "pending":
      return `queued for approval as ${out.approvalId} (${out.reason}; ${out.risk} risk, expires ${new Date(out.expiresAt).toISOString()})${effects}\n`
        + `approve with \`aiosctl approve ${out.approvalId}\` or reject with \`aiosctl reject ${out.approvalId}\``;
    case "refused": return `refused (${out.blame}): ${out.reason}${effects}`;
    case "failed": return `failed: ${out.error}${effects}`;
    case "rolled_back": return `rolled back to ${out.snapshotId}: ${out.reason}${effects}`;
  }
}
