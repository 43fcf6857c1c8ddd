// Status, system facts, agents, models, goals, help and greetings: read-only answers.
import { readFileSync } from "node:fs";
import { readMeminfo } from "../../../runtime/metrics/host/memory.ts";
import { hostname, release, uptime } from "node:os";
import { control, type StatusReply } from "../../../runtime/control/client.ts";
import type { Handler } from "../types.ts";
import { read } from "../types.ts";
import { bullet, bytes, pct } from "./format.ts";

const HELP = `I can look after this machine in plain words. For example:
${bullet([
  "status: \"is everything ok?\", \"what are the agents doing?\", \"uptime\"",
  "services: \"restart the web console\", \"show the ssh logs\"",
  "disk and memory: \"why is the disk full?\", \"what's eating memory?\"",
  "network and firewall: \"what's my ip\", \"which ports are open\", \"open port 8080\", \"block all incoming traffic\"",
  "packages: \"install htop\", \"any updates?\"",
  "users and keys: \"add user alice\", \"add my key ssh-ed25519 …\"",
  "snapshots: \"take a snapshot\", \"undo the last change\"",
  "history: \"what changed since yesterday?\", \"why did you do that?\", \"explain incident 3\"",
])}
Changes are shown with their effects and wait for your approval where policy says so.`;

export const help: Handler = async () => ({ text: HELP });

export const greeting: Handler = async (_s, ctx) => {
  const st = await control<StatusReply>("GET", "/v1/status").catch(() => undefined);
  const bad = st?.services.filter((s) => !["ready", "done", "starting", "running"].includes(s.state)) ?? [];
  return { text: `Hello. ${st ? (bad.length ? `${bad.length} service(s) need attention: ${bad.map((s) => s.name).join(", ")}.` : "All services are up.") : ""} Type help to see what I can do.`.replace(/\s+/g, " ").trim() + (ctx.goals().some((g) => g.state !== "done") ? " I have goals in progress (ask \"what are you working on\")." : "") };
};

const meminfo = (): Record<string, number> => Object.fromEntries(readMeminfo().map((f) => [f.name, f.value]));

export const overview: Handler = async (_s, ctx) => {
  const st = await control<StatusReply>("GET", "/v1/status");
  const bad = st.services.filter((s) => !["ready", "done", "starting", "running"].includes(s.state));
  const disks = await read<{ mount: string; size: number; used: number }[]>(ctx, "disks.usage").catch(() => []);
  const full = disks.filter((d) => pct(d.used, d.size) >= 85);
  const m = meminfo();
  const open = ctx.incidents.list({ open: true, limit: 20 });
  const lines = [
    bad.length ? `${bad.length} of ${st.services.length} services are not up: ${bad.map((s) => `${s.name} (${s.state})`).join(", ")}` : `all ${st.services.length} services are up`,
    full.length ? `filling up: ${full.map((d) => `${d.mount} ${pct(d.used, d.size)} %`).join(", ")}` : `disks: ${disks.map((d) => `${d.mount} ${pct(d.used, d.size)} %`).join(", ") || "no data"}`,
    `memory: ${bytes((m.MemTotal ?? 0) - (m.MemAvailable ?? 0))} used of ${bytes(m.MemTotal ?? 0)}`,
    open.length ? `${open.length} open incident(s): ${open.slice(0, 5).map((i) => `#${i.id} ${i.summary}`).join("; ")}` : "no open incidents",
  ];
  const ok = !bad.length && !full.length && !open.length;
  return { text: `${ok ? "Everything looks fine." : "Some things need attention."}\n${bullet(lines)}` };
};

export const info: Handler = async () => {
  const version = (() => { try { return readFileSync("/etc/aios/version", "utf8").trim(); } catch { return "unknown"; } })();
  const up = uptime();
  return { text: bullet([`hostname ${hostname()}`, `aiOS ${version}, kernel ${release()}`, `up ${Math.floor(up / 86400)} d ${Math.floor((up % 86400) / 3600)} h ${Math.floor((up % 3600) / 60)} min`]) };
};

export const agents: Handler = async (_s, ctx) => {
  const list = ctx.agents();
  return { text: `The agents:\n${bullet(list.map((a) => `${a.name}: ${a.state}${a.reason ? ` (${a.reason})` : ""}, ${a.cycles} cycles, ${a.openIncidents} open incident(s)`))}` };
};

export const goals: Handler = async (_s, ctx) => {
  const g = ctx.goals();
  if (!g.length) return { text: "I have no goals at the moment." };
  return { text: `Goals:\n${bullet(g.slice(-10).map((x) => `#${x.id} ${x.title}: ${x.state}`))}` };
};

export const models: Handler = async (_s, ctx) => ({ text: await ctx.modelsText() });
