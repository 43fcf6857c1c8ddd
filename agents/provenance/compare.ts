// Does a replayed answer agree with what was decided? Schema decisions agree on the same action with
// the same parameters (an agent's reason is prose and may differ); function decisions on the same call;
// free text is not compared. What was not decided at all is not comparable either.
import { canonicalJson } from "../../runtime/models/hash.ts";
import type { ModelOutput } from "../../runtime/models/model.ts";

export type Verdict = "agree" | "disagree" | "no answer" | "not comparable";

type Choiceish = { action?: unknown; params?: unknown };
const isChoice = (v: unknown): v is Choiceish => !!v && typeof v === "object" && "action" in v;

/** The part of an answer that must match: action + params, the call, or the whole object. */
function essence(o: ModelOutput): string | undefined {
  if (o.kind === "object") return isChoice(o.object) ? canonicalJson({ action: o.object.action, params: o.object.params ?? {} }) : canonicalJson(o.object);
  if (o.kind === "function") return canonicalJson({ call: o.call.name, arguments: o.call.arguments });
  return undefined;
}

export function compareOutputs(recorded: ModelOutput, replayed: ModelOutput | undefined): { verdict: Verdict; why?: string } {
  if (recorded.kind === "unknown") return { verdict: "not comparable", why: "nothing was decided then" };
  if (recorded.kind === "text") return { verdict: "not comparable", why: "text answers are not compared" };
  if (!replayed || replayed.kind === "unknown") return { verdict: "no answer", why: replayed?.kind === "unknown" ? replayed.reason : "no answer" };
  if (replayed.kind !== recorded.kind) return { verdict: "disagree", why: `answered ${replayed.kind}, not ${recorded.kind}` };
  return essence(recorded) === essence(replayed) ? { verdict: "agree" } : { verdict: "disagree" };
}

/** One line for people: the action and its parameters, the call, or the text. */
export function outputSummary(o: ModelOutput | undefined): string {
  if (!o) return "nothing";
  const clip = (s: string) => (s.length > 100 ? `${s.slice(0, 97)}...` : s);
  switch (o.kind) {
    case "object": return clip(isChoice(o.object) ? `${String(o.object.action)} ${JSON.stringify(o.object.params ?? {})}` : JSON.stringify(o.object));
    case "function": return clip(`${o.call.name}(${JSON.stringify(o.call.arguments)})`);
    case "text": return clip(JSON.stringify(o.content));
    case "unknown": return clip(`don't know: ${o.reason}`);
  }
}
