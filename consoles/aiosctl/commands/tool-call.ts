// How aiosctl's area verbs (firewall, packages) act: one tool call as the person at the terminal,
// through the registry under the operator's policy, exactly as `aiosctl tool call` does, so
// capabilities, lock-out guards, approvals and the audit log all apply. An outcome becomes output and
// an exit code here: done prints, pending prints the approval id and how to approve it (exit 0),
// refusals and failures go through fail().
import { HUMAN } from "../../../runtime/models/model.ts";
import type { Effect } from "../../../runtime/policy/effects.ts";
import { personActor, withApplianceTools } from "../../../tools/appliance.ts";
import type { CallOutcome } from "../../../tools/outcome.ts";
import { outcomeText } from "../../render/outcome.ts";
import { EXIT, fail } from "../fail.ts";

export const who = () => personActor(process.env.SSH_CONNECTION ? "ssh" : "aiosctl");

export function operatorCall(tool: string, input: unknown, reason: string): Promise<CallOutcome> {
  return withApplianceTools((sys) => sys.registry.call({ agent: "operator", tool, input, why: { reason: `${reason} (asked by ${who()})`, tier: HUMAN } }));
}

/** A call's plan as the registry previews it (nothing runs, nothing is queued or audited); null when it would be refused. */
export async function previewEffects(tool: string, input: unknown): Promise<Effect[] | null> {
  const p = await withApplianceTools((sys) => sys.registry.preview({ agent: "operator", tool, input, why: { reason: "preview", tier: HUMAN } }));
  return p.status === "preview" ? p.plan.effects : null;
}

/** Exit code of a call's outcome: done and queued are fine; refusals by input are usage errors. */
export const outcomeCode = (o: CallOutcome) => (o.status === "done" || o.status === "pending" ? EXIT.ok : o.status === "refused" && o.blame === "input" ? EXIT.usage : EXIT.failure);

/** A read's result, or fail() with why it could not be read. */
export function resultOf<T>(out: CallOutcome, hint?: string): T {
  if (out.status === "done") return out.result as T;
  fail(outcomeText(out), hint, outcomeCode(out));
}

/**
 * Prints a change's outcome. `human` renders a done call (default: the outcome text); a pending one
 * always shows its approval id, effects and the approve/reject commands. `hint` explains a refusal.
 */
export function report(out: CallOutcome, json: boolean | undefined, o: { human?: (out: CallOutcome & { status: "done" }) => string; hint?: (out: CallOutcome) => string | undefined; code?: (out: CallOutcome) => number | undefined } = {}): number {
  const code = o.code?.(out) ?? outcomeCode(out);
  if (code !== EXIT.ok) fail(outcomeText(out), o.hint?.(out), code);
  console.log(json ? JSON.stringify(out, null, 2) : out.status === "done" && o.human ? o.human(out) : outcomeText(out));
  return EXIT.ok;
}
