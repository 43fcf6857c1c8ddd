// The setup dialogue driven through its input/output interface with scripted lines, against the real
// effects (files in a temporary state and config dir); the runner is dry and the network restart is
// recorded, so nothing on this host changes.
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { withAuditReadonly } from "../../../runtime/audit/read.ts";
import { setting } from "../../../runtime/config/settings.ts";
import { DryRunner } from "../../../runtime/proc/exec.ts";
import { runSetup, type SetupIO } from "./dialogue.ts";
import { rootKeysFile, setupDeps, setupDone, setupDropIn } from "./effects.ts";

const ED = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOxcJpeGeEJdjFlIeg8POsjdmS3MWMqBzyaOwVjrjrjf ops@laptop";
const dir = mkdtempSync(join(tmpdir(), "aios-setup-"));
const saved = { ...process.env };
const VARS = ["AIOS_STATE_DIR", "AIOS_CONFIG_DIR", "AIOS_RUN_DIR"];
beforeAll(() => { Object.assign(process.env, { AIOS_STATE_DIR: join(dir, "state"), AIOS_CONFIG_DIR: join(dir, "etc"), AIOS_RUN_DIR: join(dir, "run") }); });
afterAll(() => {
  for (const k of VARS) { if (saved[k] === undefined) delete process.env[k]; else process.env[k] = saved[k]; }
  rmSync(dir, { recursive: true, force: true });
});

/** A person answering from a script; the transcript is everything the console printed. */
function person(answers: string[]) {
  const out: string[] = [];
  const io: SetupIO = { write: (t) => out.push(t), ask: async (q) => { out.push(q); return answers.shift(); } };
  return { io, text: () => out.join("\n"), left: answers };
}

function env() {
  const restarts: string[] = [];
  const runner = new DryRunner((argv) => (argv[0] === "ip" ? { stdout: JSON.stringify([{ ifname: "eth0", operstate: "UP", addr_info: [{ local: "192.168.1.10", prefixlen: 24 }] }]) } : {}));
  const deps = setupDeps({ runner, restart: async (s) => { restarts.push(s); }, hostnameFile: join(dir, "hostname") });
  return { deps, runner, restarts };
}

describe("first-boot setup dialogue", () => {
  it("checks every answer, keeps the key and the settings, restarts the network and shows how to get in", async () => {
    const p = person(["not a key", ED, "my_box", "Edge-01", "static", "192.168.1.10", "192.168.1.10/24", "10.0.0.1", "192.168.1.1", "9.9.9.9 192.168.1.1", "y"]);
    const { deps, restarts, runner } = env();
    expect(setupDone()).toBe(false);
    expect(await runSetup(p.io, deps)).toBe("done");
    expect(p.left).toEqual([]);
    const t = p.text();
    expect(t).toContain("no ssh key yet");
    expect(t).toContain('"not" is not an ssh public key type');
    expect(t).toContain("added ssh-ed25519 SHA256:oTkl9q/Ky3ObzXcBRGNkSk5X4iB4/LAruEhXcUXG138 (ops@laptop)");
    expect(t).toContain("characters a hostname cannot have");
    expect(t).toContain("give the prefix length too");
    expect(t).toContain("not in 192.168.1.10/24's subnet");
    expect(t).toContain("network DHCP -> static 192.168.1.10/24 via 192.168.1.1, nameservers 9.9.9.9 192.168.1.1");
    expect(t).toContain("web console: https://192.168.1.10:9090/");
    expect(t).toMatch(/first login: leave the user name empty[^\n]*\n {2}\S{20,}/);
    expect(t).toContain("ssh: ssh root@192.168.1.10");
    expect(t).not.toMatch(/\x1b/); // no ANSI: any terminal

    const keys = rootKeysFile();
    expect(readFileSync(keys, "utf8")).toBe(`${ED}\n`);
    expect(statSync(keys).mode & 0o777).toBe(0o600);
    expect(statSync(join(keys, "..")).mode & 0o777).toBe(0o700);
    expect(readFileSync(setupDropIn(), "utf8")).toContain('hostname = "edge-01"');
    expect([setting("hostname"), setting("net_address"), setting("net_gateway"), setting("net_dns")]).toEqual(["edge-01", "192.168.1.10/24", "192.168.1.1", "9.9.9.9,192.168.1.1"]);
    expect(restarts).toEqual(["network"]);
    // Set here, before the restart: the network service has no power to set the kernel's hostname.
    expect(runner.calls).toContainEqual(["hostname", "edge-01"]);
    expect(t).toContain("network restarted: 192.168.1.10/24 is set; hostname is now edge-01");
    expect(setupDone()).toBe(true);
    // Audited as a person's change at the console, on the real chain.
    const entries = withAuditReadonly((log) => log.tail(10), []).filter((e) => e.kind === "config.setup");
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({ actor: expect.stringMatching(/^user:.+@serial$/), subject: setupDropIn(), data: { hostname: "edge-01", network: { mode: "static", address: "192.168.1.10/24" } } });
  });

  it("run again: Enter keeps everything, the same key is not added twice, back to DHCP restarts the network", async () => {
    const keep = person([ED, "", "", "", "", "", "y"]);
    const a = env();
    expect(await runSetup(keep.io, a.deps)).toBe("done");
    expect(keep.text()).toContain("is already there; nothing changed");
    expect(keep.text()).toContain("now: static 192.168.1.10/24 via 192.168.1.1");
    expect(keep.text()).toContain("hostname and network stay as they are");
    expect(a.restarts).toEqual([]);
    expect(readFileSync(rootKeysFile(), "utf8")).toBe(`${ED}\n`);

    const back = person(["", "", "dhcp", "y"]);
    const b = env();
    await runSetup(back.io, b.deps);
    expect(back.text()).toContain("the keys above still work");
    expect(b.restarts).toEqual(["network"]);
    expect([setting("net_address"), setting("net_gateway"), setting("net_dns")]).toEqual(["", "", ""]);
    expect(setting("hostname")).toBe("edge-01");
  });

  it("the hostname alone is set at once without touching the network; n applies nothing", async () => {
    const p = person(["", "box2", "", "y"]);
    const e = env();
    await runSetup(p.io, e.deps);
    expect(e.restarts).toEqual([]);
    expect(e.runner.calls).toContainEqual(["hostname", "box2"]);
    expect(readFileSync(join(dir, "hostname"), "utf8")).toBe("box2\n");
    const no = person(["", "box3", "", "n"]);
    await runSetup(no.io, env().deps);
    expect(no.text()).toContain("not applied; nothing changed");
    expect(setting("hostname")).toBe("box2");
  });

  it("a terminal that goes away leaves setup to be offered again; q leaves it for good", async () => {
    rmSync(join(dir, "state/setup.done"));
    expect(await runSetup(person([""]).io, env().deps)).toBe("eof");
    expect(setupDone()).toBe(false);
    const q = person(["q"]);
    expect(await runSetup(q.io, env().deps)).toBe("quit");
    expect(q.text()).toContain("/setup runs it again");
    expect(setupDone()).toBe(true);
    expect(existsSync(rootKeysFile())).toBe(true);
  });
});
