// Runs one case of the degraded-mode campaign in its own private mount namespace and returns its Outcome.
import { join } from "node:path";
import type { Outcome } from "./cases.ts";
import { repo } from "./appliance.ts";

/** Whether this machine lets us make a private mount namespace with a tmpfs in it (root, unshare). */
export function canMount(): boolean {
  const p = Bun.spawnSync(["unshare", "-m", "--propagation", "private", "sh", "-c", "d=$(mktemp -d) && mount -t tmpfs -o size=64k t $d && umount $d && rmdir $d"], { stdio: ["ignore", "ignore", "ignore"] });
  return p.exitCode === 0;
}

export async function runCase(name: string): Promise<Outcome> {
  const p = Bun.spawn(["unshare", "-m", "--propagation", "private", process.execPath, join(repo, "bench/campaigns/degraded/one.ts"), name], { stdio: ["ignore", "pipe", "pipe"] });
  const [out, err, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  const line = out.trim().split("\n").at(-1) ?? "";
  if (code !== 0 || !line.startsWith("{")) {
    return { case: name, outcome: `the case itself failed (exit ${code}): ${(err || out).trim().split("\n").slice(-3).join(" / ")}`, clear: false, status: "", recovered: false, auditLost: -1, dataLost: "?" };
  }
  return JSON.parse(line) as Outcome;
}
