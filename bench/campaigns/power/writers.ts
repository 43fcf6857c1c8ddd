// The writers workload's check after a cut: every acknowledged audit entry is in the chain, the
// configuration holds the last acknowledged value (or the one in flight), and so does the agents' state.
import { ssh } from "../../../tests/boot/helpers.ts";
import type { Acks } from "./campaign.ts";

const nums = (acks: Acks, kind: string) => (acks[kind] ?? []).map(Number);

export async function checkWriters(sshPort: number, run: number, acks: Acks): Promise<string[]> {
  const lost: string[] = [];
  const audit = nums(acks, "audit");
  if (audit.length) {
    const exp = (await ssh(sshPort, `aiosctl audit export | grep -o 'power-${run}-[0-9]*' | sort -u`)).stdout;
    const have = new Set(exp.split("\n").filter(Boolean));
    for (const n of audit) if (!have.has(`power-${run}-${n}`)) lost.push(`audit entry power-${run}-${n}`);
  }
  const config = nums(acks, "config");
  if (config.length) {
    const last = Math.max(...config);
    const got = Number((await ssh(sshPort, "aiosctl config get logs.ring_lines 2>/dev/null")).stdout.trim());
    // The write in flight at the cut may or may not have landed; an older value means a lost write.
    if (!(got === 1000 + last || got === 1001 + last)) lost.push(`config logs.ring_lines is ${got}, acknowledged ${1000 + last}`);
  }
  const memory = nums(acks, "memory");
  if (memory.length) {
    const last = Math.max(...memory);
    const agents = (await ssh(sshPort, "aiosctl agents --json")).stdout;
    const state = (JSON.parse(agents || "{}") as { agents?: { name: string; state: string }[] }).agents?.find((a) => a.name === "maintenance")?.state;
    const paused = state === undefined ? undefined : state === "paused";
    const want = last % 2 === 1; // odd: paused, even: resumed; the next one may have landed too
    if (paused !== want && paused !== !want) lost.push(`maintenance agent state unreadable: ${agents.slice(0, 200)}`);
    else if (paused !== want) lost.push(`maintenance paused=${paused} but acknowledged #${last} (${want ? "pause" : "resume"}) — unless #${last + 1} landed`);
  }
  return lost;
}
