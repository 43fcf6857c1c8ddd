// aiosctl: the operator's command line, over init's control socket. Every verb has --json.
import { defineCommand, runMain } from "citty";
import { control, type StatusReply } from "../control/client.ts";
import { renderSample, renderStatus } from "./render.ts";
import { UserError } from "../errors.ts";
import { defaultDbPath, openDatabase } from "../db/open.ts";
import { recentSamples } from "../metrics/samples.ts";
import { act, EXIT } from "./fail.ts";
import { webToken } from "../web/token.ts";
import { policyCommands } from "./commands/policy.ts";
import { modelsCommands } from "./commands/models.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const svc = { type: "positional", description: "service name", required: true } as const;
const print = (v: unknown, asJson: boolean, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());

const status = defineCommand({
  meta: { name: "status", description: "services, their state, pid, uptime and restarts" },
  args: { service: { type: "positional", required: false, description: "one service" }, json },
  run: act(async (a: { service?: string; json?: boolean }) => {
    const st = await control<StatusReply>("GET", "/v1/status");
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

const logs = defineCommand({
  meta: { name: "logs", description: "a service's recent output" },
  args: { service: { type: "positional", required: false, description: "service (all when left out)" }, n: { type: "string", alias: "n", default: "50", description: "lines" }, json },
  run: act(async (a: { service?: string; n: string; json?: boolean }) => {
    const q = new URLSearchParams({ n: a.n, ...(a.service ? { service: a.service } : {}) });
    const r = await control<{ lines: { ts: number; service: string; stream: string; line: string }[] }>("GET", `/v1/logs?${q}`);
    print(r, !!a.json, () => r.lines.map((l) => `${new Date(l.ts).toISOString()} ${l.service}[${l.stream}] ${l.line}`).join("\n"));
  }),
});

const system = (name: "reboot" | "poweroff") => defineCommand({
  meta: { name, description: `${name} the appliance (services stop in reverse order first)` },
  args: { json },
  run: act(async (a: { json?: boolean }) => { const r = await control("POST", `/v1/system/${name}`); print(r, !!a.json, () => `${name} requested`); }),
});

const token = defineCommand({
  meta: { name: "web-token", description: "the web console's access token" },
  args: { json },
  run: act(async (a: { json?: boolean }) => { const t = webToken(); print({ token: t }, !!a.json, () => t); }),
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

export const aiosctl = defineCommand({
  meta: { name: "aiosctl", description: "control the aiOS appliance" },
  subCommands: { status, start: verb("start", "start a service"), stop: verb("stop", "stop a service"), restart: verb("restart", "restart a service"), logs, reboot: system("reboot"), poweroff: system("poweroff"), "web-token": token, samples, ...policyCommands, ...modelsCommands },
});

export async function runAiosctl(rawArgs: string[]): Promise<void> {
  await runMain(aiosctl, { rawArgs });
}
