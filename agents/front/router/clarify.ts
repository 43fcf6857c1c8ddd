// Clarification round trips: when the previous route asked for a missing slot, a reply such as "8080"
// or "the web console" completes it; a reply that is plainly a new request is routed afresh.
import type { Lexed } from "./lex.ts";
import { extractSlots } from "./slots.ts";
import { TABLE } from "./intents.ts";
import type { Intent, Route, RouteContext, Slots } from "./types.ts";

/** A confident route this sure, from a reply longer than a few words, is a new request. */
const NEW_REQUEST = 0.55;
const SHORT_REPLY = 3;
/** A reply this long that routes nowhere is not an answer to the question. */
const LONG_REPLY = 6;

/** The route for `intent` with these slots: what is still missing and the question that asks for it. */
export function complete(intent: Intent, slots: Slots, confidence: number): Route {
  const spec = TABLE[intent];
  const missing = (spec.required ?? []).filter((k) => slots[k] === undefined);
  return missing.length && spec.ask ? { intent, confidence, slots, missing, clarify: spec.ask } : { intent, confidence, slots, missing };
}

/** Routes a reply to `pending`'s question; `fresh` is how the reply routes on its own. */
export function resume(pending: Route, lx: Lexed, fresh: Route, ctx: RouteContext): Route {
  if (pending.intent === "unknown") return fresh;
  const intent = pending.intent;
  if (fresh.intent === "unknown" && lx.toks.length > LONG_REPLY) return fresh;
  if (fresh.intent === intent) return complete(intent, { ...pending.slots, ...fresh.slots }, Math.max(pending.confidence, fresh.confidence));
  const got = extractSlots(intent, lx, new Set(), ctx.users);
  const filled = pending.missing.filter((k) => got[k] !== undefined);
  const isNew = fresh.intent !== "unknown" && fresh.confidence >= NEW_REQUEST && lx.toks.length > SHORT_REPLY;
  if (filled.length === 0 || isNew) return fresh;
  const slots: Slots = { ...pending.slots };
  for (const k of Object.keys(got) as (keyof Slots)[]) if (slots[k] === undefined) Object.assign(slots, { [k]: got[k] });
  return complete(intent, slots, pending.confidence);
}
