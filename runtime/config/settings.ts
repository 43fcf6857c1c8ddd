// Every setting of the running appliance in one table: its key in code, its key in
// /etc/aios/config.toml, the environment variable that overrides it, its kind, default, which
// services must restart to see a change, and its help. Defaults may name other keys
// ({state_dir}/aios.db), so moving the state dir moves everything under it. The docs, the shipped
// config.toml and `aiosctl config` are generated from this table; resolve.ts layers the sources.
import { isIP } from "node:net";
import { bool, duration, int, type Kind, list, oneOf, path, text, type Value } from "./kinds.ts";
import { type Env, type Explained, explainIn } from "./resolve.ts";

export interface Setting {
  /** snake_case; what code asks for: setting("state_dir"). */
  key: string;
  /** section.name, as written in config.toml. */
  toml: string;
  env: string;
  kind: Kind;
  /** Text form, with {key} placeholders for other settings. */
  default: string;
  /** Services to restart after a change ("reboot": init reads it at boot); empty: read when used. */
  restart: readonly string[];
  /** False for the one setting that locates the config files themselves. */
  inFile?: false;
  help: string;
}

const REBOOT = ["reboot"] as const;
const hostname = (v: string) => (/^(?=.{1,63}$)[a-z0-9]([a-z0-9-]*[a-z0-9])?$/i.test(v) ? undefined : "must be a hostname: letters, digits and inner dashes, at most 63");
const address = (v: string) => (isIP(v) ? undefined : "must be an IPv4 or IPv6 address");
const orEmpty = (check: (v: string) => string | undefined) => (v: string) => (v === "" ? undefined : check(v));
const cidr = (v: string) => { const [a, n, ...rest] = v.split("/"); const bits = isIP(a ?? "") === 6 ? 128 : 32; return isIP(a ?? "") && /^\d{1,3}$/.test(n ?? "") && Number(n) <= bits && !rest.length ? undefined : "must be an address with its prefix length, e.g. 192.0.2.10/24"; };
const url = (v: string) => (/^https?:\/\/[^\s/?#]+[^\s]*$/.test(v) && URL.canParse(v) ? undefined : "must be an http:// or https:// URL");
const host = (v: string) => (isIP(v) || /^[a-z0-9]([a-z0-9.-]{0,251}[a-z0-9])?$/i.test(v) ? undefined : "must be a host name or an IP address");
const timezone = (v: string) => { try { new Intl.DateTimeFormat("en", { timeZone: v }); return undefined; } catch { return "must be an IANA time zone such as UTC or Europe/Berlin"; } };

const p = (key: string, toml: string, env: string, dflt: string, help: string, restart: readonly string[] = REBOOT) =>
  ({ key, toml, env, kind: path, default: dflt, restart, help });

export const SETTINGS = [
  p("state_dir", "paths.state_dir", "AIOS_STATE_DIR", "/var/lib/aios", "persistent state (the AIOS-STATE disk, or RAM without one)"),
  { ...p("config_dir", "paths.config_dir", "AIOS_CONFIG_DIR", "/etc/aios", "configuration: this file, config.d, policy, agents, models, operator services"), inFile: false as const },
  p("run_dir", "paths.run_dir", "AIOS_RUN_DIR", "/run/aios", "sockets and other runtime files (tmpfs)"),
  p("state_db", "paths.state_db", "AIOS_STATE_DB", "{state_dir}/aios.db", "the state database (samples, memory, approvals, decisions)"),
  p("audit_db", "paths.audit_db", "AIOS_AUDIT_DB", "{state_dir}/audit.db", "the hash-chained audit log, in its own file so a damaged state database never takes it along"),
  p("control_socket", "sockets.control", "AIOS_CONTROL", "{run_dir}/init.sock", "init's control socket (aiosctl, the consoles)"),
  p("control_read_socket", "sockets.control_read", "AIOS_CONTROL_READ", "{run_dir}/init-read.sock", "init's read-only control socket (root:aios-ipc 0660): status, logs, events, and the readiness of services that run as a user"),
  p("model_socket", "sockets.model", "AIOS_MODEL_SOCKET", "{run_dir}/models.sock", "the local model runtime's socket"),
  p("agents_state_dir", "paths.agents_state_dir", "AIOS_AGENTS_STATE_DIR", "{state_dir}/agents", "the unprivileged agent host's own folder (agents.db: incidents, jobs, memo, decisions)"),
  p("agents_db", "paths.agents_db", "AIOS_AGENTS_DB", "{agents_state_dir}/agents.db", "the agents' database"),
  p("agents_run_dir", "paths.agents_run_dir", "AIOS_AGENTS_RUN_DIR", "{run_dir}/agents", "the agent host's runtime folder (owned by aios-agent)"),
  p("agent_socket", "sockets.agent", "AIOS_AGENT_SOCKET", "{agents_run_dir}/agents.sock", "the agent host's socket (agents, incidents, pause/resume)"),
  p("executor_socket", "sockets.executor", "AIOS_EXECUTOR_SOCKET", "{run_dir}/executor.sock", "the executor's socket for the agent host (root:aios-agent 0660)"),
  p("executor_web_socket", "sockets.executor_web", "AIOS_EXECUTOR_WEB_SOCKET", "{run_dir}/executor-web.sock", "the executor's socket for the unprivileged web console (root:aios-web 0660): people's verbs, each naming the person (x-aios-who) and their role"),
  p("executor_admin_socket", "sockets.executor_admin", "AIOS_EXECUTOR_ADMIN_SOCKET", "{run_dir}/executor-admin.sock", "the executor's socket for people (root 0600): approve, reject, autonomy"),
  p("agents_file", "paths.agents_file", "AIOS_AGENTS", "{config_dir}/agents.json", "the compiled built-in agent declarations"),
  p("operator_agents", "paths.operator_agents", "AIOS_OPERATOR_AGENTS", "{config_dir}/agents", "operator overrides of agent declarations (*.toml)"),
  p("autonomy_file", "paths.autonomy_file", "AIOS_AUTONOMY_FILE", "{state_dir}/autonomy", "the appliance-wide autonomy switch that `aiosctl autonomy` sets (off, propose, on)"),
  p("log_dir", "paths.log_dir", "AIOS_LOG_DIR", "{state_dir}/log", "service logs, one file per service"),
  p("snapshot_dir", "paths.snapshot_dir", "AIOS_SNAPSHOT_DIR", "{state_dir}/snapshots", "snapshots taken before changes"),
  p("models_dir", "paths.models_dir", "AIOS_MODELS_DIR", "{state_dir}/models", "GGUF model files the local runtime serves"),
  p("models_config", "paths.models_config", "AIOS_MODELS_CONFIG", "{config_dir}/models.toml", "tiers, policies, budgets, remote providers and the runtime profile"),
  p("secrets", "paths.secrets", "AIOS_SECRETS", "{config_dir}/secrets.toml", "provider API keys (root only, mode 0600)"),
  p("services_file", "paths.services_file", "AIOS_SERVICES", "{config_dir}/services.json", "the compiled built-in service declarations"),
  p("operator_services", "paths.operator_services", "AIOS_OPERATOR_SERVICES", "{config_dir}/services", "operator service declarations (*.toml)"),
  { key: "web_port", toml: "web.port", env: "AIOS_WEB_PORT", kind: int(1, 65535), default: "9090", restart: ["web"], help: "the web console's TCP port" },
  { key: "web_bind", toml: "web.bind", env: "AIOS_WEB_BIND", kind: text(address, "IP address"), default: "0.0.0.0", restart: ["web"], help: "the address the web console listens on (0.0.0.0: every interface; 127.0.0.1: ssh tunnels only)" },
  { key: "web_redirect_port", toml: "web.redirect_port", env: "AIOS_WEB_REDIRECT_PORT", kind: int(0, 65535), default: "0", restart: ["web"], help: "plain HTTP on this port only redirects to the console's https:// address (0, the default: no redirect listener; the firewall does not open it either)" },
  p("web_state_dir", "web.state_dir", "AIOS_WEB_STATE_DIR", "{state_dir}/web", "the web console's own folder (aios-web 0700): token, users, the self-signed certificate and key, its models database", ["web"]),
  p("web_cert_dir", "web.cert_dir", "AIOS_WEB_CERT_DIR", "{config_dir}/web", "the operator's own certificate for the console: cert.pem and key.pem here win over the self-signed one made on first boot in {state_dir}/web", ["web"]),
  { key: "web_session_idle", toml: "web.session_idle", env: "AIOS_WEB_SESSION_IDLE", kind: duration("1m", "7d"), default: "30m", restart: ["web"], help: "a web console login ends after this long without a request" },
  { key: "web_session_max", toml: "web.session_max", env: "AIOS_WEB_SESSION_MAX", kind: duration("5m", "30d"), default: "12h", restart: ["web"], help: "a web console login ends this long after it began, however busy" },
  { key: "web_terminal_idle", toml: "web.terminal_idle", env: "AIOS_WEB_TERMINAL_IDLE", kind: duration("1m", "24h"), default: "15m", restart: [], help: "a web console root shell (/terminal) ends after this long without a keystroke; read when a shell opens" },
  { key: "hostname", toml: "system.hostname", env: "AIOS_HOSTNAME", kind: text(hostname, "hostname"), default: "aios", restart: [], help: "the hostname the network agent keeps (it proposes a change for approval); agents/network.toml [settings] hostname overrides it" },
  { key: "timezone", toml: "system.timezone", env: "AIOS_TIMEZONE", kind: text(timezone, "IANA time zone"), default: "UTC", restart: ["agents"], help: "the time zone scheduled jobs' cron expressions are read in" },
  { key: "log_file_max_kib", toml: "logs.file_max_kib", env: "AIOS_LOG_FILE_MAX_KIB", kind: int(16, 1_048_576), default: "1024", restart: REBOOT, help: "a service's log file is rotated to <name>.log.1 past this size (one old file is kept)" },
  { key: "log_ring_lines", toml: "logs.ring_lines", env: "AIOS_LOG_RING_LINES", kind: int(100, 1_000_000), default: "5000", restart: REBOOT, help: "recent log lines init keeps in memory for `aiosctl logs` (all services together)" },
  { key: "default_autonomy", toml: "policy.default_autonomy", env: "AIOS_DEFAULT_AUTONOMY", kind: oneOf("off", "propose", "on"), default: "on", restart: [], help: "the agents' autonomy until someone sets the switch (`aiosctl autonomy`), which then wins" },
  { key: "approval_ttl", toml: "policy.approval_ttl", env: "AIOS_APPROVAL_TTL", kind: duration("1m", "30d"), default: "1h", restart: ["executor", "web"], help: "how long a queued tool call waits for a person before it expires" },
  { key: "net_address", toml: "network.address", env: "AIOS_NET_ADDRESS", kind: text(orEmpty(cidr), "address/prefix or empty"), default: "", restart: ["network"], help: "a static address with its prefix on the uplink, e.g. 192.0.2.10/24 (empty: DHCP); the first-boot setup (/setup on the console) sets it" },
  { key: "net_gateway", toml: "network.gateway", env: "AIOS_NET_GATEWAY", kind: text(orEmpty(address), "IP address or empty"), default: "", restart: ["network"], help: "the default gateway with a static address (empty: none)" },
  { key: "net_dns", toml: "network.dns", env: "AIOS_NET_DNS", kind: list, default: "", restart: ["network"], help: "nameservers with a static address (empty: /etc/resolv.conf is left as it is)" },
  { key: "notify_webhook_url", toml: "notify.webhook_url", env: "AIOS_NOTIFY_WEBHOOK_URL", kind: text(orEmpty(url), "URL or empty"), default: "", restart: ["notify"], help: "incidents that need a person and pending approvals are POSTed here as JSON, signed with X-Aios-Signature: sha256=<HMAC of the body> when secrets.toml has [notify] webhook_secret (empty: no webhook)" },
  { key: "notify_email_to", toml: "notify.email_to", env: "AIOS_NOTIFY_EMAIL_TO", kind: list, default: "", restart: ["notify"], help: "the same by email to these addresses, through notify.smtp_host (empty: no email)" },
  { key: "notify_email_from", toml: "notify.email_from", env: "AIOS_NOTIFY_EMAIL_FROM", kind: text(), default: "aios@{hostname}", restart: ["notify"], help: "the sender of notification emails" },
  { key: "notify_smtp_host", toml: "notify.smtp_host", env: "AIOS_NOTIFY_SMTP_HOST", kind: text(orEmpty(host), "host name or address"), default: "", restart: ["notify"], help: "the SMTP server notification emails go through" },
  { key: "notify_smtp_port", toml: "notify.smtp_port", env: "AIOS_NOTIFY_SMTP_PORT", kind: int(1, 65535), default: "25", restart: ["notify"], help: "its port (25, 587 with STARTTLS, 465 with TLS)" },
  { key: "notify_smtp_security", toml: "notify.smtp_security", env: "AIOS_NOTIFY_SMTP_SECURITY", kind: oneOf("starttls", "tls", "none"), default: "starttls", restart: ["notify"], help: "starttls: upgrade the connection and refuse to send without it; tls: TLS from the start (port 465); none: plain text (a relay on a trusted network only)" },
  { key: "notify_smtp_user", toml: "notify.smtp_user", env: "AIOS_NOTIFY_SMTP_USER", kind: text(), default: "", restart: ["notify"], help: "the SMTP login (its password: [notify] smtp_password in secrets.toml); empty: no login" },
  { key: "notify_min_severity", toml: "notify.min_severity", env: "AIOS_NOTIFY_MIN_SEVERITY", kind: oneOf("info", "warning", "critical"), default: "warning", restart: [], help: "incidents below this severity are not sent (pending approvals always are)" },
  { key: "notify_console_url", toml: "notify.console_url", env: "AIOS_NOTIFY_CONSOLE_URL", kind: text(url, "URL"), default: "https://{hostname}:{web_port}", restart: [], help: "the web console's address as the receiver reaches it; messages link to its pages" },
  { key: "notify_max_attempts", toml: "notify.max_attempts", env: "AIOS_NOTIFY_MAX_ATTEMPTS", kind: int(1, 100), default: "12", restart: [], help: "tries per message (waits double from 30 s to 1 h between them) before it is marked failed" },
  { key: "apt_options", toml: "packages.apt_options", env: "AIOS_APT_OPTIONS", kind: list, default: "", restart: ["executor"], help: "apt configuration for the package tools and snapshots, each item Key=Value as apt-get -o takes it (e.g. Acquire::http::Proxy=http://proxy:3128, or Dir::* for another apt root)" },
  { key: "dpkg_options", toml: "packages.dpkg_options", env: "AIOS_DPKG_OPTIONS", kind: list, default: "", restart: ["executor"], help: "dpkg options for the same (e.g. --admindir=… and --root=… for another dpkg root); dpkg-query gets --admindir and --root" },
  p("update_public_key", "update.public_key", "AIOS_UPDATE_PUBLIC_KEY", "/usr/share/aios/update.pub", "the ed25519 key update bundles must be signed with (the build puts its own here)", []),
  { key: "update_commit_deadline", toml: "update.commit_deadline", env: "AIOS_UPDATE_COMMIT_DEADLINE", kind: duration("30s", "1h"), default: "5m", restart: [], help: "a trial boot of an update must be healthy (every service up, ssh and the web console answering) this long after the kernel started, or it reboots and falls back" },
  { key: "watchdog_interval", toml: "update.watchdog_interval", env: "AIOS_WATCHDOG_INTERVAL", kind: duration("1s", "60s"), default: "10s", restart: ["reboot"], help: "how often PID 1 feeds the hardware watchdog (/dev/watchdog; it reboots a hung system after about 30 s)" },
  { key: "metrics_public", toml: "web.metrics_public", env: "AIOS_METRICS_PUBLIC", kind: bool, default: "false", restart: [], help: "serve the web console's /metrics without the token (true: for a Prometheus on a trusted network)" },
] as const satisfies readonly Setting[];

export type SettingKey = (typeof SETTINGS)[number]["key"];
export type { Env, Explained, Value };

/** The value of one setting as text: the highest layer that sets it, else its default. Never throws for a bad file. */
export function setting(key: SettingKey, env: Env = process.env): string {
  return explainIn(SETTINGS, key, env).text;
}

/** The typed value: a number for int, milliseconds for a duration, a boolean, a list. */
export function value(key: SettingKey, env: Env = process.env): Value {
  return explainIn(SETTINGS, key, env).value;
}

/** Which layer set a setting (flag, environment, file:line, default), the value, and the problems met. */
export function explain(key: string, env: Env = process.env): Explained {
  return explainIn(SETTINGS, key, env);
}

/** Every setting with its current value, for `--help`, docs and `aiosctl config show`. */
export function allSettings(env: Env = process.env): { key: SettingKey; env: string; value: string; default: string; help: string }[] {
  return SETTINGS.map((s) => ({ key: s.key, env: s.env, value: setting(s.key, env), default: s.default, help: s.help }));
}
