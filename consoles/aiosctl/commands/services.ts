// aiosctl verbs for init's services and the system; registered in ../tree.ts: status, list, start, stop,
// restart, enable, disable, reload, logs, reboot, poweroff, samples. All over init's control socket
// (a 404 from init is exit 4, a service that is not up is exit 3), except samples (the state database).
import { defineCommand, type CommandDef } from "citty";
import { control, followLines, type StatusReply } from "../../../runtime/control/client.ts";
import { renderSample, renderStatus } from "../../render/status.ts";
import { UserError } from "../../../runtime/errors.ts";
import { defaultDbPath, openDatabase } from "../../../runtime/db/open.ts";
import { recentSamples } from "../../../runtime/metrics/samples.ts";
import { withDegraded } from "../../../runtime/health/degraded.ts";
import { act, EXIT } from "../fail.ts";
import { runningSystem, updatePaths } from "../../../runtime/update/slots.ts";
import { runningVersion } from "../../../runtime/update/status.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const svc = { type: "positional", description: "service name", required: true } as const;
const print = (v: unknown, asJson: boolean, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());

const status = defineCommand({
  meta: { name: "status", description: "services, their state, pid, uptime and restarts" },
  args: { service: { type: "positional", required: false, description: "one service" }, json },
  run: act(async (a: { service?: string; json?: boolean }) => {
    const p = updatePaths();
    const st = { ...withDegraded(await control<StatusReply>("GET", "/v1/status")), version: await runningVersion(p).catch(() => "unknown"), system: runningSystem(p.cmdline) };
    if (!a.service) { print(st, !!a.json, () => renderStatus(st)); return; }
    const one = await control<StatusReply["services"][number]>("GET", `/v1/services/${encodeURIComponent(a.service)}`);
    print(one, !!a.json, () => renderStatus({ ...st, services: [one] }));
    return ["ready", "done", "degraded", "starting"].includes(one.state) ? EXIT.ok : EXIT.notRunning;
  }),
});

const verb = (name: "start" | "stop" | "restart", description: string) => defineCommand({
  meta: { name, description },
  args: { service: svc, json },
  run: act(async (a: { service: string; json?: boolean }) => {
    const r = await control("POST", `/v1/services/${encodeURIComponent(a.service)}/${name}`);
    print(r, !!a.json, () => `${name}: ${a.service}`);
  }),
});

type LogLine = { ts: number; service: string; stream: string; line: string };
const logLine = (l: LogLine) => `${new Date(l.ts).toISOString()} ${l.service}[${l.stream}] ${l.line}`;

const logs = defineCommand({
  meta: { name: "logs", description: "a service's output (timestamped lines; -f follows)" },
  args: {
    service: { type: "positional", required: false, description: "service (all when left out)" },
    n: { type: "string", alias: "n", default: "50", description: "lines" },
    follow: { type: "boolean", alias: "f", description: "keep printing new lines" },
    since: { type: "string", description: "only lines after this time (ISO date, or seconds ago like 300s)" }, json,
  },
  run: act(async (a: { service?: string; n: string; follow?: boolean; since?: string; json?: boolean }) => {
    const n = Number(a.n);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`-n must be a positive integer, not "${a.n}"`);
    const since = a.since === undefined ? 0 : /^\d+s$/.test(a.since) ? Date.now() - Number(a.since.slice(0, -1)) * 1000 : Date.parse(a.since);
    if (Number.isNaN(since)) throw new UserError(`--since must be an ISO date or seconds ago like 300s, not "${a.since}"`);
    const q = new URLSearchParams({ n: String(n), since: String(since), ...(a.service ? { service: a.service } : {}) });
    if (!a.follow) {
      const r = await control<{ lines: LogLine[] }>("GET", `/v1/logs?${q}`);
      print(r, !!a.json, () => r.lines.map(logLine).join("\n"));
      return;
    }
    if (a.service) await control("GET", `/v1/services/${encodeURIComponent(a.service)}`); // 404 → exit 4
    for await (const l of followLines<LogLine>(`/v1/logs?${q}&follow=1`)) console.log(a.json ? JSON.stringify(l) : logLine(l));
  }),
});

const enableVerb = (name: "enable" | "disable") => defineCommand({
  meta: { name, description: `${name} a service at boot (kept on the state disk); --now also ${name === "enable" ? "starts" : "stops"} it` },
  args: { service: svc, now: { type: "boolean", description: "act now too" }, json },
  run: act(async (a: { service: string; now?: boolean; json?: boolean }) => {
    const r = await control("POST", `/v1/services/${encodeURIComponent(a.service)}/${name}`);
    if (a.now) await control("POST", `/v1/services/${encodeURIComponent(a.service)}/${name === "enable" ? "start" : "stop"}`);
    print(r, !!a.json, () => `${name}d: ${a.service}${a.now ? (name === "enable" ? " (started)" : " (stopped)") : ""}`);
  }),
});

const list = defineCommand({
  meta: { name: "list", description: "service names, one a line" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const st = await control<StatusReply>("GET", "/v1/status");
    print(st.services.map((s) => s.name), !!a.json, () => st.services.map((s) => s.name).join("\n"));
  }),
});

const reload = defineCommand({
  meta: { name: "reload", description: "read /etc/aios/services again and start new services" },
  args: { json },
  run: act(async (a: { json?: boolean }) => {
    const r = await control<{ added: string[]; errors: string[] }>("POST", "/v1/reload");
    print(r, !!a.json, () => [`added: ${r.added.join(", ") || "none"}`, ...r.errors.map((e) => `skipped: ${e}`)].join("\n"));
    return r.errors.length ? EXIT.failure : EXIT.ok;
  }),
});

const system = (name: "reboot" | "poweroff") => defineCommand({
  meta: { name, description: `${name} the appliance (services stop in reverse order first)` },
  args: { json },
  run: act(async (a: { json?: boolean }) => { const r = await control("POST", `/v1/system/${name}`); print(r, !!a.json, () => `${name} requested`); }),
});

const samples = defineCommand({
  meta: { name: "samples", description: "recent monitor samples from the state database" },
  args: { n: { type: "string", alias: "n", default: "10", description: "how many" }, json },
  run: act(async (a: { n: string; json?: boolean }) => {
    const n = Number(a.n);
    if (!Number.isInteger(n) || n < 1) throw new UserError(`-n must be a positive integer, not "${a.n}"`);
    const db = openDatabase(defaultDbPath(), { readonly: true });
    const rows = recentSamples(db, n);
    db.close();
    print({ samples: rows }, !!a.json, () => rows.map((r) => `${new Date(r.ts).toISOString()}  ${renderSample(r)}`).join("\n") || "no samples yet");
  }),
});

export const servicesCommands: Record<string, CommandDef<any>> = {
  status, list, start: verb("start", "start a service"), stop: verb("stop", "stop a service"), restart: verb("restart", "restart a service"),
  enable: enableVerb("enable"), disable: enableVerb("disable"), reload, logs, reboot: system("reboot"), poweroff: system("poweroff"), samples,
};
