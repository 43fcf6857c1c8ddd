// Evaluating a goal at its end, against the real system: is the port open in the firewall and does
// something answer on it, is the package installed, is the service running, can people still get in.
import { connect } from "node:net";
import { control } from "../../runtime/control/client.ts";
import type { FrontContext, GoalCheck } from "./types.ts";
import { read } from "./types.ts";

export interface CheckResult { ok: boolean; text: string }

/** Whether something accepts a TCP connection on this machine's port (loopback). */
export function answers(port: number, timeoutMs = 1500): Promise<boolean> {
  return new Promise((resolve) => {
    const s = connect({ host: "127.0.0.1", port });
    const done = (v: boolean) => { s.destroy(); resolve(v); };
    s.setTimeout(timeoutMs, () => done(false));
    s.once("connect", () => done(true));
    s.once("error", () => done(false));
  });
}

async function allowed(ctx: Pick<FrontContext, "executor" | "ownerOf" | "request">, port: number, proto: string): Promise<boolean> {
  const fw = await read<{ chains: { table: string; chain: string; rules: string[] }[] }>(ctx as FrontContext, "firewall.list");
  const input = fw.chains.find((c) => c.table === "inet aios" && c.chain === "input");
  return !!input?.rules.includes(`${proto} dport ${port} accept`);
}

export async function evaluate(check: GoalCheck, ctx: FrontContext): Promise<CheckResult> {
  switch (check.kind) {
    case "port": {
      const open = await allowed(ctx, check.port, check.proto);
      if (open !== check.open) return { ok: false, text: `port ${check.port}/${check.proto} is still ${open ? "open" : "closed"} in the firewall` };
      if (!check.open) return { ok: true, text: `port ${check.port}/${check.proto} is closed in the firewall` };
      const up = check.proto === "tcp" ? await answers(check.port) : false;
      return { ok: true, text: `port ${check.port}/${check.proto} is open in the firewall${check.proto === "tcp" ? (up ? " and answers" : ", but nothing answers on it yet: start your app and it will be reachable") : ""}` };
    }
    case "package": {
      const r = await ctx.runner.run(["dpkg-query", "-W", "-f=${Status}\t${Version}", check.name], { check: false, timeoutMs: 10_000 });
      const inst = r.code === 0 && (r.stdout.split("\t")[0] ?? "").endsWith(" installed");
      return inst === check.installed ? { ok: true, text: `${check.name} is ${inst ? `installed (${r.stdout.split("\t")[1]})` : "not installed"}` } : { ok: false, text: `${check.name} is ${inst ? "still installed" : "not installed"}` };
    }
    case "service": {
      const st = await control<{ state: string }>("GET", `/v1/services/${encodeURIComponent(check.id)}`);
      const running = ["running", "ready", "starting"].includes(st.state);
      return { ok: running === check.running, text: `${check.id} is ${st.state}` };
    }
    case "access": {
      const ssh = await allowed(ctx, 22, "tcp"), web = await allowed(ctx, 9090, "tcp");
      const sshUp = await answers(22), webUp = await answers(9090);
      const ok = ssh && web; // what a change can take away; whether the daemons answer is reported beside it
      return { ok, text: `ssh: ${ssh ? "allowed" : "NOT allowed"} and ${sshUp ? "answering" : "not answering"}; web console: ${web ? "allowed" : "NOT allowed"} and ${webUp ? "answering" : "not answering"}` };
    }
  }
}
