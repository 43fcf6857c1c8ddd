// Appliance-wide switches a person owns (autonomy, reboot) and the models: the front agent explains and
// gives the exact command; these verbs are people's alone, on the executor's and init's root sockets.
import type { Handler } from "../types.ts";

export const autonomy: Handler = async (slots, ctx) => {
  const now = await ctx.executor.autonomy().catch(() => "unknown");
  const want = slots.autonomy;
  const meaning = { on: "agents fix what their policy allows by themselves", propose: "agents only propose; every change waits for approval", off: "agents observe and report, and change nothing" };
  if (!want) return { text: `Autonomy is ${now}: ${meaning[now as keyof typeof meaning] ?? ""}.\nChange it with: aiosctl autonomy on|propose|off` };
  if (want === now) return { text: `Autonomy is already ${now}: ${meaning[want]}.` };
  return { text: `Autonomy is ${now}. Setting it to ${want} means ${meaning[want]}. The switch is a person's alone: run\n  aiosctl autonomy ${want}\nIt is audited with your name.` };
};

export const reboot: Handler = async () => ({
  text: "Rebooting stops every service and the consoles for about a minute. The agents never reboot the machine on their own; run\n  aiosctl reboot\n(or aiosctl poweroff to shut down). Pending goals resume after the reboot.",
});
