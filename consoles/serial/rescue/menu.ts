// The break-glass menu (/rescue): what is going on (addresses, services, the audit tail, verified),
// then numbered choices. Needs no model, no network and no agent host; plain text for any terminal.
import { errorMessage, AiosError } from "../../../runtime/errors.ts";
import { CHOICES, renderRescue, toWidth } from "../../render/rescue.ts";
import { autonomyOff, firewallReset, reboot, type RescueDeps, type RescueIO, restartService, undoLastChange } from "./actions.ts";
import { rescueFacts } from "./facts.ts";

export type MenuExit = "back" | "shell" | "eof";

const ACTIONS: Record<string, (io: RescueIO, d: RescueDeps) => Promise<void>> = {
  "1": undoLastChange, "2": autonomyOff, "3": firewallReset, "4": restartService, "5": reboot,
};

/** One line offered wherever the usual path fails because init or the agent host is unreachable. */
export const RESCUE_OFFER = "type /rescue for the break-glass menu (no model, agents or network needed)";

export async function rescueMenu(raw: RescueIO, d: RescueDeps): Promise<MenuExit> {
  // Everything printed here, errors included, is cut to the width and cleaned of escapes.
  const io: RescueIO = { write: (t) => raw.write(toWidth(t)), ask: (q) => raw.ask(q) };
  const show = async () => io.write(renderRescue(await rescueFacts(d.runner, d.initMs)));
  await show();
  for (;;) {
    const choice = (await io.ask("rescue> "))?.trim().toLowerCase();
    if (choice === undefined) return "eof";
    if (choice === "") continue;
    if (choice === "q" || choice === "/q" || choice === "quit" || choice === "exit") return "back";
    if (choice === "6") return "shell";
    if (choice === "r") { await show(); continue; }
    const act = ACTIONS[choice];
    if (!act) { io.write(`choose one of:\n${CHOICES.join("\n")}`); continue; }
    try {
      await act(io, d);
    } catch (err) {
      io.write(`error: ${errorMessage(err)}${err instanceof AiosError && err.hint ? `\nhint: ${err.hint}` : ""}`);
    }
    io.write("choose again (1-6), r to show everything again, q to go back to the chat");
  }
}
