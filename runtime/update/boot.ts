// `aios update-boot`, a oneshot at every boot (image/services/update.toml): moves stage 1's boot events
// (a fallback, a slot that failed) into the audit log, and on a trial boot of an update commits it
// once every other service is up and ssh and the web console answer. Past the deadline
// (update.commit_deadline, counted from kernel start) it reboots instead: the trial's try is spent,
// so the next boot falls back on its own. "aios ready" waits for this oneshot, so on a trial boot it
// also means "committed". On an updated system's first boot it first installs the operator's packages
// again (carry.ts), which is why it keeps the capabilities dpkg needs (image/services/update.toml).
import { existsSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { auditOnce } from "../audit/append.ts";
import { setting, value } from "../config/settings.ts";
import { control, type StatusReply } from "../control/client.ts";
import { errorMessage } from "../errors.ts";
import { realRunner } from "../proc/exec.ts";
import { carryPackages } from "./carry.ts";
import { appendEvent, takeEvents } from "./events.ts";
import { readGrubEnv } from "./grubenv.ts";
import { eventsPath, grubenvPath, IMAGE_DIR, runningSystem, updatePaths, type UpdatePaths } from "./slots.ts";
import { commitRunning, runningVersion } from "./status.ts";
import { stateOf } from "./state.ts";

export const SELF = "update";

const say = (line: string) => {
  console.log(line);
  try { if (existsSync("/dev/console")) writeFileSync("/dev/console", `aios: ${line}\n`); } catch { /* no console */ }
};

function audit(kind: string, subject: string, data: unknown): void {
  auditOnce({ kind, actor: SELF, subject, data });
}

const tcpOpen = (port: number) => new Promise<boolean>((ok) => {
  const s = connect({ host: "127.0.0.1", port, timeout: 3000 }, () => { s.destroy(); ok(true); });
  s.on("error", () => ok(false));
  s.on("timeout", () => { s.destroy(); ok(false); });
});

/** What keeps this boot from being healthy; empty when it is. */
export async function healthProblems(o: { sshPort: number; webUrl: string; status: () => Promise<StatusReply> }): Promise<string[]> {
  const problems: string[] = [];
  try {
    let timer: Timer | undefined;
    const late = new Promise<never>((_, no) => { timer = setTimeout(() => no(new Error("no answer in 5 s")), 5000); });
    const st = await Promise.race([o.status(), late]).finally(() => clearTimeout(timer));
    // Stopped is the operator's choice (disabled, or stopped by hand); anything else must be up.
    for (const s of st.services) if (s.name !== SELF && !["ready", "done", "stopped"].includes(s.state)) problems.push(`${s.name} ${s.state}${s.reason ? ` (${s.reason})` : ""}`);
  } catch (err) { problems.push(`init does not answer: ${errorMessage(err)}`); }
  if (!(await tcpOpen(o.sshPort))) problems.push(`ssh (port ${o.sshPort}) does not answer`);
  try {
    const r = await fetch(o.webUrl, { tls: { rejectUnauthorized: false }, signal: AbortSignal.timeout(5000) } as RequestInit);
    if (!r.ok) problems.push(`the web console answers ${r.status}`);
  } catch (err) { problems.push(`the web console does not answer: ${errorMessage(err)}`); }
  return problems;
}

const uptimeMs = () => Number(readFileSync("/proc/uptime", "utf8").split(" ")[0]) * 1000;

export async function watchTrial(p: UpdatePaths, o: { deadlineMs: number; check: () => Promise<string[]>; onCommit: (why: string) => void; onGiveUp: (why: string) => Promise<void> }): Promise<"committed" | "gave-up"> {
  let problems: string[] = [];
  for (;;) {
    problems = await o.check();
    if (!problems.length) { o.onCommit(`healthy ${(uptimeMs() / 1000).toFixed(1)} s after boot`); return "committed"; }
    if (uptimeMs() > o.deadlineMs) break;
    await Bun.sleep(1000);
  }
  await o.onGiveUp(`not healthy within ${o.deadlineMs / 1000} s of boot: ${problems.join("; ")}`);
  return "gave-up";
}

/**
 * Whether this boot has work for the oneshot: a slot runs (a trial to commit, packages to carry over)
 * or stage 1 left boot events. rootfs/usr/share/aios/update-boot.sh is this rule in shell, so that
 * most boots start no Bun process; tests/unit/update/update-boot.test.ts runs both over a table of boots.
 */
export function hasBootWork(p: UpdatePaths): boolean {
  if (runningSystem(p.cmdline) !== "factory") return true;
  try { return statSync(eventsPath(p)).size > 0; } catch { return false; }
}

export async function runUpdateBoot(p: UpdatePaths = updatePaths()): Promise<void> {
  if (!hasBootWork(p)) return;
  try {
    for (const e of takeEvents(eventsPath(p))) {
      audit(`update.${e.kind}`, e.system, { why: e.why, at: e.at * 1000 });
      say(`update: ${e.kind} ${e.system}: ${e.why}`);
    }
  } catch (err) { say(`update: boot events not recorded: ${errorMessage(err)}`); }
  const running = runningSystem(p.cmdline);
  let carryMs = 0;
  try {
    const r = await carryPackages(p, { running, root: "/", imageStatus: `${p.imageDir ?? IMAGE_DIR}/var/lib/dpkg/status`, dpkgOptions: [], runner: realRunner });
    if (r) {
      carryMs = r.ms;
      audit("update.carried", running, r);
      const names = (xs: { name: string }[]) => xs.map((x) => x.name).join(" ") || "none";
      say(`update: carried over from ${r.from} in ${(r.ms / 1000).toFixed(1)} s: ${names(r.carried)}${r.failed.length ? `; failed: ${r.failed.map((f) => `${f.name} (${f.why})`).join("; ")}` : ""}`);
    }
  } catch (err) { say(`update: package carry-over failed: ${errorMessage(err)}`); }
  let state;
  try { state = stateOf(readGrubEnv(grubenvPath(p))); } catch (err) { say(`update: boot state unreadable (${errorMessage(err)}): no trial to commit`); return; }
  if (running === "factory" || state.trial !== running) return;
  const version = await runningVersion(p);
  say(`update: trial boot of slot ${running} (${version}); committing once healthy`);
  const bind = setting("web_bind");
  const webHost = bind === "0.0.0.0" ? "127.0.0.1" : bind.includes(":") ? `[${bind}]` : bind;
  const webUrl = `https://${webHost}:${setting("web_port")}/health`;
  await watchTrial(p, {
    // The carry-over's time is the first boot's own work, not a sign of a hung system.
    deadlineMs: (value("update_commit_deadline") as number) + carryMs,
    check: () => healthProblems({ sshPort: 22, webUrl, status: () => control<StatusReply>("GET", "/v1/status") }),
    onCommit: (why) => {
      commitRunning(p, why);
      audit("update.commit", running, { version, why });
      say(`update: slot ${running} (${version}) committed: ${why}`);
    },
    onGiveUp: async (why) => {
      appendEvent(eventsPath(p), { kind: "unhealthy", system: running, why });
      say(`update: slot ${running} (${version}) ${why}; rebooting to fall back`);
      await control("POST", "/v1/system/reboot");
    },
  });
}
