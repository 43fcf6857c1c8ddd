// An agent's declaration: image/agents/<name>.toml, checked at build time (errors name file, line and
// key) and compiled into /etc/aios/agents.json; operator overrides in /etc/aios/agents/<name>.toml lay
// over it at start. The agent's code (agents/<name>/) holds only its steps.
import type { Mode } from "../../runtime/policy/modes.ts";
import type { Tier } from "../../runtime/models/model.ts";

export interface JobSpec {
  /** Unique within the agent; the key of AgentModule.jobs. */
  name: string;
  /** Cron expression (croner syntax, 5 or 6 fields) */
  cron: string;
  description?: string;
}

export interface EscalationSpec {
  /** Highest tier a decision may reach (default "remote"); "reactive" means rules only. */
  highest: Tier;
  /** After this many cycles without the symptom clearing, an action counts as failed (default 3). */
  verifyCycles: number;
}

export interface AgentSpec {
  name: string;
  description: string;
  /** Where the declaration came from (file path), for error messages. */
  source: string;
  /** Whether the host runs it (an operator may disable one agent). */
  enabled: boolean;
  /** How often observe → detect runs. */
  intervalMs: number;
  /** What it watches: paths, commands, streams (shown on the consoles; documentation for people). */
  watches: string[];
  /** Finding kinds it decides on; each must have a rule set in the agent's code (checked at build). */
  decisions: string[];
  /** Tools it is equipped with; they become its capabilities. */
  tools: string[];
  policy: { mode: Mode; capabilities: string[]; confirm: string[]; dangerous: string[]; allowlist: string[] };
  escalation: EscalationSpec;
  jobs: JobSpec[];
  /** Free agent-specific settings (thresholds, paths); the agent reads them from ctx.settings. */
  settings: Record<string, unknown>;
}

export interface AgentDb {
  version: 1;
  agents: AgentSpec[];
}
