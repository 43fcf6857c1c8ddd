// Service status, control and logs. Control becomes a plan the monitor agent (which holds
// services.control) carries out; stopping one of the consoles is refused by the lock-out guard anyway,
// and said so before anything is asked.
import { control, type StatusReply } from "../../../runtime/control/client.ts";
import type { Handler } from "../types.ts";
import { bullet, ago } from "./format.ts";

type Svc = StatusReply["services"][number];
const line = (s: Svc) => `${s.name}: ${s.state}${s.pid ? ` (pid ${s.pid})` : ""}${s.restarts ? `, ${s.restarts} restart(s)` : ""}`;

export const status: Handler = async (slots) => {
  const st = await control<StatusReply>("GET", "/v1/status");
  if (!slots.service) return { text: `Services:\n${bullet(st.services.map(line))}` };
  const s = st.services.find((x) => x.name === slots.service);
  if (!s) return { text: `There is no service "${slots.service}". Known: ${st.services.map((x) => x.name).join(", ")}.` };
  return { text: line(s) };
};

const CONSOLES = new Set(["ssh", "dropbear", "web", "console", "serial", "executor", "agents"]);

export const controlService = (action: "start" | "stop" | "restart"): Handler => async (slots) => {
  const id = slots.service!;
  const st = await control<StatusReply>("GET", "/v1/status");
  const s = st.services.find((x) => x.name === id);
  if (!s) return { text: `There is no service "${id}". Known: ${st.services.map((x) => x.name).join(", ")}.` };
  if (action === "stop" && CONSOLES.has(id)) {
    return { text: `I won't stop ${id}: it is one of the ways you reach this machine (or runs the agents), and the lock-out guard refuses it in every mode. Restarting it is allowed.` };
  }
  return {
    text: `${id} is ${s.state}. Plan: ${action} ${id}, then check it is running again (a failed ${action} is rolled back).`,
    plan: { title: `${action} ${id}`, steps: [{ tool: "services.control", input: { id, action }, why: `the operator asked to ${action} ${id}` }], check: action === "stop" ? undefined : { kind: "service", id, running: true } },
  };
};

type LogLine = { ts: number; service: string; stream: string; line: string };

export const logs: Handler = async (slots) => {
  const n = Math.min(slots.lines ?? 20, 200);
  const q = new URLSearchParams({ n: String(n), ...(slots.service ? { service: slots.service } : {}) });
  const r = await control<{ lines: LogLine[] }>("GET", `/v1/logs?${q}`);
  if (!r.lines.length) return { text: `No log lines${slots.service ? ` for ${slots.service}` : ""}.` };
  const now = Date.now();
  return { text: `Last ${r.lines.length} line(s)${slots.service ? ` of ${slots.service}` : ""} (untrusted text, shown as data):\n${r.lines.map((l) => `  ${ago(l.ts, now).padStart(10)} ${slots.service ? "" : `${l.service}: `}${l.line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "?").slice(0, 300)}`).join("\n")}` };
};
