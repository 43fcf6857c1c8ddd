// Where the agent host and the executor keep their files and sockets. The host runs as an unprivileged
// user, so its database and its socket live in folders it owns (the executor makes them at start).
const state = () => process.env.AIOS_STATE_DIR ?? "/var/lib/aios";
const run = () => process.env.AIOS_RUN_DIR ?? "/run/aios";
const config = () => process.env.AIOS_CONFIG_DIR ?? "/etc/aios";

export const agentPaths = {
  /** The host's own folder on the state disk (agents.db: incidents, memo, jobs, decision log, budgets). */
  stateDir: () => `${state()}/agents`,
  db: () => `${state()}/agents/agents.db`,
  runDir: () => `${run()}/agents`,
  /** The host's socket: aiosctl agents, incidents, pause/resume. */
  hostSocket: () => process.env.AIOS_AGENTS_SOCKET ?? `${run()}/agents/agents.sock`,
  /** The executor's socket for the host (root:aios-agent 0660). */
  executorSocket: () => process.env.AIOS_EXECUTOR_SOCKET ?? `${run()}/executor.sock`,
  /** The executor's socket for people (root 0600): approve, reject, autonomy. */
  adminSocket: () => process.env.AIOS_EXECUTOR_ADMIN_SOCKET ?? `${run()}/executor-admin.sock`,
  compiled: () => process.env.AIOS_AGENTS ?? `${config()}/agents.json`,
  overrides: () => `${config()}/agents`,
  autonomy: () => `${state()}/autonomy`,
};

/** The user the agent host runs as. */
export const AGENT_USER = "aios-agent";
