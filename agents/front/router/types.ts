// The front agent's understanding of a request on the reactive tier: one intent from a fixed
// catalogue, the slots it needs, and, when a slot is missing or the words are ambiguous, the question to
// ask back. Free text no intent fits is "unknown" and escalates through the model hierarchy.

/** Every intent the reactive router can name. The handlers (agents/front/intents/) hold one each. */
export const INTENTS = [
  "help", "greeting",
  "status.overview", "system.info", "agents.status", "models.list", "goals.list",
  "service.status", "service.start", "service.stop", "service.restart", "service.logs",
  "disk.usage", "memory.usage", "processes.top",
  "network.show", "ports.list",
  "firewall.show", "firewall.open_port", "firewall.close_port", "firewall.block_all_incoming", "firewall.block_address", "firewall.reset",
  "packages.install", "packages.remove", "packages.upgradable", "packages.upgrade", "packages.installed",
  "users.list", "users.add", "users.remove", "keys.list", "keys.add", "keys.remove",
  "snapshots.list", "snapshots.create", "snapshots.rollback",
  "incidents.list", "incidents.explain", "decision.explain", "changes.since",
  "autonomy.set", "system.reboot",
] as const;
export type Intent = (typeof INTENTS)[number];

/** Slot values, normalised: ports are numbers, times are epoch ms, names are lower-case words. */
export interface Slots {
  service?: string;
  port?: number;
  proto?: "tcp" | "udp";
  package?: string;
  user?: string;
  key?: string;
  addr?: string;
  path?: string;
  snapshot?: string;
  incident?: number;
  /** epoch ms ("since yesterday" → local midnight a day ago; "the last hour" → now − 1 h) */
  since?: number;
  label?: string;
  purpose?: string;
  lines?: number;
  autonomy?: "on" | "off" | "propose";
}

export interface Route {
  intent: Intent | "unknown";
  /** 0..1: how sure the router is. Below the front agent's threshold the request escalates. */
  confidence: number;
  slots: Slots;
  /** Required slots still missing; the front agent asks `clarify` and routes the reply with `pending`. */
  missing: (keyof Slots)[];
  clarify?: string;
}

/** What the router may know about the machine (to recognise names) and the conversation so far. */
export interface RouteContext {
  services?: readonly string[];
  users?: readonly string[];
  /** The previous turn's route when it asked a clarifying question; the reply fills its missing slots. */
  pending?: Route;
  now?: number;
}
