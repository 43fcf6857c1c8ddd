// A service, as declared in image/services/*.toml (built in) or /etc/aios/services/*.toml (operator).

export type Readiness =
  | { kind: "started" }                       // ready as soon as it is running
  | { kind: "notify" }                        // the service POSTs /notify on the control socket
  | { kind: "tcp"; port: number; host: string }
  | { kind: "unix"; path: string }            // a unix socket accepts connections
  | { kind: "http"; url: string }             // GET answers 2xx
  | { kind: "file"; path: string };           // a file exists

export interface ServiceSpec {
  id: string;
  description: string;
  command: string[];
  kind: "longrun" | "oneshot";
  dependsOn: string[];
  ready: Readiness;
  readyTimeoutMs: number;
  /** When ready times out: "fail" marks it failed; "degrade" counts it as up but reports it. */
  onReadyTimeout: "fail" | "degrade";
  restart: "always" | "on-failure" | "never";
  backoffInitialMs: number;
  backoffMaxMs: number;
  /** deathTallyCount deaths within deathTallyWindowS seconds → failed (like s6-permafailon). */
  deathTallyCount: number;
  deathTallyWindowS: number;
  stopTimeoutMs: number;
  env: Record<string, string>;
  cwd?: string;
  /** Run on this terminal (stdin/stdout/stderr); otherwise output is captured into the logs. */
  tty?: string;
  /** Run as this user (name or uid) and group; root when absent. */
  user?: string;
  group?: string;
  /** Linux capabilities kept as ambient ones (e.g. "dac_read_search"); the bounding set drops the rest.
   *  An empty list drops every capability, root's included (uid 0 with CapEff 0). */
  capabilities?: string[];
  /** Mounted read-only in the service's own mount namespace (e.g. /etc), before privileges drop. */
  readOnlyPaths?: string[];
  /** A folder under /run that init makes before each start, owned by the service's user and group (like
   *  systemd's RuntimeDirectory): a daemon that never runs as root cannot make it under root's /run. */
  runtimeDir?: { path: string; mode: number };
  /** The file mode creation mask the service starts with (init's own is 022): a daemon that makes its
   *  sockets for a group (chronyd's command socket) needs one that leaves the group's bits. */
  umask?: number;
  /** Why the service keeps every capability of root (no user, no capabilities list); the build requires
   *  one for each built-in service that does, so none keeps them by omission. */
  rootReason?: string;
  /** Set PR_SET_NO_NEW_PRIVS: setuid binaries cannot raise the service's privileges. */
  noNewPrivs: boolean;
  /** cgroup v2 limits, applied when the kernel offers the controller. */
  limits: { memoryMax?: string; cpuWeight?: number; pidsMax?: number };
  /** The service must POST a heartbeat (status "watchdog") this often once ready, or it is killed. */
  watchdogMs?: number;
  /** What happens to this service when a dependency restarts. */
  onDependencyRestart: "restart" | "ignore";
  source: string;
}

export interface ServiceDb {
  version: 1;
  /** Topologically sorted: every service comes after its dependencies. */
  services: ServiceSpec[];
}
