// Runs one degraded-mode case inside a private mount namespace (the caller wraps this process in
// `unshare -m --propagation private`): the state dir is a small filesystem of its own (ext4 on a loop
// device, or a tmpfs: AIOS_CAMPAIGN_FS), so filling it or remounting it read-only touches nothing else. Prints the case's Outcome as one JSON line.
import { mkdirSync, mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Appliance } from "./appliance.ts";
import { CASES, mark } from "./cases.ts";

const name = process.argv[2] ?? "";
const run = CASES[name];
if (!run) { console.error(`no case "${name}"; known: ${Object.keys(CASES).join(", ")}`); process.exit(2); }

const sh = (cmd: string) => {
  const p = Bun.spawnSync(["sh", "-c", cmd], { stdio: ["ignore", "pipe", "pipe"] });
  if (p.exitCode !== 0) throw new Error(`${cmd}: ${p.stderr.toString().trim()}`);
};

const root = mkdtempSync(join(tmpdir(), `aios-degraded-${name}-`));
const state = join(root, "state");
mkdirSync(state);
// ext4 on a loop device, as on the appliance (reserved blocks, delayed allocation), else a tmpfs.
const fs = process.env.AIOS_CAMPAIGN_FS ?? (Bun.which("mkfs.ext4") ? "ext4" : "tmpfs");
if (fs === "ext4") sh(`truncate -s 8M ${root}/state.img && mkfs.ext4 -q -F ${root}/state.img && mount -o loop ${root}/state.img ${state}`);
else sh(`mount -t tmpfs -o size=4m aios-state ${state}`);
mark(state);
try {
  console.log(JSON.stringify({ ...(await run(new Appliance(state, root), { sh })), fs }));
} finally {
  Bun.spawnSync(["sh", "-c", `umount -R ${state}; rm -rf ${root}`]);
}
