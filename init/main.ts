// aios init: PID 1 proper. Loads the compiled service database (plus operator services), supervises,
// reaps orphans, serves the control socket and shuts down cleanly. It must never exit on an error,
// and it imports nothing from agents, models or the consoles (a test enforces this).
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { Cgroups } from "./cgroup.ts";
import { serveControl } from "./control.ts";
import { serveRpc } from "./rpc.ts";
import { becomeSubreaper, rebootSystem, remountReadOnly, sync, umountLazy } from "./libc.ts";
import { EventHub } from "./events.ts";
import { LogStore } from "./logs.ts";
import { reapOrphans } from "./reaper.ts";
import { watchPowerButton } from "./power-button.ts";
import { feedWatchdog, type Watchdog } from "./watchdog.ts";
import { loadServices } from "./load.ts";
import { Supervisor } from "./supervisor.ts";
import { isUp } from "./service.ts";
import { setting, value } from "../runtime/config/settings.ts";
import { groupId } from "../runtime/proc/ids.ts";

/** Members of this group (the web console, the agent host) may read init: status, logs, events. */
export const READ_GROUP = "aios-ipc";

export interface InitOptions {
  servicesFile: string;
  operatorDir: string;
  controlSocket: string;
  /** The read-only socket (root:aios-ipc 0660): status, logs, events, user services' readiness. */
  readSocket: string;
  stateDir: string;
  /** One log file per service. */
  logDir: string;
  /** As PID 1: power off/reboot the machine at the end. Otherwise (tests on a host): exit. */
  pid1: boolean;
  console: (line: string) => void;
}

export function defaultOptions(): InitOptions {
  return {
    servicesFile: setting("services_file"),
    operatorDir: setting("operator_services"),
    controlSocket: setting("control_socket"),
    readSocket: setting("control_read_socket"),
    stateDir: setting("state_dir"),
    logDir: setting("log_dir"),
    pid1: process.pid === 1,
    console: (line) => process.stdout.write(`${line}\n`),
  };
}

const uptime = () => Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]);

export async function runInit(opts: InitOptions = defaultOptions()): Promise<void> {
  const say = (msg: string) => { try { opts.console(`aios: ${msg}`); } catch { /* no console */ } };
  process.on("uncaughtException", (err) => say(`internal error (continuing): ${err.stack ?? err}`));
  process.on("unhandledRejection", (err) => say(`internal error (continuing): ${(err as Error)?.stack ?? err}`));
  if (!opts.pid1) becomeSubreaper();
  // aios.trace=1 on the kernel command line: init's own steps and every state change reach the console
  // with the uptime, to see where the boot's time goes (stage 1 prints its own phases).
  const trace = opts.pid1 && / aios\.trace=1( |$)/.test(` ${readFileSync("/proc/cmdline", "utf8").trim()}`);
  const mark = (step: string) => { if (trace) say(`trace ${uptime().toFixed(2)} s: init ${step}`); };
  mark("started"); // since stage 1's switch_root: Bun's start and the loading of init's code

  const { specs, errors } = loadServices(opts.servicesFile, opts.operatorDir);
  for (const e of errors) say(`skipped operator service: ${e}`);
  const logs = new LogStore(opts.logDir, Number(setting("log_ring_lines")), Number(setting("log_file_max_kib")) * 1024);
  const events = new EventHub();
  let readyAnnounced = false;
  mark("loaded the services and logs");
  const stateDevice = existsSync("/run/aios/state-device") ? readFileSync("/run/aios/state-device", "utf8").trim() : "unknown";
  const baseEnv = { PATH: "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin", HOME: "/root", LANG: "C.UTF-8", TERM: "linux", AIOS_STATE_DIR: opts.stateDir };
  // enable/disable persists on the state disk, like systemctl's symlinks.
  const disabledFile = `${opts.stateDir}/config/disabled.json`;
  const disabled = new Set<string>(existsSync(disabledFile) ? (JSON.parse(readFileSync(disabledFile, "utf8")) as string[]) : []);
  const cgroups = new Cgroups();
  mark("set up cgroups");
  if (cgroups.unavailable && opts.pid1) say(`cgroups unavailable (${cgroups.unavailable}): services run without limits`);
  const supervisor = new Supervisor(specs, {
    controlSocket: opts.controlSocket, logs, baseEnv, cgroups, disabled,
    onChange: (run, from) => {
      logs.add(run.spec.id, "init", `${from} → ${run.state}${run.reason ? ` (${run.reason})` : ""}`);
      events.publish({ service: run.spec.id, from, to: run.state, reason: run.reason || null, pid: run.pid ?? null });
      if (run.state === "failed") say(`${run.spec.id} failed: ${run.reason}`);
      if (trace) say(`trace ${uptime().toFixed(2)} s: ${run.spec.id} ${from} → ${run.state}`);
      if (!readyAnnounced && supervisor.settled()) {
        readyAnnounced = true;
        const views = supervisor.views();
        const notUp = views.filter((v) => !isUp(v.state as never)).map((v) => `${v.name} ${v.state}`);
        const degraded = views.filter((v) => v.state === "degraded").map((v) => v.name);
        const note = [...notUp, ...degraded.map((d) => `${d} degraded`)];
        say(`aios ready in ${uptime().toFixed(2)} s (${views.length} services${note.length ? `; ${note.join(", ")}` : ""})`);
      }
    },
  });

  let watchdog: Watchdog | null = null;
  let shuttingDown = false;
  /** `why` reaches the console and, as init's own state change, the audit log (while it still runs). */
  const shutdown = async (how: "poweroff" | "reboot", why: string) => {
    if (shuttingDown) return;
    shuttingDown = true;
    say(`${how} (${why}): stopping services`);
    events.publish({ service: "init", from: "running", to: how, reason: why, pid: process.pid });
    try { await supervisor.stopAll(); } catch (err) { say(`stop failed: ${err}`); }
    if (!opts.pid1) { control.stop(true); process.exit(0); }
    try { process.kill(-1, "SIGTERM"); } catch { /* nothing left */ }
    await Bun.sleep(300);
    try { process.kill(-1, "SIGKILL"); } catch { /* nothing left */ }
    sync();
    // The killed processes let go of their files a moment later; the overlay keeps the disk mounted.
    for (let i = 0; i < 20 && remountReadOnly(opts.stateDir) !== 0; i++) await Bun.sleep(100);
    umountLazy(opts.stateDir);
    sync();
    watchdog?.stop();
    say(`${how} now`);
    rebootSystem(how);
  };
  for (const [sig, how] of [["SIGTERM", "poweroff"], ["SIGINT", "poweroff"], ["SIGPWR", "poweroff"], ["SIGUSR1", "reboot"]] as const) {
    try { process.on(sig, () => void shutdown(how, sig)); } catch { /* signal not supported here */ }
  }
  if (opts.pid1) {
    let every = 10_000;
    try { every = value("watchdog_interval") as number; } catch (err) { say(`update.watchdog_interval: ${(err as Error).message}; feeding every 10 s`); }
    watchdog = feedWatchdog(every, say);
    mark("armed the watchdog");
  }
  if (opts.pid1) watchPowerButton(() => void shutdown("poweroff", "power button"), say);
  mark("watches the power button");

  const controlDeps: Parameters<typeof serveControl>[1] = {
    supervisor, logs, events, shutdown: (how) => void shutdown(how, "asked through the control socket"),
    setEnabled: (id, enabled) => {
      if (enabled) disabled.delete(id); else disabled.add(id);
      mkdirSync(`${opts.stateDir}/config`, { recursive: true });
      writeFileSync(disabledFile, JSON.stringify([...disabled].sort()));
    },
    reload: () => {
      const { specs: now, errors } = loadServices(opts.servicesFile, opts.operatorDir);
      const added = now.filter((s) => !supervisor.get(s.id) && !disabled.has(s.id));
      supervisor.add(added);
      for (const e of errors) say(`skipped operator service: ${e}`);
      return { added: added.map((s) => s.id), errors };
    },
    boot: () => ({ uptime_s: uptime(), ready: readyAnnounced, state_device: stateDevice, pid1: opts.pid1 }),
  };
  const control = serveControl(opts.controlSocket, controlDeps);
  serveRpc(`${opts.controlSocket}.rpc`, controlDeps);
  try {
    const gid = groupId(READ_GROUP);
    serveControl(opts.readSocket, controlDeps, "read", gid);
    serveRpc(`${opts.readSocket}.rpc`, controlDeps, "read", gid);
  } catch (err) { say(`no read-only control socket at ${opts.readSocket}: ${(err as Error).message}`); }
  mark("serves the control sockets");
  supervisor.startAll();
  setInterval(() => { try { reapOrphans(supervisor.ownPids()); } catch { /* /proc hiccup */ } }, 1000);
}
