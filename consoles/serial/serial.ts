// The chat console on a terminal (serial or VGA): reads lines, answers, never dies on any input.
// `/shell` hands the terminal to a root shell and takes it back when the shell exits; `/rescue` opens
// the break-glass menu, which is also offered whenever init or the agent host cannot be reached.
import { createInterface, type Interface } from "node:readline";
import { errorMessage, AiosError, SystemError } from "../../runtime/errors.ts";
import { answer, directAnswer } from "./commands.ts";
import { asStateDiskError } from "../../runtime/boundary.ts";
import { realRunner, runInteractive } from "../../runtime/proc/exec.ts";
import { personActor } from "../../tools/appliance.ts";
import { DEFAULT_FIREWALL } from "../../tools/firewall/restore.ts";
import { converse } from "../chat/converse.ts";
import { Banner } from "./banner.ts";
import { rescueMenu, RESCUE_OFFER } from "./rescue/menu.ts";
import type { RescueDeps } from "./rescue/actions.ts";
import { control } from "../../runtime/control/client.ts";
import { runSetup } from "./setup/dialogue.ts";
import { setupDeps, setupDone } from "./setup/effects.ts";

const PROMPT = "aios> ";
const write = (s: string) => process.stdout.write(s);
/** How long init may take to answer before the console says it is down (at start: a couple of seconds). */
const INIT_MS = 2000;

/** Init or the agent host is unreachable: the usual way cannot work, the rescue menu can. */
const unreachable = (err: unknown) => err instanceof SystemError && /^cannot reach (aios init|the agent host)/.test(err.message);

async function runShell(): Promise<void> {
  write("root shell; type exit to return to the chat\n");
  await runInteractive(["/bin/bash", "-l"], { PS1: "aios# " });
}

/** Restarts a service through init and waits (up to 30 s) until it is ready again, so what the setup says is so. */
async function restartAndWait(svc: string): Promise<void> {
  await control("POST", `/v1/services/${encodeURIComponent(svc)}/restart`);
  for (let i = 0; i < 60; i++) {
    const s = await control<{ state: string }>("GET", `/v1/services/${encodeURIComponent(svc)}`);
    if (["ready", "done", "degraded"].includes(s.state)) return;
    if (s.state === "failed") throw new SystemError(`${svc} failed to start again`, `aiosctl logs ${svc}`);
    await Bun.sleep(500);
  }
  throw new SystemError(`${svc} is not ready 30 s after its restart`, `aiosctl status ${svc}`);
}

export async function runConsole(): Promise<void> {
  process.on("uncaughtException", (e) => write(`\nerror: ${errorMessage(e)}\n${PROMPT}`));
  write(`\naiOS console. Type help for commands.\n`);
  const banner = new Banner();
  const rescue: RescueDeps = { runner: realRunner, who: personActor("serial"), initMs: INIT_MS, firewall: DEFAULT_FIREWALL };
  let initWasUp = true;
  /** The prompt, after the banner when what it says has changed, and the rescue hint when init went quiet. */
  const prompt = async () => {
    const { facts, text } = await banner.refresh(realRunner, INIT_MS).catch(() => ({ facts: undefined, text: undefined }));
    if (text) write(`${text}\n`);
    if (facts && !facts.init.ok && initWasUp) write(`init is not answering: ${RESCUE_OFFER}\n`);
    if (facts) initWasUp = facts.init.ok;
    write(PROMPT);
  };
  let session: string | undefined;
  // ^C, ^\ and ^Z at the chat drop the line and give a fresh prompt, as a shell's prompt does, instead
  // of ending or stopping the console; while /shell runs, the shell (same process group) handles them.
  const state = { idle: false, shell: false };
  for (const sig of ["SIGINT", "SIGQUIT", "SIGTSTP"] as const) process.on(sig, () => { if (state.idle && !state.shell) write(`\n${PROMPT}`); });
  // First boot (no marker on the state disk): the setup comes before the chat; /setup runs it again.
  let setup = !setupDone();
  const setupEnv = { runner: realRunner, restart: restartAndWait, waitMs: 30_000 };
  for (;;) {
    let shell = false;
    const rl: Interface = createInterface({ input: process.stdin, terminal: false });
    const lines = rl[Symbol.asyncIterator]();
    const ask = async (q: string) => { write(q); const r = await lines.next(); return r.done ? undefined : String(r.value); };
    const confirm = async (q: string) => /^y(es)?$/i.test((await ask(q))?.trim() ?? "");
    if (setup) {
      setup = false;
      const end = await runSetup({ write: (t) => write(`${t}\n`), ask }, setupDeps(setupEnv)).catch((err) => { write(`setup stopped: ${errorMessage(err)}\n`); return "done"; });
      if (end === "eof") { rl.close(); await Bun.sleep(1000); process.exit(0); }
    }
    await prompt();
    for (;;) {
      state.idle = true;
      const next = await lines.next();
      state.idle = false;
      if (next.done) break;
      const line = String(next.value);
      try {
        const reply = await answer(line);
        if ("shell" in reply) { shell = true; break; }
        if ("setup" in reply && (await runSetup({ write: (t) => write(`${t}\n`), ask }, setupDeps(setupEnv))) === "eof") break;
        if ("rescue" in reply) {
          const exit = await rescueMenu({ write: (t) => write(`${t}\n`), ask }, rescue);
          if (exit === "shell") { shell = true; break; }
          if (exit === "eof") break;
        }
        if ("text" in reply && reply.text) write(`${reply.text}\n`);
        if ("chat" in reply) {
          try {
            session = (await converse(reply.chat, personActor("serial"), session, { write: (t) => write(`${t}\n`), confirm })).session;
          } catch (err) {
            if (!(err instanceof SystemError)) throw err;
            const r = await directAnswer(reply.chat);
            if ("text" in r) write(`${r.text}\n`);
            if (unreachable(err)) write(`${RESCUE_OFFER}\n`);
          }
        }
      } catch (raw) {
        const err = asStateDiskError(raw); // said plainly: "state disk full: …" and what to do
        write(`error: ${errorMessage(err)}${err instanceof AiosError && err.hint ? `\nhint: ${err.hint}` : ""}\n`);
        if (unreachable(err)) write(`${RESCUE_OFFER}\n`);
      }
      await prompt();
    }
    rl.close();
    if (!shell) { await Bun.sleep(1000); process.exit(0); } // the terminal went away (EOF): init restarts us
    process.stdin.pause();
    state.shell = true;
    await runShell();
    state.shell = false;
  }
}
