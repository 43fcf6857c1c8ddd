// The package part of a snapshot: dpkg selections, apt holds and every installed version. Selections
// alone put back what is installed but not which version, so an upgrade would survive its rollback;
// the versions let restore downgrade what changed (the old version must still be in a source).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Runner } from "../proc/exec.ts";
import { writeDurable } from "../durable.ts";

export interface DpkgOptions {
  aptOptions?: string[];
  /** dpkg options (tests: --root/--admindir of a private root); dpkg-query gets the ones it knows. */
  dpkgOptions?: string[];
}

const queryOptions = (o: DpkgOptions) => (o.dpkgOptions ?? []).filter((x) => /^--(admindir|root)=/.test(x));

async function versions(run: Runner, o: DpkgOptions): Promise<Map<string, string>> {
  const out = (await run.run(["dpkg-query", ...queryOptions(o), "-W", "-f", "${Package}\t${Version}\t${db:Status-Status}\n"])).stdout;
  return new Map(out.split("\n").map((l) => l.split("\t")).filter((f) => f[2] === "installed").map((f) => [f[0]!, f[1]!]));
}

export async function saveDpkg(base: string, run: Runner, o: DpkgOptions): Promise<void> {
  writeDurable(join(base, "dpkg-selections"), (await run.run(["dpkg", ...(o.dpkgOptions ?? []), "--get-selections"])).stdout);
  writeDurable(join(base, "apt-holds"), (await run.run(["apt-mark", ...(o.aptOptions ?? []), "showhold"])).stdout);
  writeDurable(join(base, "dpkg-versions"), [...(await versions(run, o))].map(([n, v]) => `${n}\t${v}\n`).join(""));
}

export async function restoreDpkg(base: string, run: Runner, o: DpkgOptions): Promise<void> {
  const apt = o.aptOptions ?? [];
  const dpkg = ["dpkg", ...(o.dpkgOptions ?? [])];
  const env = { DEBIAN_FRONTEND: "noninteractive" };
  await run.run([...dpkg, "--clear-selections"]);
  await run.run([...dpkg, "--set-selections"], { input: readFileSync(join(base, "dpkg-selections"), "utf8") });
  await run.run(["apt-get", ...apt, "-y", "dselect-upgrade"], { timeoutMs: 600_000, env });
  // Snapshots from before versions were kept have no file: selections are all they can restore.
  const file = join(base, "dpkg-versions");
  if (existsSync(file)) {
    const now = await versions(run, o);
    const want = readFileSync(file, "utf8").split("\n").filter(Boolean).map((l) => l.split("\t") as [string, string]);
    const changed = want.filter(([n, v]) => now.has(n) && now.get(n) !== v).map(([n, v]) => `${n}=${v}`);
    if (changed.length > 0) await run.run(["apt-get", ...apt, "-y", "--allow-downgrades", "--no-install-recommends", "install", ...changed], { timeoutMs: 600_000, env });
  }
  const holds = readFileSync(join(base, "apt-holds"), "utf8").split("\n").filter(Boolean);
  if (holds.length > 0) await run.run(["apt-mark", ...apt, "hold", ...holds]);
}
