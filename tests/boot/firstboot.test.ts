// Boot test for the first boot as on hardware: no ssh key and no setup=skip through fw_cfg, so the image
// alone (which carries no keys) must let the person in. The serial console offers the setup, takes the
// project key pasted as a person would, and ssh with that key then works; the key is on the state disk.
import { readFileSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, scratch, ssh } from "./helpers.ts";

describe("first boot on the serial console", () => {
  const dir = scratch();
  const sshPort = freePort();
  let vm: Vm;

  beforeAll(async () => {
    vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, seed: { sshKeys: false, setup: "ask" } });
    await vm.start();
  });
  afterAll(() => vm?.kill());

  it("offers the setup, takes a pasted key, and ssh with that key works", async () => {
    const { end } = await vm.expect("key> ", 400_000);
    expect(vm.transcript).toContain("no ssh key yet");
    const key = readFileSync(`${out}/ssh/aios_ed25519.pub`, "utf8").trim();
    let at = vm.send(key);
    await vm.expect(/hostname \[aios\] /, 60_000, Math.max(end, at));
    expect(vm.transcript.slice(at)).toMatch(/added ssh-ed25519 SHA256:\S+ \(aios-project-key\)/);
    at = vm.send("");
    await vm.expect("dhcp or static? [dhcp] ", 60_000, at);
    at = vm.send("");
    await vm.expect(/\naios> /, 120_000, at);
    const shown = vm.transcript.slice(at);
    expect(shown).toMatch(/web console: https:\/\/10\.0\.2\.15:9090\//);
    expect(shown).toMatch(/certificate SHA-256: [0-9A-F:]{95}/);
    expect(shown).toContain("first login: leave the user name empty");
    const r = await ssh(sshPort, "cat /root/.ssh/authorized_keys; readlink /root/.ssh; aiosctl web-cert --json");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`${key}\n/var/lib/aios/ssh/root\n`);
    // The fingerprint the setup showed is the certificate the web console serves.
    expect(shown).toContain(JSON.parse(r.stdout.slice(r.stdout.indexOf("{"))).fingerprint);
  });

  it("/setup again: a new hostname and a static address are applied now and kept in the settings", async () => {
    let at = vm.send("/setup");
    await vm.expect("key> ", 60_000, at);
    for (const [answer, next] of [["", "hostname [aios] "], ["edge-01", "dhcp or static? [dhcp] "], ["static", "address/prefix"], ["10.0.2.15/24", "gateway"],
      ["10.0.2.2", "nameservers"], ["10.0.2.3", "apply? [Y/n] "]] as const) {
      at = vm.send(answer);
      await vm.expect(next, 60_000, at);
    }
    at = vm.send("y");
    await vm.expect(/\naios> /, 120_000, at);
    expect(vm.transcript.slice(at)).toContain("network restarted: 10.0.2.15/24 is set; hostname is now edge-01");
    const r = await ssh(sshPort, "hostname; cat /run/aios/net/online /etc/resolv.conf; aiosctl config get network.address 2>&1; pgrep udhcpc || echo no-dhcp; aiosctl status network");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("edge-01\neth0 10.0.2.15/24 static gateway=10.0.2.2 dns=10.0.2.3\nnameserver 10.0.2.3\n10.0.2.15/24\n# from /etc/aios/config.d/10-setup.toml:");
    expect(r.stdout).toContain("no-dhcp");
    expect(r.stdout).toMatch(/network\s+ready/);
  });
});
