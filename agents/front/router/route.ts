// route(): text → intent, slots, and what to ask when something is missing. Reactive tier, no model:
// below the confidence threshold the answer is "unknown" and the front agent escalates.
import { lex } from "./lex.ts";
import { classify } from "./score.ts";
import { extractSlots } from "./slots.ts";
import { complete, resume } from "./clarify.ts";
import type { Route, RouteContext } from "./types.ts";

/** Routes below this confidence are "unknown". */
export const THRESHOLD = 0.3;

export function route(text: string, ctx: RouteContext = {}): Route {
  const lx = lex(text, ctx.services, ctx.now ?? Date.now());
  const c = classify(lx.toks);
  const fresh: Route = !c.best || c.confidence < THRESHOLD
    ? { intent: "unknown", confidence: c.confidence, slots: {}, missing: [] }
    : complete(c.best.intent, extractSlots(c.best.intent, lx, c.best.used, ctx.users), c.confidence);
  if (!ctx.pending || ctx.pending.missing.length === 0 || c.offTopic) return fresh;
  return resume(ctx.pending, lx, fresh, ctx);
}
