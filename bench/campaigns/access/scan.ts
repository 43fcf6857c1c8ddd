// What the appliance answers on the wire, learnt by sending packets from the tap namespace (nmap's
// SYN and UDP scans, ping), never by reading its ruleset. A default drop shows as "filtered, no
// response"; a port the guest's kernel refuses shows as "closed, reset" (TCP) or "closed,
// port-unreach" (UDP): that would mean a packet got past the firewall.
import type { TapNet } from "../../../tests/boot/tapnet.ts";

export interface PortState { port: number; proto: "tcp" | "udp"; state: string; reason: string }
export interface ScanResult {
  /** Ports listed one by one (every state except the bulk one). */
  ports: PortState[];
  /** The bulk of the range: nmap's "extraports" (state → reason → count). */
  bulk: { state: string; reason: string; count: number }[];
  scanned: number;
  seconds: number;
}

/** Parses nmap's XML output (the few elements we need). */
export function parseNmapXml(xml: string): Omit<ScanResult, "scanned" | "seconds"> {
  const ports = [...xml.matchAll(/<port protocol="(tcp|udp)" portid="(\d+)"><state state="([^"]+)" reason="([^"]+)"/g)]
    .map((m) => ({ proto: m[1] as "tcp" | "udp", port: Number(m[2]), state: m[3]!, reason: m[4]! }));
  const bulk = [...xml.matchAll(/<extraports state="([^"]+)" count="\d+">([\s\S]*?)<\/extraports>/g)].flatMap((m) =>
    [...m[2]!.matchAll(/<extrareasons reason="([^"]+)" count="(\d+)"/g)].map((r) => ({ state: m[1]!, reason: r[1]!, count: Number(r[2]) })));
  return { ports, bulk };
}

/** Counts the ports in an nmap port spec ("1-10000,40000,65535"). */
export const portCount = (spec: string) => spec.split(",").reduce((n, part) => {
  const [a, b] = part.split("-").map(Number);
  return n + (b === undefined ? 1 : b - a! + 1);
}, 0);

async function nmap(net: TapNet, target: string, args: string[], scanned: number): Promise<ScanResult> {
  const t0 = performance.now();
  // -Pn: no host discovery (ICMP is checked apart); -n: no DNS; two retries so a SYN-ACK lost to a
  // busy TCG guest is asked for again rather than taken for a drop.
  const r = await net.run(["nmap", "-n", "-Pn", "--max-retries", "2", "-oX", "-", ...args, target], { timeoutMs: 900_000 });
  if (r.code !== 0 || !r.stdout.includes("</nmaprun>")) throw new Error(`nmap ${args.join(" ")} failed (${r.code}): ${r.stderr.slice(-500)}`);
  return { ...parseNmapXml(r.stdout), scanned, seconds: (performance.now() - t0) / 1000 };
}

/** TCP SYN scan of `ports` (nmap syntax). */
export const tcpScan = (net: TapNet, target: string, ports: string, ipv6 = false) =>
  nmap(net, target, [...(ipv6 ? ["-6", "-e", net.tap] : []), "-sS", "-T4", "--min-rate", "3000", "-p", ports], portCount(ports));

/** UDP probes: "open|filtered, no-response" is what a drop looks like; an ICMP port unreachable would be "closed". */
export const udpProbe = (net: TapNet, target: string, ports: number[]) =>
  nmap(net, target, ["-sU", "-p", ports.join(",")], ports.length);

/** TCP ports that answered SYN-ACK (or RST) from outside: anything but a silent drop. */
export const reachable = (s: ScanResult) => s.ports.filter((p) => p.proto === "tcp" && p.state !== "filtered").map((p) => p.port);

/** ICMP echo from the namespace: how many of `count` came back. */
export async function ping(net: TapNet, target: string, count = 3, ipv6 = false): Promise<{ sent: number; received: number }> {
  const r = await net.run(["ping", ...(ipv6 ? ["-6", "-I", net.tap] : []), "-c", String(count), "-W", "3", target], { timeoutMs: 60_000 });
  const m = /(\d+) packets transmitted, (\d+) received/.exec(r.stdout);
  return { sent: count, received: m ? Number(m[2]) : 0 };
}

/**
 * The default drop, shown with a live service: a listener the guest starts on `port` (not opened in the
 * firewall) answers from inside the guest and stays silent from outside.
 */
export async function listenerProbe(net: TapNet, target: string, port: number): Promise<{ insideAnswered: boolean; listening: boolean; outside: PortState | undefined }> {
  const started = await net.ssh(`setsid /usr/bin/busybox nc -ll -p ${port} -e /bin/echo aios-probe </dev/null >/dev/null 2>&1 & echo $! > /run/aios-probe.pid; sleep 1; /usr/bin/ss -Hltn "sport = :${port}"`);
  const inside = await net.ssh(`/usr/bin/busybox nc -w 3 ${target} ${port} </dev/null`);
  const outside = await nmap(net, target, ["-sS", "-p", String(port)], 1);
  await net.ssh("kill $(cat /run/aios-probe.pid) 2>/dev/null; rm -f /run/aios-probe.pid; true");
  return { listening: started.stdout.includes(`:${port}`), insideAnswered: inside.stdout.includes("aios-probe"), outside: outside.ports[0] ?? outside.bulk.map((b) => ({ port, proto: "tcp" as const, state: b.state, reason: b.reason }))[0] };
}
