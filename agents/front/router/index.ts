// The front agent's reactive intent router: route(text, ctx) → Route (see types.ts).
export { route, THRESHOLD } from "./route.ts";
export { INTENTS, type Intent, type Route, type RouteContext, type Slots } from "./types.ts";
export { TABLE, type IntentSpec } from "./intents.ts";
export { SERVICE_ALIASES } from "./services.ts";
