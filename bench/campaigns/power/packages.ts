// The packages workload: a local apt repository of four small packages (tests/fixtures/apt-repo.ts) on
// the state disk, installed and removed in turn by workload.sh. After a cut, dpkg must be whole — clean
// at once, or repaired by the appliance itself (the package agent finishes what dpkg left half-done) —
// and every acknowledged install or removal must hold, files and all.
import { writeFileSync } from "node:fs";
import { out, ssh } from "../../../tests/boot/helpers.ts";
import { buildRepo, sourcesList, type DebSpec } from "../../../tests/fixtures/apt-repo.ts";
import type { Acks } from "./campaign.ts";

export const PACKAGES = 4;
const VERSION = "1.0";
// A postinst that takes a moment (as real ones do) leaves room for a cut between unpack and configure.
const specs: DebSpec[] = Array.from({ length: PACKAGES }, (_, i) => ({ name: `aios-pc-${i}`, version: VERSION, postinst: "sleep 1" }));
const BASE = "/var/lib/aios/power-repo";

/** Builds the repository on the host and copies it in (once per disk), with apt's lists refreshed from it. */
export async function setupPackages(dir: string, sshPort: number): Promise<void> {
  buildRepo(`${dir}/power-repo`, specs);
  writeFileSync(`${dir}/power-repo.list`, sourcesList(BASE));
  const p = Bun.spawn(["scp", "-q", "-r", "-i", `${out}/ssh/aios_ed25519`, "-P", String(sshPort), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null",
    "-o", "BatchMode=yes", "-o", "LogLevel=ERROR", `${dir}/power-repo`, `${dir}/power-repo.list`, "root@127.0.0.1:/var/lib/aios/"], { stdio: ["ignore", "ignore", "pipe"] });
  if ((await p.exited) !== 0) throw new Error(`scp of the package repository failed: ${await new Response(p.stderr).text()}`);
  const r = await ssh(sshPort, `apt-get -q -o Dir::Etc::sourcelist=${BASE}.list -o Dir::Etc::sourceparts=- -o APT::Get::List-Cleanup=0 update && sync`);
  if (r.code !== 0) throw new Error(`apt-get update from the local repository failed: ${r.stdout}${r.stderr}`);
}

export interface PackagesCheck { lost: string[]; notes: string[] }

/** dpkg's audit, waiting up to `waitMs` for the appliance to repair what a cut left half-done. */
async function dpkgWhole(sshPort: number, waitMs: number): Promise<{ ok: boolean; first: string; last: string; ms: number }> {
  const t0 = performance.now();
  const audit = async () => (await ssh(sshPort, "dpkg --audit 2>&1")).stdout.trim();
  const first = await audit();
  let last = first;
  while (last && performance.now() - t0 < waitMs) { await Bun.sleep(3000); last = await audit(); }
  return { ok: !last, first, last, ms: performance.now() - t0 };
}

export async function checkPackages(sshPort: number, acks: Acks, waitMs = 120_000): Promise<PackagesCheck> {
  const lost: string[] = [];
  const notes: string[] = [];
  const d = await dpkgWhole(sshPort, waitMs);
  const gist = (s: string) => s.replace(/\s+/g, " ").slice(0, 160);
  if (!d.ok) lost.push(`dpkg --audit still not clean after ${(d.ms / 1000).toFixed(0)} s: ${gist(d.last)}`);
  else if (d.first) {
    const by = (await ssh(sshPort, "aiosctl audit export | grep -o 'packages.configure[^,]*' | tail -n 1")).stdout.trim();
    notes.push(`dpkg left unfinished (${gist(d.first)}), repaired by the appliance in ${(d.ms / 1000).toFixed(0)} s${by ? ` (${by})` : ""}`);
  }
  // Every acknowledged operation's package, in its last acknowledged state; the one in flight
  // (the op after the last ACK) may have landed or not.
  const ops = (acks.pkg ?? []).map((l) => l.split(" ")).map(([op, name, n]) => ({ op: op!, name: name!, n: Number(n) }));
  if (!ops.length) return { lost, notes };
  const inFlight = `aios-pc-${(Math.max(...ops.map((o) => o.n)) + 1) % PACKAGES}`;
  const want = new Map<string, string>();
  for (const o of ops.sort((a, b) => a.n - b.n)) want.set(o.name, o.op);
  const names = [...want.keys()];
  const q = await ssh(sshPort, names.map((n) => `printf '%s %s %s\\n' ${n} "$(dpkg-query -W -f '\${db:Status-Status}' ${n} 2>/dev/null || echo none)" "$(cat /usr/share/${n}/version 2>/dev/null || echo -)"`).join("; "));
  const have = new Map(q.stdout.trim().split("\n").map((l) => l.split(" ")).map(([n, st, v]) => [n!, { st: st!, v: v! }]));
  for (const [name, op] of want) {
    const h = have.get(name) ?? { st: "unreadable", v: "-" };
    const installed = h.st === "installed" && h.v === VERSION;
    const removed = ["not-installed", "config-files", "none"].includes(h.st) && h.v === "-";
    if (op === "install" ? installed : removed) continue;
    if (name === inFlight && (installed || removed)) { notes.push(`${name}: the ${op === "install" ? "removal" : "install"} in flight at the cut landed`); continue; }
    lost.push(`acknowledged ${op} of ${name}: dpkg says ${h.st}, /usr/share/${name}/version ${h.v}`);
  }
  return { lost, notes };
}
