// Process tools: list (from /proc) and signal. The plan names the process the signal would reach, so
// policy and the lock-out guard judge "SIGKILL to dropbear", not "kill 812".
import { UserError } from "../../runtime/errors.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { s } from "../schema.ts";
import { listProcs, readProc } from "./proc.ts";

const SIGNALS = ["TERM", "KILL", "HUP", "INT", "QUIT", "USR1", "USR2", "STOP", "CONT"];

export function processTools(): ToolDeclaration[] {
  return [
    tool<{ sortBy?: "rss" | "pid"; limit?: number }>({
      name: "processes.list",
      description: "List processes with pid, parent, name, state, resident memory and command line.",
      input: s.object({ sortBy: s.enum(["rss", "pid"]), limit: s.int("at most this many", 1, 10_000) }, []),
      capabilities: ["proc.read"],
      destructive: false,
      timeoutMs: 5000,
      plan: async () => ({ effects: [] }),
      async execute({ sortBy, limit }) {
        const procs = listProcs();
        if (sortBy === "rss") procs.sort((a, b) => b.rssKb - a.rssKb);
        return procs.slice(0, limit ?? 200);
      },
    }),
    tool<{ pid: number; signal: string }>({
      name: "processes.signal",
      description: "Send a signal to a process.",
      input: s.object({ pid: s.int("process id", 2), signal: s.enum(SIGNALS) }),
      capabilities: ["proc.signal"],
      destructive: true,
      timeoutMs: 5000,
      async plan({ pid, signal }) {
        const p = readProc(pid);
        if (!p) throw new UserError(`no process ${pid}`);
        if (pid === process.pid) throw new UserError("a tool may not signal the process running it");
        return { effects: [{ kind: "process.signal", pid, name: p.name, signal }] };
      },
      async execute({ pid, signal }, ctx) {
        await ctx.runner.run(["kill", "-s", signal, String(pid)], { timeoutMs: ctx.timeoutMs });
        return { pid, signal, sent: true };
      },
    }),
  ];
}
