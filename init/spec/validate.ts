// Turns one TOML declaration into a ServiceSpec, or a ConfigError naming the file, line and key.
import { failerFor, lineOf, parseToml } from "../../runtime/config/toml.ts";
import { CAPABILITIES } from "./capabilities.ts";
import type { Readiness, ServiceSpec } from "./types.ts";

const KEYS = ["description", "command", "kind", "depends_on", "ready", "restart", "backoff", "death_tally",
  "stop_timeout_ms", "env", "cwd", "tty", "user", "group", "no_new_privs", "capabilities", "read_only_paths", "runtime_dir", "umask", "root_reason", "limits", "watchdog_ms", "on_dependency_restart"] as const;
const LIMIT_KEYS = ["memory_max", "cpu_weight", "pids_max"];
const READY_KEYS = ["notify", "tcp", "host", "unix", "http", "file", "timeout_ms", "on_timeout"];

export { lineOf };

export function validateService(id: string, source: string, file: string): ServiceSpec {
  const raw = parseToml(source, file);
  const fail = failerFor(source, file);
  if (!/^[a-z][a-z0-9-]{0,39}$/.test(id)) fail("(name)", `service id "${id}" must be lowercase letters, digits and dashes`);
  for (const k of Object.keys(raw)) if (!(KEYS as readonly string[]).includes(k)) fail(k, "unknown key", `known keys: ${KEYS.join(", ")}`);

  const str = (k: string, v: unknown, def?: string): string => {
    if (v === undefined && def !== undefined) return def;
    return typeof v === "string" && v.length > 0 ? v : fail(k, "must be a non-empty string");
  };
  const int = (k: string, v: unknown, def: number, min = 0): number => {
    if (v === undefined) return def;
    return typeof v === "number" && Number.isInteger(v) && v >= min ? v : fail(k, `must be an integer ≥ ${min}`);
  };
  const oneOf = <T extends string>(k: string, v: unknown, allowed: readonly T[], def: T): T => {
    if (v === undefined) return def;
    return allowed.includes(v as T) ? (v as T) : fail(k, `must be one of ${allowed.join(", ")}`);
  };
  const table = (k: string, v: unknown): Record<string, unknown> => {
    if (v === undefined) return {};
    return v && typeof v === "object" && !Array.isArray(v) ? (v as Record<string, unknown>) : fail(k, "must be a table");
  };

  const command = raw.command;
  if (!Array.isArray(command) || command.length === 0 || !command.every((c) => typeof c === "string")) fail("command", "must be a non-empty array of strings");
  if (!(command as string[])[0]!.startsWith("/")) fail("command", "the program must be an absolute path");
  const dependsOn = raw.depends_on ?? [];
  if (!Array.isArray(dependsOn) || !dependsOn.every((d) => typeof d === "string")) fail("depends_on", "must be an array of service ids");

  const kind = oneOf("kind", raw.kind, ["longrun", "oneshot"] as const, "longrun");
  const r = table("ready", raw.ready);
  for (const k of Object.keys(r)) if (!READY_KEYS.includes(k)) fail(`ready.${k}`, "unknown key", `known keys: ${READY_KEYS.join(", ")}`);
  const kinds = ["notify", "tcp", "unix", "http", "file"].filter((k) => r[k] !== undefined);
  if (kinds.length > 1) fail("ready", `choose one readiness check, not ${kinds.join(" and ")}`);
  let ready: Readiness = { kind: "started" };
  if (r.notify !== undefined) ready = r.notify === true ? { kind: "notify" } : fail("ready.notify", "must be true");
  if (r.tcp !== undefined) ready = { kind: "tcp", port: int("ready.tcp", r.tcp, 0, 1), host: str("ready.host", r.host, "127.0.0.1") };
  if (r.unix !== undefined) ready = { kind: "unix", path: str("ready.unix", r.unix) };
  if (r.http !== undefined) ready = { kind: "http", url: str("ready.http", r.http) };
  if (r.file !== undefined) ready = { kind: "file", path: str("ready.file", r.file) };

  const backoff = table("backoff", raw.backoff);
  const tally = table("death_tally", raw.death_tally);
  const env = table("env", raw.env);
  for (const [k, v] of Object.entries(env)) if (typeof v !== "string") fail(`env.${k}`, "must be a string");
  const tty = raw.tty === undefined ? undefined : str("tty", raw.tty);
  if (tty && !tty.startsWith("/dev/")) fail("tty", "must be a device under /dev");

  const limits = table("limits", raw.limits);
  for (const k of Object.keys(limits)) if (!LIMIT_KEYS.includes(k)) fail(`limits.${k}`, "unknown key", `known keys: ${LIMIT_KEYS.join(", ")}`);
  const memoryMax = limits.memory_max === undefined ? undefined : String(limits.memory_max);
  if (memoryMax !== undefined && !/^(\d+[KMGT]?|max)$/.test(memoryMax)) fail("limits.memory_max", 'must be bytes with an optional K/M/G/T suffix (e.g. "256M") or "max"');
  const cpuWeight = limits.cpu_weight === undefined ? undefined : int("limits.cpu_weight", limits.cpu_weight, 100, 1);
  if (cpuWeight !== undefined && cpuWeight > 10000) fail("limits.cpu_weight", "must be between 1 and 10000");
  if (raw.no_new_privs !== undefined && typeof raw.no_new_privs !== "boolean") fail("no_new_privs", "must be true or false");
  const caps = raw.capabilities ?? [];
  if (!Array.isArray(caps) || !caps.every((c) => typeof c === "string" && /^[a-z_]{2,30}$/.test(c))) fail("capabilities", "must be a list of capability names like \"dac_read_search\" (no cap_ prefix)");
  const unknown = (caps as string[]).find((c) => !(CAPABILITIES as readonly string[]).includes(c));
  if (unknown) fail("capabilities", `"${unknown}" is not a Linux capability`, "names as in capabilities(7) without cap_, e.g. net_admin, sys_time, dac_read_search");
  const ro = raw.read_only_paths ?? [];
  if (!Array.isArray(ro) || !ro.every((p) => typeof p === "string" && /^\/[A-Za-z0-9._/-]*$/.test(p) && !p.split("/").includes(".."))) fail("read_only_paths", "must be a list of absolute paths like \"/etc\"");

  const rd = raw.runtime_dir === undefined ? undefined : table("runtime_dir", raw.runtime_dir);
  for (const k of Object.keys(rd ?? {})) if (!["path", "mode"].includes(k)) fail(`runtime_dir.${k}`, "unknown key", "known keys: path, mode");
  if (rd && !(typeof rd.path === "string" && /^\/run\/(?!\.\.?$)[A-Za-z0-9._-]+$/.test(rd.path))) fail("runtime_dir.path", 'must be a folder right under /run, like "/run/chrony"');
  if (rd?.mode !== undefined && !(typeof rd.mode === "string" && /^0?[0-7]{3}$/.test(rd.mode))) fail("runtime_dir.mode", 'must be an octal mode as a string, like "0750"');
  if (raw.umask !== undefined && !(typeof raw.umask === "string" && /^0?[0-7]{3}$/.test(raw.umask))) fail("umask", 'must be an octal mask as a string, like "0007"');
  const fullRoot = raw.user === undefined && raw.capabilities === undefined;
  if (raw.root_reason !== undefined && !fullRoot) fail("root_reason", "only a service that keeps every capability of root (no user, no capabilities list) gives a root_reason");

  return {
    id, source: file, command: command as string[], kind, dependsOn: dependsOn as string[], ready,
    description: str("description", raw.description, id),
    readyTimeoutMs: int("ready.timeout_ms", r.timeout_ms, 30_000, 1),
    onReadyTimeout: oneOf("ready.on_timeout", r.on_timeout, ["fail", "degrade"] as const, "fail"),
    restart: oneOf("restart", raw.restart, ["always", "on-failure", "never"] as const, kind === "oneshot" ? "never" : "always"),
    backoffInitialMs: int("backoff.initial_ms", backoff.initial_ms, 100, 1),
    backoffMaxMs: int("backoff.max_ms", backoff.max_ms, 30_000, 1),
    deathTallyCount: int("death_tally.count", tally.count, 10, 1),
    deathTallyWindowS: int("death_tally.window_s", tally.window_s, 60, 1),
    stopTimeoutMs: int("stop_timeout_ms", raw.stop_timeout_ms, 5_000, 1),
    env: env as Record<string, string>,
    cwd: raw.cwd === undefined ? undefined : str("cwd", raw.cwd),
    tty,
    user: raw.user === undefined ? undefined : str("user", raw.user),
    group: raw.group === undefined ? undefined : str("group", raw.group),
    noNewPrivs: raw.no_new_privs === true,
    // Absent: root keeps its capabilities (a user gets none); [] drops them all, root's included.
    capabilities: raw.capabilities === undefined ? undefined : (caps as string[]),
    readOnlyPaths: (ro as string[]).length ? (ro as string[]) : undefined,
    runtimeDir: rd ? { path: rd.path as string, mode: parseInt((rd.mode as string | undefined) ?? "0755", 8) } : undefined,
    umask: raw.umask === undefined ? undefined : parseInt(raw.umask as string, 8),
    rootReason: raw.root_reason === undefined ? undefined : str("root_reason", raw.root_reason),
    limits: { memoryMax, cpuWeight, pidsMax: limits.pids_max === undefined ? undefined : int("limits.pids_max", limits.pids_max, 1, 1) },
    watchdogMs: raw.watchdog_ms === undefined ? undefined : int("watchdog_ms", raw.watchdog_ms, 0, 100),
    onDependencyRestart: oneOf("on_dependency_restart", raw.on_dependency_restart, ["restart", "ignore"] as const, "ignore"),
  };
}
