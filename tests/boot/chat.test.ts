// Boot test for chat that does things: one boot with a fresh state disk and no model. Over ssh
// (`aiosctl chat`) and on the serial console, the front agent answers from the real system on the
// reactive tier; "open port 8080 for my web app" becomes a goal that waits for approval and then really
// changes the firewall; "block all incoming traffic" is reshaped so ssh and the web console keep
// working; a goal waiting for approval survives a reboot and finishes after it.
import { afterAll, describe, expect, it } from "vitest";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, scratch, ssh, webFetch } from "./helpers.ts";

const READY = /aios ready in ([\d.]+) s/;
type Ev = { type: string; tier?: string; intent?: string; goal?: number; approval?: { id: string; tool: string; agent: string; effects: string[] }; text?: string };
const events = (stdout: string) => stdout.trim().split("\n").filter(Boolean).map((l) => JSON.parse(l) as Ev);

describe("chat that does things, in the appliance", () => {
  const dir = scratch();
  const sshPort = freePort();
  const webPort = freePort();
  let vm: Vm;
  let stateDisk = "";
  const sh = (c: string) => ssh(sshPort, c);
  const goal = async (id: number) => JSON.parse((await sh(`aiosctl goals ${id} --json`)).stdout) as { state: string; evaluation?: string; who: string };
  const until = async (id: number, state: string) => {
    let g = await goal(id);
    for (let i = 0; i < 60 && g.state !== state; i++) { await Bun.sleep(2000); g = await goal(id); }
    return g;
  };

  afterAll(() => vm?.kill());

  it("boots with no model and answers questions from the real system", async () => {
    stateDisk = await newDisk(`${dir}/state.qcow2`);
    vm = new Vm({ out, boot: "direct", stateDisk, socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, webPort });
    await vm.start();
    await vm.expect(READY, 400_000);
    const disk = await sh("aiosctl chat 'why is the disk full?'");
    expect(disk.code, disk.stderr).toBe(0);
    expect(disk.stdout).toMatch(/\/var\/lib\/aios \(ext4\): .* used of/);
    expect(disk.stdout).toContain("[understood by the reactive router (no model): disk.usage]");
    // Reported, not asserted: aiosctl chat on the reactive tier in the VM, process start included.
    const timed = await sh("for i in 1 2 3 4 5 6; do s=$(date +%s%N); aiosctl chat \"what's my ip\" >/dev/null; e=$(date +%s%N); echo $(( (e - s) / 1000000 )); done");
    const ms = timed.stdout.trim().split("\n").map(Number).slice(1).sort((a, b) => a - b);
    console.log(`[chat boot] aiosctl chat (reactive) in the VM: p50 ${ms[Math.floor(ms.length / 2)]} ms over ${ms.length} runs (after one warm-up)`);
    const serial = await vm.chat("which ports are open?", 120_000);
    expect(serial).toContain("tcp");
    expect(serial).toContain("ports.list");
  });

  it("opens a port after approval, and the firewall really changes", async () => {
    await sh("(busybox nc -lk -p 8080 -e /bin/true >/dev/null 2>&1 || nc -lk -p 8080 >/dev/null 2>&1) & sleep 1");
    const r = await sh("aiosctl chat --json 'open port 8080 for my web app'");
    expect(r.code, r.stderr).toBe(0);
    const ev = events(r.stdout);
    expect(ev.find((e) => e.type === "done")).toMatchObject({ tier: "reactive", intent: "firewall.open_port" });
    const a = ev.find((e) => e.type === "approval")!.approval!;
    expect(a).toMatchObject({ tool: "firewall.port", agent: "network" });
    expect(a.effects.join(" ")).toContain("open port 8080/tcp");
    expect((await sh("nft list chain inet aios input")).stdout).not.toContain("dport 8080");
    const ok = await sh(`aiosctl approve ${a.id}`);
    expect(ok.code, ok.stderr).toBe(0);
    expect((await sh("nft list chain inet aios input")).stdout).toContain("tcp dport 8080 accept");
    const g = await until(ev.find((e) => e.type === "done")!.goal!, "done");
    expect(g.state).toBe("done");
    expect(g.evaluation).toContain("port 8080/tcp is open in the firewall");
    expect(g.who).toMatch(/^user:root@ssh/);
  });

  it("blocks all incoming traffic except what keeps the operator connected", async () => {
    const r = await sh("aiosctl chat --yes 'block all incoming traffic'");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("ssh (22/tcp) and the web console (9090/tcp)");
    expect(r.stdout).toMatch(/Goal #\d+ .* is done: ssh: allowed/);
    const chain = (await sh("nft list chain inet aios input")).stdout;
    expect(chain).not.toContain("dport 8080");
    expect(chain).toContain("tcp dport 22 accept");
    expect(chain).toContain("tcp dport 9090 accept");
    expect((await sh("echo still-here")).stdout.trim()).toBe("still-here");
    expect((await webFetch(`https://127.0.0.1:${webPort}/health`)).status).toBe(200);
    const refused = await sh("aiosctl chat 'close port 22'");
    expect(refused.stdout).toContain("won't close 22/tcp");
  });

  it("keeps a goal that waits for approval across a reboot, and finishes it after", async () => {
    const r = await sh("aiosctl chat --json 'allow 8443/tcp through the firewall'");
    const ev = events(r.stdout);
    const id = ev.find((e) => e.type === "done")!.goal!;
    const approval = ev.find((e) => e.type === "approval")!.approval!.id;
    expect((await goal(id)).state).toBe("blocked");
    await sh("aiosctl reboot");
    expect(await vm.waitExit(120_000)).toBe(0); // -no-reboot: a guest reboot ends QEMU
    vm = new Vm({ out, boot: "direct", stateDisk, socket: `${dir}/s2.sock`, log: `${dir}/serial2.log`, sshPort, webPort });
    await vm.start();
    await vm.expect(READY, 400_000);
    expect((await goal(id)).state).toBe("blocked");
    expect((await sh(`aiosctl approve ${approval}`)).code).toBe(0);
    const g = await until(id, "done");
    expect(g.evaluation).toContain("port 8443/tcp is open in the firewall");
  });

  it("powers off cleanly", async () => {
    await sh("aiosctl poweroff");
    expect(await vm.waitExit(120_000)).toBe(0);
  });
});
