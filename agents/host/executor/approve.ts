// How a console approves or rejects: the executor runs the approved call (settle period, health checks,
// rollback) in its own supervised process, so a console that hangs up cannot skip a rollback. Only
// where no executor runs (a development host) does the console fall back to running it in-process.
import { existsSync } from "node:fs";
import { decideApproval } from "../../../tools/index.ts";
import { withApplianceTools } from "../../../tools/appliance.ts";
import type { Approval } from "../../../runtime/policy/approvals.ts";
import type { CallOutcome } from "../../../tools/outcome.ts";
import { agentPaths } from "../paths.ts";
import { ExecutorClient } from "./client.ts";

export async function decideThroughExecutor(id: string, who: string, verb: "approve" | "reject", note?: string, wait = true): Promise<{ approval: Approval; outcome: CallOutcome | null; via: "executor" | "console" }> {
  const socket = agentPaths.adminSocket();
  if (existsSync(socket)) {
    const r = await new ExecutorClient(socket).decide(id, verb, who, note, wait);
    return { approval: r.approval as Approval, outcome: (r.outcome as CallOutcome | undefined) ?? null, via: "executor" };
  }
  const r = await withApplianceTools((sys) => decideApproval(sys, id, who, verb, note));
  return { ...r, via: "console" };
}
