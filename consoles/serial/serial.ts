// The chat console on a terminal (serial or VGA): reads lines, answers, never dies on any input.
// `/shell` hands the terminal to a root shell and takes it back when the shell exits.
import { createInterface, type Interface } from "node:readline";
import { errorMessage, AiosError, SystemError } from "../../runtime/errors.ts";
import { answer, directAnswer } from "./commands.ts";
import { runInteractive } from "../../runtime/proc/exec.ts";
import { personActor } from "../../tools/appliance.ts";
import { converse } from "../chat/converse.ts";

const PROMPT = "aios> ";
const write = (s: string) => process.stdout.write(s);

async function runShell(): Promise<void> {
  write("root shell; type exit to return to the chat\n");
  await runInteractive(["/bin/bash", "-l"], { PS1: "aios# " });
}

export async function runConsole(): Promise<void> {
  process.on("uncaughtException", (e) => write(`\nerror: ${errorMessage(e)}\n${PROMPT}`));
  write(`\naiOS console. Type help for commands.\n`);
  let session: string | undefined;
  for (;;) {
    let shell = false;
    const rl: Interface = createInterface({ input: process.stdin, terminal: false });
    const lines = rl[Symbol.asyncIterator]();
    const confirm = async (q: string) => { write(q); const r = await lines.next(); return !r.done && /^y(es)?$/i.test(String(r.value).trim()); };
    write(PROMPT);
    for (;;) {
      const next = await lines.next();
      if (next.done) break;
      const line = String(next.value);
      try {
        const reply = await answer(line);
        if ("shell" in reply) { shell = true; break; }
        if ("text" in reply && reply.text) write(`${reply.text}\n`);
        if ("chat" in reply) {
          try {
            session = (await converse(reply.chat, personActor("serial"), session, { write: (t) => write(`${t}\n`), confirm })).session;
          } catch (err) {
            if (!(err instanceof SystemError)) throw err;
            const r = await directAnswer(reply.chat);
            if ("text" in r) write(`${r.text}\n`);
          }
        }
      } catch (err) {
        write(`error: ${errorMessage(err)}${err instanceof AiosError && err.hint ? `\nhint: ${err.hint}` : ""}\n`);
      }
      write(PROMPT);
    }
    rl.close();
    if (!shell) { await Bun.sleep(1000); process.exit(0); } // the terminal went away (EOF): init restarts us
    process.stdin.pause();
    await runShell();
  }
}
