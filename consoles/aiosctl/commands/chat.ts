// aiosctl chat (one-shot or interactive) and goals: the front agent over the agent host's socket.
// `aiosctl chat "open port 8080"` prints the answer and asks inline for approvals when run on a
// terminal; `--json` prints the raw events (NDJSON) and leaves approvals pending for `aiosctl approve`.
import { createInterface } from "node:readline";
import { defineCommand, type CommandDef } from "citty";
import type { GoalView } from "../../../agents/front/goals.ts";
import { hostRequest } from "../../../agents/host/client.ts";
import { UserError } from "../../../runtime/errors.ts";
import { personActor } from "../../../tools/appliance.ts";
import { converse, type ConverseIO } from "../../chat/converse.ts";
import { renderGoal, renderGoals } from "../../render/goals.ts";
import { act } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output (NDJSON events for chat)" } as const;
const who = () => personActor(process.env.SSH_CONNECTION ? "ssh" : "aiosctl");

function ask(rl: ReturnType<typeof createInterface>, q: string): Promise<string | undefined> {
  return new Promise((resolve) => { rl.question(q, resolve); rl.once("close", () => resolve(undefined)); });
}

const chat = defineCommand({
  meta: { name: "chat", description: "talk to the front agent: aiosctl chat \"why is the disk full?\" (no text: interactive)" },
  args: {
    text: { type: "positional", required: false, description: "the request (quote it)" },
    session: { type: "string", description: "continue a conversation (printed with --json)" },
    yes: { type: "boolean", description: "approve every step this request proposes (you are the approver)" },
    json,
  },
  run: act(async (a: { text?: string; session?: string; yes?: boolean; json?: boolean; _?: string[] }) => {
    const words = [a.text, ...(a._ ?? []).slice(1)].filter(Boolean).join(" ").trim();
    const tty = process.stdin.isTTY && !a.json;
    const rl = tty || !words ? createInterface({ input: process.stdin, output: process.stdout, terminal: !!process.stdin.isTTY }) : undefined;
    const io: ConverseIO = {
      write: (t) => console.log(t),
      confirm: a.yes ? async () => true : rl ? async (q) => /^y(es)?$/i.test(((await ask(rl, q)) ?? "").trim()) : undefined,
      event: a.json ? (e) => console.log(JSON.stringify(e)) : undefined,
    };
    let session = a.session;
    try {
      if (words) {
        const r = await converse(words, who(), session, io);
        if (r.pending.length && !a.json) console.log(`waiting for approval: ${r.pending.map((id) => `aiosctl approve ${id}`).join(", ")}`);
        return;
      }
      if (!rl) throw new UserError("nothing to say", "aiosctl chat \"…\", or run it on a terminal for a conversation");
      console.log("Chat with aiOS (empty line or Ctrl-D ends).");
      for (;;) {
        const line = await ask(rl, "you> ");
        if (line === undefined || !line.trim()) break;
        session = (await converse(line, who(), session, io)).session;
      }
    } finally { rl?.close(); }
  }),
});

const goals = defineCommand({
  meta: { name: "goals", description: "the front agent's goals: what was asked, each step, approvals and the evaluation" },
  args: { id: { type: "positional", required: false, description: "one goal" }, json },
  run: act(async (a: { id?: string; json?: boolean }) => {
    if (a.id) {
      const g = await hostRequest<GoalView>("GET", `/v1/goals/${encodeURIComponent(a.id)}`);
      console.log(a.json ? JSON.stringify(g, null, 2) : renderGoal(g));
      return;
    }
    const r = await hostRequest<{ goals: GoalView[] }>("GET", "/v1/goals");
    console.log(a.json ? JSON.stringify(r, null, 2) : renderGoals(r.goals));
  }),
});

export const chatCommands: Record<string, CommandDef<any>> = { chat, goals };
