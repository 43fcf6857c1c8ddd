// One turn of chat with the front agent, for any console: stream the events, and when a step waits for
// approval, ask the person inline (y/n, with the effects shown), decide it through the executor's admin
// socket (which runs the approved call, settle period and rollback itself) and let the goal carry on.
import type { ChatEvent } from "../../agents/front/types.ts";
import { hostStream } from "../../agents/host/client.ts";
import { decideThroughExecutor } from "../../agents/host/executor/approve.ts";
import { errorMessage } from "../../runtime/errors.ts";
import { renderEvent } from "../render/chat.ts";

export interface ConverseIO {
  /** Prints one rendered block. */
  write(text: string): void;
  /** Asks a yes/no question; undefined when nobody can answer (non-interactive). */
  confirm?(question: string): Promise<boolean>;
  /** Every raw event, for --json. */
  event?(e: ChatEvent): void;
}

export interface TurnResult { session?: string; tier?: string; pending: string[]; goal?: number }

export async function converse(text: string, who: string, session: string | undefined, io: ConverseIO): Promise<TurnResult> {
  const out: TurnResult = { session, pending: [] };
  const approvals: { id: string; goal?: number }[] = [];
  const show = (e: ChatEvent) => {
    io.event?.(e);
    if (e.type === "start" && e.session) out.session = e.session;
    if (e.type === "done") { out.session = e.session || out.session; out.tier = e.tier; out.goal = e.goal ?? out.goal; }
    if (e.type === "approval") approvals.push({ id: e.approval.id, goal: e.goal });
    const t = renderEvent(e);
    if (t && !io.event) io.write(t);
  };
  for await (const e of hostStream<ChatEvent>("/v1/chat", { text, session, who })) show(e);
  while (approvals.length) {
    const a = approvals.shift()!;
    if (!io.confirm) { out.pending.push(a.id); continue; }
    const yes = await io.confirm("Approve? [y/N] ");
    try {
      const r = await decideThroughExecutor(a.id, who, yes ? "approve" : "reject", yes ? undefined : "declined in chat");
      if (!io.event) io.write(yes ? `approved${r.outcome ? `: ${r.outcome.status}` : ""}` : "rejected");
    } catch (err) {
      io.write(`could not ${yes ? "approve" : "reject"} ${a.id}: ${errorMessage(err)}`);
      continue;
    }
    if (a.goal !== undefined) for await (const e of hostStream<ChatEvent>(`/v1/goals/${a.goal}/resume`)) show(e);
  }
  return out;
}
