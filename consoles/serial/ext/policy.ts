// Chat console commands for the policy area; ../commands.ts asks each area before its fallback:
// /approvals, /approve <id>, /reject <id> [note], /audit. Errors are thrown typed; the console renders them.
import { formatVerify } from "../../render/audit.ts";
import { EMPTY_VERIFY, withAuditReadonly } from "../../../runtime/audit/read.ts";
import { UserError } from "../../../runtime/errors.ts";
import { renderApprovals } from "../../render/approvals.ts";
import { decideThroughExecutor } from "../../../agents/host/executor/approve.ts";
import { withApplianceTools } from "../../../tools/appliance.ts";
import { outcomeText } from "../../render/outcome.ts";
import type { Reply } from "../commands.ts";

const WHO = "user:console";

/** Returns a reply when the line is this area's, undefined otherwise. */
export async function policyAnswer(line: string): Promise<Reply | undefined> {
  const [cmd, id, ...rest] = line.trim().split(/\s+/);
  switch (cmd?.toLowerCase()) {
    case "/approvals":
      return { text: renderApprovals(await withApplianceTools((sys) => sys.approvals.list())) };
    case "/approve": case "/reject": {
      const verb = cmd.toLowerCase() === "/approve" ? "approve" : "reject";
      if (!id) throw new UserError(`usage: /${verb} <id>${verb === "reject" ? " [note]" : ""}`, "/approvals lists the ids");
      const note = rest.join(" ") || undefined;
      const r = await decideThroughExecutor(id, WHO, verb, note);
      return { text: `${r.approval.id} ${r.approval.status} by ${WHO}${r.outcome ? `\n${outcomeText(r.outcome)}` : ""}` };
    }
    case "/audit": {
      const r = withAuditReadonly((log) => log.verify(), EMPTY_VERIFY);
      return { text: `audit log ${formatVerify(r)}` };
    }
    default:
      return undefined;
  }
}

export const policyHelp: string[] = [
  "  /approvals    tool calls waiting for a person (who, what, why, effects)",
  "  /approve <id> approve a waiting call and run it",
  "  /reject <id> [note]  reject a waiting call",
  "  /audit        verify the audit log's hash chain",
];
