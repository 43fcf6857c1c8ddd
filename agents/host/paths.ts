// Where the agent host and the executor keep their files and sockets (rows of the one settings table).
// The host runs as an unprivileged user, so its database and socket live in folders it owns (the
// executor makes them at start).
import { setting } from "../../runtime/config/settings.ts";

export const agentPaths = {
  stateDir: () => setting("agents_state_dir"),
  db: () => setting("agents_db"),
  runDir: () => setting("agents_run_dir"),
  hostSocket: () => setting("agent_socket"),
  executorSocket: () => setting("executor_socket"),
  adminSocket: () => setting("executor_admin_socket"),
  webSocket: () => setting("executor_web_socket"),
  compiled: () => setting("agents_file"),
  overrides: () => setting("operator_agents"),
  autonomy: () => setting("autonomy_file"),
};

/** The user the agent host runs as. */
export const AGENT_USER = "aios-agent";
/** The user the web console runs as (its executor socket is root:aios-web 0660). */
export const WEB_USER = "aios-web";
/** Who may connect to the agent host's and the model runtime's sockets and read the agents' folder. */
export const IPC_GROUP = "aios-ipc";
