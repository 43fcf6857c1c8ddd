// How ssh lets anyone in, tried from the tap namespace as a stranger would: the methods the server
// offers after "none", passwords (empty and guessed), a key it does not know, an empty key file; and
// from inside, whether any account (root first) has a password that could be used at all.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type { TapNet } from "../../../tests/boot/tapnet.ts";

export interface SshReport {
  /** What the server offers after the client's "none" request ("Authentications that can continue"). */
  methods: string[];
  /** Each attempt that should fail, and whether it got in (must all be false). */
  refused: { attempt: string; loggedIn: boolean; detail: string }[];
  /** The project key logs in (the positive control: a refusal above is not just a dead server). */
  projectKey: boolean;
  /** root's password field in /etc/shadow, and `passwd -S root`. */
  rootShadow: string;
  rootStatus: string;
  /** Accounts whose shadow field is a usable password or empty (must be none). */
  usablePasswords: string[];
  dropbearArgs: string;
}

const NO_KEYS = ["-o", "PubkeyAuthentication=no", "-o", "IdentitiesOnly=yes", "-o", "IdentityFile=/dev/null"];

async function attempt(net: TapNet, attempt: string, args: string[], password?: string): Promise<SshReport["refused"][number]> {
  const cmd = password === undefined ? net.sshArgs(["-v", "-o", "BatchMode=yes", ...args]) : ["sshpass", "-p", password, ...net.sshArgs(["-v", ...args])];
  const r = await net.run([...cmd, "echo IN-AS-$(id -un)"], { timeoutMs: 60_000 });
  const denied = /Permission denied \(([^)]*)\)/.exec(r.stderr)?.[0];
  return { attempt, loggedIn: r.stdout.includes("IN-AS-"), detail: denied ?? `exit ${r.code}: ${r.stderr.trim().split("\n").pop()}` };
}

export async function sshChecks(net: TapNet): Promise<SshReport> {
  const dir = mkdtempSync(`${tmpdir()}/aios-access-ssh-`);
  try {
    const none = await net.run([...net.sshArgs(["-v", "-o", "BatchMode=yes", ...NO_KEYS, "-o", "PasswordAuthentication=no", "-o", "KbdInteractiveAuthentication=no"]), "true"], { timeoutMs: 60_000 });
    const methods = (/Authentications that can continue: (\S+)/.exec(none.stderr)?.[1] ?? "").split(",").filter(Boolean);
    const stranger = `${dir}/stranger`;
    const mk = Bun.spawnSync(["ssh-keygen", "-q", "-t", "ed25519", "-N", "", "-f", stranger]);
    if (mk.exitCode !== 0) throw new Error(`ssh-keygen failed: ${mk.stderr.toString()}`);
    writeFileSync(`${dir}/empty`, "", { mode: 0o600 });
    const pw = ["-o", "PreferredAuthentications=password,keyboard-interactive", ...NO_KEYS, "-o", "NumberOfPasswordPrompts=1"];
    const refused = [
      { attempt: "none (no credentials)", loggedIn: none.code === 0, detail: /Permission denied \([^)]*\)/.exec(none.stderr)?.[0] ?? `exit ${none.code}` },
      await attempt(net, "empty password", pw, ""),
      await attempt(net, "password 'root'", pw, "root"),
      await attempt(net, "password 'aios'", pw, "aios"),
      await attempt(net, "unknown key (empty passphrase)", ["-i", stranger, "-o", "IdentitiesOnly=yes"]),
      await attempt(net, "empty key file", ["-i", `${dir}/empty`, "-o", "IdentitiesOnly=yes"]),
    ];
    const key = await net.ssh("echo IN-AS-$(id -un)");
    const facts = await net.ssh([
      "awk -F: '$1==\"root\"{print $2}' /etc/shadow",
      "echo ---; (/usr/bin/passwd -S root 2>&1 || true)",
      // A usable password is any field that is not locked (!…), disabled (*…) or the "x" placeholder.
      "echo ---; awk -F: '$2 !~ /^[!*]/ {print $1\":\"($2==\"\" ? \"(empty)\" : \"(hash)\")}' /etc/shadow",
      "echo ---; tr '\\0' ' ' < /proc/$(/usr/bin/busybox pidof dropbear | cut -d' ' -f1)/cmdline",
    ].join("; "));
    const [shadow = "", status = "", usable = "", dropbear = ""] = facts.stdout.split("---\n").map((s) => s.trim());
    return { methods, refused, projectKey: key.stdout.includes("IN-AS-root"), rootShadow: shadow, rootStatus: status,
      usablePasswords: usable.split("\n").filter(Boolean), dropbearArgs: dropbear };
  } finally { rmSync(dir, { recursive: true, force: true }); }
}
