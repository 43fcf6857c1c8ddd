// aiosctl backup <file> and restore <backup file | snapshot id>; registered in ../tree.ts. A restore
// checks the whole file (and the passphrase) before it asks, and snapshots before it changes anything.
import type { CommandDef } from "citty";
import { defineCommand } from "citty";
import { existsSync, readFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { applyRestore, createBackup, planRestore, type RestorePlan } from "../../../runtime/backup/index.ts";
import { setting } from "../../../runtime/config/settings.ts";
import { defaultDbPath } from "../../../runtime/db/open.ts";
import { UserError } from "../../../runtime/errors.ts";
import { restoreSnapshot, snapshotSystem } from "../../../runtime/snapshots/manual.ts";
import { configDir } from "../../../runtime/policy/agents.ts";
import { personActor, withApplianceTools } from "../../../tools/appliance.ts";
import { act } from "../fail.ts";

const json = { type: "boolean", description: "machine-readable output" } as const;
const passphraseFile = { type: "string", description: "file whose first line is the passphrase that seals (or opens) secrets.toml" } as const;
// citty reads --no-secrets as secrets=false, so the flag is declared as its positive.
const secrets = { type: "boolean", default: true, description: "include secrets.toml; --no-secrets leaves it out (backup) or as it is (restore)" } as const;
const print = (v: unknown, asJson: boolean | undefined, human: () => string) => console.log(asJson ? JSON.stringify(v, null, 2) : human());
const who = () => personActor("aiosctl");
const paths = () => ({ configDir: configDir(), secrets: setting("secrets"), db: defaultDbPath(), audit: setting("audit_db") });
const kib = (n: number) => `${(n / 1024).toFixed(1)} KiB`;

function readPassphrase(file: string | undefined): string | undefined {
  if (file === undefined) return undefined;
  let text: string;
  try { text = readFileSync(file, "utf8"); } catch (e) { throw new UserError(`cannot read the passphrase file: ${(e as Error).message}`); }
  const pass = text.split(/\r?\n/)[0] ?? "";
  if (!pass) throw new UserError(`the passphrase file ${file} is empty`, "put the passphrase on its first line");
  return pass;
}

const backup = defineCommand({
  meta: { name: "backup", description: "write configuration, secrets (sealed with a passphrase), memory and the audit log to one file" },
  args: { file: { type: "positional", required: true, description: "the backup file to write" }, "passphrase-file": passphraseFile, secrets, json },
  run: act(async (a: { file: string; "passphrase-file"?: string; secrets?: boolean; json?: boolean }) => {
    const t0 = performance.now();
    const r = createBackup(a.file, paths(), { passphrase: readPassphrase(a["passphrase-file"]), noSecrets: a.secrets === false });
    await withApplianceTools((sys) => sys.audit.append({ kind: "backup", actor: who(), subject: a.file, data: { bytes: r.bytes, parts: r.manifest.parts, auditHead: r.auditHead } }));
    const ms = Math.round(performance.now() - t0);
    print({ ...r, ms }, a.json, () => `${a.file}: ${kib(r.bytes)} in ${ms} ms\n${r.manifest.parts.map((p) => `  ${p.name.padEnd(20)} ${kib(p.size).padStart(10)}  sha256 ${p.sha256.slice(0, 16)}…`).join("\n")}`);
  }),
});

function summary(p: RestorePlan): string {
  return [
    `backup of ${p.manifest.host}, ${new Date(p.manifest.createdAt).toISOString()}; every part checks out`,
    `  configuration: ${p.config.length} files into ${configDir()}`,
    `  secrets:       ${p.secrets ? `into ${setting("secrets")} (0600)` : `unchanged (${p.secretsSkipped})`}`,
    `  memory:        ${p.memory ? `${p.memoryRows} rows replace the memory tables` : "none in the backup"}`,
    `  audit log:     ${p.audit ? `${p.audit.count} entries, verified, kept as an archive (the live log is not rewritten)` : "none in the backup"}`,
  ].join("\n");
}

async function confirmed(question: string): Promise<boolean> {
  if (!process.stdin.isTTY) throw new UserError("a restore asks for confirmation, and there is no terminal to ask on", "pass --yes");
  const rl = createInterface({ input: process.stdin, output: process.stdout });
  const answer = await new Promise<string>((res) => rl.question(question, res));
  rl.close();
  return /^y(es)?$/i.test(answer.trim());
}

const restore = defineCommand({
  meta: { name: "restore", description: "put back a backup file (after a snapshot), or a snapshot by id (snap-…)" },
  args: {
    source: { type: "positional", required: true, description: "a backup file, or a snapshot id (aiosctl snapshots)" },
    yes: { type: "boolean", description: "do not ask for confirmation" }, "passphrase-file": passphraseFile, secrets, json,
  },
  run: act(async (a: { source: string; yes?: boolean; "passphrase-file"?: string; secrets?: boolean; json?: boolean }) => {
    if (/^snap-[\w-]+$/.test(a.source) && !existsSync(a.source)) {
      const r = await withApplianceTools((sys) => restoreSnapshot(sys.snapshots, sys.audit, who(), a.source));
      print(r, a.json, () => `restored ${r.id}: ${r.files} files${r.nft ? ", firewall" : ""}${r.dpkg ? ", packages" : ""}`);
      return;
    }
    if (!existsSync(a.source)) throw new UserError(`no backup file ${a.source}`, "give a file `aiosctl backup` wrote, or a snapshot id from `aiosctl snapshots`");
    const plan = planRestore(a.source, { passphrase: readPassphrase(a["passphrase-file"]), noSecrets: a.secrets === false });
    if (!a.json) console.log(summary(plan));
    if (!a.yes && !(await confirmed("restore it? [y/N] "))) { console.log("nothing changed"); return 1; }
    const r = await withApplianceTools((sys) => applyRestore(plan, {
      paths: paths(), archiveDir: `${setting("state_dir")}/audit-archive`, audit: sys.audit, who: who(),
      snapshot: async () => (await snapshotSystem(sys.snapshots, sys.audit, who(), `before restoring ${a.source}`, { configDirs: [configDir()], nft: false, dpkg: false })).id,
    }));
    print(r, a.json, () => [`restored ${a.source} (undo: aiosctl restore ${r.snapshot})`,
      r.archive ? `audit archive ${r.archive}, chain head ${r.archiveHead!.seq}:${r.archiveHead!.hash}` : "no audit archive"].join("\n"));
  }),
});

export const backupCommands: Record<string, CommandDef<any>> = { backup, restore };
