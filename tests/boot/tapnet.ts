// A LAN of two for one booted appliance: a network namespace holding a tap device (the VM's only card,
// see VmOptions.tap) with a static address, and dnsmasq answering the guest's DHCP with a fixed lease.
// Everything run "from outside" (scans, ssh, https) runs inside this namespace, so it sees the guest
// exactly as a neighbour on the wire would, firewall included; QEMU's user-mode NAT could not show that.
import type { Subprocess } from "bun";
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { addNetns, delNetns } from "../integration/tools/netns.ts";
import { out } from "./helpers.ts";
import type { TapNic } from "../../build/qemu/args.ts";

export const HOST_IP = "10.77.0.1";
export const GUEST_IP = "10.77.0.10";
const MAC = "52:54:00:ac:ce:55";
/** The guest's IPv6 link-local address: EUI-64 from the MAC (the kernel's default addr_gen_mode). */
export const GUEST_IP6 = "fe80::5054:ff:feac:ce55";

/** Why this host cannot make the tap network, or null when it can. */
export function cannotTapNet(): string | null {
  if (process.getuid?.() !== 0) return "needs root for network namespaces and tap devices";
  if (!existsSync("/dev/net/tun")) return "no /dev/net/tun";
  for (const tool of ["dnsmasq", "nmap"]) {
    try { execFileSync("sh", ["-c", `command -v ${tool}`], { stdio: "ignore" }); } catch { return `${tool} is not installed (build/cmd/deps.sh installs it)`; }
  }
  return null;
}

export interface Ran { code: number; stdout: string; stderr: string }

export class TapNet {
  readonly tap = "aiostap0";
  private dhcp?: Subprocess;

  private constructor(readonly ns: string, private readonly dir: string) {}

  /** Makes the namespace, the tap (up, HOST_IP/24) and the DHCP server; `dir` holds its lease file. */
  static async create(dir: string): Promise<TapNet> {
    const net = new TapNet(addNetns("access"), dir);
    const ip = (...a: string[]) => execFileSync("ip", ["-n", net.ns, ...a]);
    ip("tuntap", "add", "dev", net.tap, "mode", "tap");
    ip("addr", "add", `${HOST_IP}/24`, "dev", net.tap);
    ip("link", "set", net.tap, "up");
    // No DNS (port=0), no config file, no daemonising: one fixed lease for the one guest.
    net.dhcp = Bun.spawn(["ip", "netns", "exec", net.ns, "dnsmasq", "--keep-in-foreground", "--conf-file=/dev/null", "--port=0",
      `--interface=${net.tap}`, "--bind-interfaces", `--dhcp-range=${GUEST_IP},${GUEST_IP},255.255.255.0,1h`,
      `--dhcp-host=${MAC},${GUEST_IP}`, `--dhcp-leasefile=${dir}/dnsmasq.leases`, "--pid-file="], { stdio: ["ignore", "ignore", "pipe"] });
    return net;
  }

  get nic(): TapNic { return { netns: this.ns, ifname: this.tap, mac: MAC }; }

  /** Runs a command inside the namespace. */
  async run(cmd: string[], opts: { timeoutMs?: number; stdin?: string } = {}): Promise<Ran> {
    const p = Bun.spawn(["ip", "netns", "exec", this.ns, ...cmd], { stdin: opts.stdin === undefined ? "ignore" : new Blob([opts.stdin]), stdout: "pipe", stderr: "pipe" });
    const timer = setTimeout(() => p.kill("SIGKILL"), opts.timeoutMs ?? 120_000);
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    clearTimeout(timer);
    return { code, stdout, stderr };
  }

  /** ssh options for the guest from inside the namespace; `extra` goes before the host. */
  sshArgs(extra: string[] = []): string[] {
    return ["ssh", "-o", "StrictHostKeyChecking=no", "-o", "UserKnownHostsFile=/dev/null", "-o", "ConnectTimeout=20", "-o", "LogLevel=ERROR", ...extra, `root@${GUEST_IP}`];
  }

  /** A command in the guest as root, with the project key, over the tap; retries while sshd comes up. */
  async ssh(command: string, opts: { tries?: number; stdin?: string } = {}): Promise<Ran> {
    let last: Ran = { code: -1, stdout: "", stderr: "" };
    for (let i = 0; i < (opts.tries ?? 20); i++) {
      last = await this.run([...this.sshArgs(["-i", `${out}/ssh/aios_ed25519`, "-o", "BatchMode=yes"]), command], { stdin: opts.stdin });
      if (last.code !== 255) return last;
      await Bun.sleep(1000);
    }
    return last;
  }

  async close(): Promise<void> {
    this.dhcp?.kill("SIGTERM");
    await this.dhcp?.exited;
    delNetns(this.ns); // takes the tap with it
  }
}
