// Placeholder until the router lands: nothing is routed.
import type { Route, RouteContext } from "./types.ts";
export function route(_text: string, _ctx: RouteContext = {}): Route {
  return { intent: "unknown", confidence: 0, slots: {}, missing: [] };
}
