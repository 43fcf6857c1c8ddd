// Boot-test plumbing: build the image once per run, free ports, ssh into the VM.
import { fileURLToPath } from "node:url";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { resolve } from "node:path";
import { buildImage } from "../../build/main.ts";
import { makeContext } from "../../build/context.ts";
import { loadSettings } from "../../build/settings.ts";

export const repo = fileURLToPath(new URL("../..", import.meta.url));
/** Each developer (or helper) may build into its own AIOS_OUT so concurrent builds do not collide. */
export const out = resolve(repo, process.env.AIOS_OUT ?? "out");

export async function buildOnce(): Promise<void> {
  await buildImage(makeContext(loadSettings(), repo));
}

export function freePort(): number {
  const s = Bun.listen({ hostname: "127.0.0.1", port: 0, socket: { data() {} } });
  const port = s.port;
  s.stop(true);
  return port;
}

export const scratch = () => mkdtempSync(`${tmpdir()}/aios-boot-`);

export async function newDisk(path: string): Promise<string> {
  const p = Bun.spawn(["qemu-img", "create", "-q", "-f", "qcow2", path, "2G"]);
  if ((await p.exited) !== 0) throw new Error("qemu-img create failed");
  return path;
}

/** Runs a command in the VM over ssh with the project key; retries while sshd is coming up. */
export async function ssh(port: number, command: string, tries = 20): Promise<{ code: number; stdout: string; stderr: string }> {
  let last = { code: -1, stdout: "", stderr: "" };
  for (let i = 0; i < tries; i++) {
    const p = Bun.spawn(["ssh", "-i", `${out}/ssh/aios_ed25519`, "-p", String(port), "-o", "StrictHostKeyChecking=no",
      "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR", "root@127.0.0.1", command],
      { stdio: ["ignore", "pipe", "pipe"] });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    last = { code, stdout, stderr };
    if (code !== 255) return last; // 255: ssh itself failed (connection); anything else is the command's
    await Bun.sleep(1000);
  }
  return last;
}

/**
 * fetch to the guest's web console, which speaks https with the self-signed certificate it made on
 * first boot: verification is skipped explicitly here, and appliance.test.ts checks instead that the
 * served certificate's fingerprint is the one `aiosctl web-cert` shows.
 */
/** Copies a file into the appliance (root, the project key), as an operator would. */
export async function scp(port: number, from: string, to: string): Promise<void> {
  const p = Bun.spawn(["scp", "-q", "-i", `${out}/ssh/aios_ed25519`, "-P", String(port), "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "BatchMode=yes", from, `root@127.0.0.1:${to}`], { stderr: "pipe" });
  if ((await p.exited) !== 0) throw new Error(`scp ${from} failed: ${await new Response(p.stderr).text()}`);
}

export const webFetch = (url: string, init: RequestInit = {}) => fetch(url, { ...init, tls: { rejectUnauthorized: false } } as RequestInit);

/** The SHA-256 fingerprint (AB:CD:…) of the certificate served on 127.0.0.1:port. */
export async function servedFingerprint(port: number): Promise<string> {
  const { connect } = await import("node:tls");
  return new Promise((ok, fail) => {
    const s = connect({ host: "127.0.0.1", port, rejectUnauthorized: false }, () => { ok(s.getPeerCertificate().fingerprint256); s.end(); });
    s.on("error", fail);
  });
}
