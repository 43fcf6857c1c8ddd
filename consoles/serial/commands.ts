// What the chat console understands. Each command returns text; errors are rendered by the caller.
import { control, type StatusReply } from "../../runtime/control/client.ts";
import { defaultDbPath, openDatabase } from "../../runtime/db/open.ts";
import { latestSample } from "../../runtime/metrics/samples.ts";
import { withDegraded } from "../../runtime/health/degraded.ts";
import { renderSample, renderStatus } from "../render/status.ts";
import { webToken } from "../web/token.ts";
import { currentCert } from "../web/tls/cert.ts";
import { setting } from "../../runtime/config/settings.ts";
import { policyAnswer, policyHelp } from "./ext/policy.ts";
import { modelsAnswer, modelsHelp } from "./ext/models.ts";
import { agentsAnswer, agentsHelp } from "./ext/agents.ts";

export type Reply = { text: string } | { shell: true } | { quit: true } | { chat: string } | { rescue: true } | { setup: true };

export const HELP = [
  "commands:",
  "  status        services and the latest monitor sample",
  "  help          this list",
  "  /web          how to open the web console: its address, certificate fingerprint and token",
  "  /setup        the first-boot setup again: ssh key, hostname, DHCP or static network, how to log in",
  "  /shell        a root shell on this console (exit to come back)",
  "  /rescue       break-glass menu (needs no model, agents or network): addresses,",
  "                services, audit; undo, autonomy off, firewall reset, restart, reboot",
  "  /ask <text>   a question straight to the model hierarchy (as aiosctl ask), without the front agent",
  ...policyHelp, ...agentsHelp, ...modelsHelp,
  "  anything else goes to the front agent, e.g. \"why is the disk full?\", \"open port 8080\", \"install htop\"",
].join("\n");

function sample() {
  try {
    const db = openDatabase(defaultDbPath(), { readonly: true });
    try { return latestSample(db); } finally { db.close(); }
  } catch { return undefined; }
}

export async function answer(input: string): Promise<Reply> {
  const line = input.trim();
  if (!line) return { text: "" };
  const word = line.toLowerCase();
  if (word === "help" || word === "?" || word === "/help") return { text: HELP };
  if (word === "status" || word === "/status") {
    const st = withDegraded(await control<StatusReply>("GET", "/v1/status"));
    return { text: `${renderStatus(st)}\n${renderSample(sample())}` };
  }
  if (word === "/shell") return { shell: true };
  if (word === "/setup" || word === "setup") return { setup: true };
  if (word === "/rescue" || word === "rescue") return { rescue: true };
  if (word === "/web") {
    const port = setting("web_port"), cert = currentCert();
    return { text: [
      `web console: https://<this machine>:${port}/  (from the host running QEMU: https://127.0.0.1:${port}/)`,
      `certificate SHA-256: ${cert?.fingerprint ?? "not made yet (the web console makes it when it starts)"}`,
      "  the browser warns about a self-signed certificate: check that it shows this fingerprint",
      "log in with an empty user name and this token as the password (or a user from aiosctl web-user):",
      `  ${webToken()}`,
    ].join("\n") };
  }
  for (const area of [policyAnswer, agentsAnswer]) {
    const reply = await area(line);
    if (reply) return reply;
  }
  if (word.startsWith("/ask ")) return (await modelsAnswer(line.slice(5))) ?? { text: "ask what? /ask <question>" };
  if (word.startsWith("/")) return (await modelsAnswer(line)) ?? { text: `unknown command ${line.split(/\s/)[0]}; type help` };
  return { chat: line };
}

/** Free text when the agent host cannot be reached: the model hierarchy directly, as a rescue. */
export async function directAnswer(line: string): Promise<Reply> {
  const r = await modelsAnswer(line);
  return r && "text" in r ? { text: `(the agent host is not answering, so the front agent cannot help; asking the model hierarchy directly)\n${r.text}` } : { text: "the agent host is not answering; type help for what works without it" };
}
