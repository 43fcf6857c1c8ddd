// The first-boot setup on a real pseudo-terminal (TERM=dumb, 80 columns) against a real aios init: a
// console with no setup marker asks for a key before anything else, keeps the pasted key where
// /root/.ssh points on the appliance, shows the certificate fingerprint and the token, then the chat.
import type { Subprocess } from "bun";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ensureCert } from "../../../consoles/web/tls/cert.ts";
import { bun, InitUnderTest, repo } from "../init/fixture.ts";

const KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxcJpeGeEJdjFlIeg8POsjdmS3MWMqBzyaOwVjrjrjf ops@laptop";
let init: InitUnderTest;
let proc: Subprocess;
let screen = "";
let fingerprint = "";
const waitFor = async (text: string, from: number) => { while (!screen.slice(from).includes(text)) await Bun.sleep(20); };
const say = async (line: string, expectText: string) => {
  const from = screen.length;
  proc.terminal!.write(`${line}\r`);
  await waitFor(expectText, from);
  return screen.slice(from);
};

beforeAll(async () => {
  init = new InitUnderTest({ network: `command = ["/bin/sleep", "1000"]` });
  await init.start();
  // The web console makes its certificate at its first start; here it is made before the console asks.
  const cert = await ensureCert({ operator: `${init.dir}/etc/web`, state: `${init.dir}/web` });
  fingerprint = cert.fingerprint;
  // The network service marks the uplink online; the last screen waits for that (up to 30 s).
  mkdirSync(`${init.dir}/run/net`, { recursive: true });
  writeFileSync(`${init.dir}/run/net/online`, "eth0 192.0.2.10/24\n");
  expect(fingerprint).toMatch(/^[0-9A-F:]{95}$/);
  proc = Bun.spawn([bun, `${repo}/main.ts`, "console"], {
    env: { ...init.env, TERM: "dumb", AIOS_CONFIG_DIR: `${init.dir}/etc`, AIOS_RUN_DIR: `${init.dir}/run` },
    terminal: { cols: 80, rows: 24, data: (_t, d) => { screen += new TextDecoder().decode(d); } },
  });
  await waitFor("key> ", 0);
});
afterAll(async () => { proc?.kill("SIGKILL"); await init.stop(); });

describe("first-boot setup on the console", () => {
  it("comes before the chat, takes a pasted key, shows the fingerprint and the token, then the prompt", async () => {
    expect(screen).toContain("=== aiOS setup ===");
    expect(screen).not.toContain("aios> ");
    expect(await say("ssh-rsa AAAA", "key> ")).toContain("not base64");
    expect(await say(KEY, "hostname [aios]")).toContain("added ssh-ed25519 SHA256:oTkl9q/Ky3ObzXcBRGNkSk5X4iB4/LAruEhXcUXG138");
    await say("", "dhcp or static? [dhcp]");
    const end = await say("", "aios> ");
    expect(end).toContain("hostname and network stay as they are");
    expect(end).toContain(`certificate SHA-256: ${fingerprint}`);
    expect(end).toContain(readFileSync(`${init.dir}/web/token`, "utf8").trim());
    expect(end).toContain("setup done");
    expect(end).not.toMatch(/\x1b/);
    const keys = `${init.dir}/ssh/root/authorized_keys`;
    expect(readFileSync(keys, "utf8")).toBe(`${KEY}\n`);
    expect(statSync(keys).mode & 0o777).toBe(0o600);
    expect(existsSync(`${init.dir}/setup.done`)).toBe(true);
  });

  it("/setup runs it again from the chat; q leaves it", async () => {
    expect(await say("help", "aios> ")).toContain("/setup");
    expect(await say("/setup", "key> ")).toContain("root can log in with: ssh-ed25519 SHA256:oTkl9q");
    expect(await say("q", "aios> ")).toContain("setup left");
  });
});
