// Policy: capabilities, modes, patterns, risk from effects, lock-out guards and the approval queue.
export * from "./effects.ts";
export * from "./risk.ts";
export * from "./capabilities.ts";
export * from "./modes.ts";
export * from "./config.ts";
export * from "./lockout.ts";
export * from "./approvals.ts";
