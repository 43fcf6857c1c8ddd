// The agent host's side of the executor socket: the Executor interface over HTTP on a unix socket.
// An unreachable executor is a SystemError the loop treats as "wait and retry", never a crash.
import { SystemError } from "../../../runtime/errors.ts";
import { fromErrorBody } from "../../../runtime/boundary.ts";
import type { CallRequest } from "../../../tools/outcome.ts";
import type { ToolInfo } from "../../../tools/declaration.ts";
import type { CommandResult, RunOptions } from "../../../runtime/proc/exec.ts";
import type { Autonomy, Executor, Outcome, Preview, RecordInput } from "./api.ts";

export interface AuditView { seq: number; ts: number; kind: string; actor: string; subject: string; data: unknown }
export interface MemoryHit { tier: string; kind: string; title: string; text: string }

export class ExecutorClient implements Executor {
  constructor(readonly socket: string) {}

  private async rpc<T>(method: "GET" | "POST", path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetch(`http://executor${path}`, {
        method, unix: this.socket, body: body === undefined ? undefined : JSON.stringify(body),
        headers: body === undefined ? undefined : { "content-type": "application/json" },
      } as RequestInit);
    } catch (cause) {
      throw new SystemError(`cannot reach the executor at ${this.socket}`, "is the executor service running?", { cause });
    }
    const data = (await res.json().catch(() => ({}))) as T & { error?: string; hint?: string };
    if (!res.ok) throw fromErrorBody(res.status, data, res.status < 500 ? `executor refused ${path}` : `executor answered ${res.status} for ${path}`);
    return data;
  }

  preview(req: CallRequest) { return this.rpc<Preview>("POST", "/v1/preview", req); }
  call(req: CallRequest) { return this.rpc<Outcome>("POST", "/v1/call", req); }
  tools() { return this.rpc<ToolInfo[]>("GET", "/v1/tools"); }
  record(r: RecordInput) { return this.rpc<{ seq: number }>("POST", "/v1/record", r); }
  approval(id: string) { return this.rpc<Awaited<ReturnType<Executor["approval"]>>>("GET", `/v1/approvals/${encodeURIComponent(id)}`); }
  rollback(agent: string, snapshotId: string, reason: string) { return this.rpc<{ restored: boolean; detail: string }>("POST", "/v1/rollback", { agent, snapshotId, reason }); }
  async autonomy(): Promise<Autonomy> { return (await this.rpc<{ autonomy: Autonomy }>("GET", "/v1/autonomy")).autonomy; }
  async remember(title: string, body: string, tags: string[]) { await this.rpc("POST", "/v1/remember", { title, body, tags }); }

  async auditSince(since: number, limit = 200): Promise<AuditView[]> { return (await this.rpc<{ entries: AuditView[] }>("GET", `/v1/audit?since=${since}&limit=${limit}`)).entries; }
  async searchMemory(text: string, limit = 5): Promise<MemoryHit[]> { return (await this.rpc<{ hits: MemoryHit[] }>("POST", "/v1/memory/search", { text, limit })).hits; }

  /** A privileged read-only command, run by the executor if its allowlist has it (reads.ts). */
  async read(argv: readonly string[], opts: RunOptions = {}): Promise<CommandResult> {
    const r = await this.rpc<Omit<CommandResult, "argv">>("POST", "/v1/read", { argv, timeoutMs: opts.timeoutMs });
    if (r.code !== 0 && opts.check !== false) throw new SystemError(`${argv.join(" ")} exited ${r.code}: ${r.stderr.trim().split("\n").slice(-2).join(" | ")}`);
    return { ...r, argv };
  }

  // People's verbs: only the admin socket accepts these.
  decide(id: string, verb: "approve" | "reject", who: string, note?: string, wait = false) {
    return this.rpc<{ approval: { id: string; status: string }; outcome?: unknown }>("POST", `/v1/approvals/${encodeURIComponent(id)}/${verb}`, { who, note, wait });
  }
  restoreSnapshot(id: string, who: string) { return this.rpc<{ id: string; files: number; nft: boolean; dpkg: boolean }>("POST", `/v1/snapshots/${encodeURIComponent(id)}/restore`, { who }); }
  resetFirewall(who: string) { return this.rpc<{ table: string; file: string }>("POST", "/v1/firewall/reset", { who }); }
  async setAutonomy(value: string, who: string): Promise<Autonomy> { return (await this.rpc<{ autonomy: Autonomy }>("POST", "/v1/autonomy", { value, who })).autonomy; }
}
