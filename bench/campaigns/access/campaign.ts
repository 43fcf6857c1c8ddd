// The access campaign over one booted appliance on a tap network: what answers from outside (TCP over
// IPv4 and IPv6, UDP, ICMP), the default drop shown with a live listener, ssh's ways in, and secrets
// in logs. The bench runs it over every port; the boot test over a sample. Expectations live here so
// both judge alike.
import { GUEST_IP, GUEST_IP6, type TapNet } from "../../../tests/boot/tapnet.ts";
import { listenerProbe, ping, reachable, tcpScan, udpProbe, type ScanResult } from "./scan.ts";
import { secretsCampaign, type Holder, type SecretsReport } from "./secrets.ts";
import { sshChecks, type SshReport } from "./ssh.ts";

/** The only TCP ports a neighbour may reach (issue 12: ssh and the https console). */
export const ALLOWED_TCP = [22, 9090];
/** 68/udp is accepted by the ruleset for DHCP renewals (the client's port); every other probe must go unanswered. */
export const UDP_PORTS = [53, 67, 68, 123, 161, 5353];
const UDP_ALLOWED = [68];
const PROBE_PORT = 8081;

export interface AccessReport {
  tcp: ScanResult;
  tcp6: ScanResult;
  udp: ScanResult;
  icmp: { sent: number; received: number };
  icmp6: { sent: number; received: number };
  listener: Awaited<ReturnType<typeof listenerProbe>>;
  ssh: SshReport;
  secrets: SecretsReport;
}

export interface AccessOptions { tcpPorts: string; tcp6Ports: string; serialLog: () => string; onStep?: (s: string) => void }

export async function runAccess(net: TapNet, o: AccessOptions): Promise<AccessReport> {
  const step = o.onStep ?? (() => {});
  const highUdp = 40000 + Math.floor(Math.random() * 20000);
  step(`tcp scan ${o.tcpPorts}`);
  const tcp = await tcpScan(net, GUEST_IP, o.tcpPorts);
  step(`tcp6 scan ${o.tcp6Ports}`);
  const tcp6 = await tcpScan(net, `${GUEST_IP6}%${net.tap}`, o.tcp6Ports, true);
  step("udp probes");
  const udp = await udpProbe(net, GUEST_IP, [...UDP_PORTS, highUdp]);
  step("icmp");
  const icmp = await ping(net, GUEST_IP);
  const icmp6 = await ping(net, `${GUEST_IP6}%${net.tap}`, 3, true);
  step(`listener on ${PROBE_PORT}`);
  const listener = await listenerProbe(net, GUEST_IP, PROBE_PORT);
  step("ssh");
  const ssh = await sshChecks(net);
  step("secrets");
  const secrets = await secretsCampaign(net, o.serialLog);
  return { tcp, tcp6, udp, icmp, icmp6, listener, ssh, secrets };
}

/** Every way the report falls short of the issue's bar; empty when it holds. */
export function problems(r: AccessReport): string[] {
  const p: string[] = [];
  const same = <T>(a: T[], b: T[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  if (!same(reachable(r.tcp), ALLOWED_TCP)) p.push(`TCP reachable over IPv4: ${reachable(r.tcp).join(", ")}; only ${ALLOWED_TCP.join(", ")} may be`);
  if (!same(reachable(r.tcp6), ALLOWED_TCP)) p.push(`TCP reachable over IPv6: ${reachable(r.tcp6).join(", ")}; only ${ALLOWED_TCP.join(", ")} may be`);
  for (const s of [r.tcp, r.tcp6]) for (const b of s.bulk) if (b.reason !== "no-response") p.push(`${b.count} TCP ports answered (${b.state}, ${b.reason}): a default drop sends nothing back`);
  for (const u of r.udp.ports) if (!UDP_ALLOWED.includes(u.port) && u.reason !== "no-response") p.push(`UDP ${u.port} answered: ${u.state} (${u.reason})`);
  if (r.icmp.received === 0) p.push("no reply to ICMP echo (the ruleset allows it)");
  if (!r.listener.listening || !r.listener.insideAnswered) p.push(`the probe listener did not run in the guest (listening ${r.listener.listening}, answered inside ${r.listener.insideAnswered})`);
  if (r.listener.outside?.reason !== "no-response") p.push(`a guest listener on ${PROBE_PORT} answered from outside: ${JSON.stringify(r.listener.outside)}`);
  if (!same(r.ssh.methods, ["publickey"])) p.push(`ssh offers ${r.ssh.methods.join(",") || "nothing"}; only publickey may be offered`);
  for (const a of r.ssh.refused) if (a.loggedIn) p.push(`ssh let in: ${a.attempt}`);
  if (!r.ssh.projectKey) p.push("the project key did not log in (the refusals prove nothing)");
  if (!/^[!*]/.test(r.ssh.rootShadow)) p.push(`root's password is not locked: shadow field "${r.ssh.rootShadow.slice(0, 3)}…"`);
  if (r.ssh.usablePasswords.length) p.push(`accounts with a usable or empty password: ${r.ssh.usablePasswords.join(", ")}`);
  for (const [where, n] of Object.entries(r.secrets.hits)) if (n) p.push(`${n} secret(s) in ${where}`);
  for (const h of r.secrets.strayFiles) p.push(`secrets in a file that is not their store: ${holder(h)}`);
  if (!r.secrets.keyUsed) p.push("the cloud key never reached the fake provider (the log check proves little)");
  if (!r.secrets.looseRefused.refused) p.push(`a secrets.toml readable by others was not refused: ${r.secrets.looseRefused.message}`);
  return p;
}

const holder = (h: Holder) => `${h.file} (mode ${h.mode}, uid ${h.uid}: ${h.secrets.join(", ")}${h.where.length ? `; ${h.where.join(", ")}` : ""})`;
const bulk = (s: ScanResult) => s.bulk.map((b) => `${b.count} ${b.state} (${b.reason})`).join(", ");

export function formatReport(r: AccessReport): string {
  const ports = (s: ScanResult) => s.ports.map((p) => `${p.port}/${p.proto} ${p.state} (${p.reason})`).join(", ");
  return [
    `TCP/IPv4 ${r.tcp.scanned} ports in ${r.tcp.seconds.toFixed(0)} s: reachable [${reachable(r.tcp).join(", ")}]; ${ports(r.tcp)}; rest ${bulk(r.tcp)}`,
    `TCP/IPv6 ${r.tcp6.scanned} ports in ${r.tcp6.seconds.toFixed(0)} s: reachable [${reachable(r.tcp6).join(", ")}]; rest ${bulk(r.tcp6)}`,
    `UDP probes: ${ports(r.udp)}${r.udp.bulk.length ? `; rest ${bulk(r.udp)}` : ""}`,
    `ICMP echo: IPv4 ${r.icmp.received}/${r.icmp.sent}, IPv6 ${r.icmp6.received}/${r.icmp6.sent}`,
    `listener on ${PROBE_PORT} in the guest: listening ${r.listener.listening}, answers inside ${r.listener.insideAnswered}, outside ${r.listener.outside?.state} (${r.listener.outside?.reason})`,
    `ssh methods offered: ${r.ssh.methods.join(",")}; dropbear ${r.ssh.dropbearArgs}`,
    ...r.ssh.refused.map((a) => `  ${a.attempt}: ${a.loggedIn ? "LOGGED IN" : "refused"} (${a.detail})`),
    `  project key: ${r.ssh.projectKey ? "logs in" : "REFUSED"}`,
    `root password: shadow "${r.ssh.rootShadow.slice(0, 1)}…", passwd -S: ${r.ssh.rootStatus}; usable passwords: ${r.ssh.usablePasswords.length ? r.ssh.usablePasswords.join(", ") : "none"}`,
    `secrets (${r.secrets.secrets} values; key reached provider ${r.secrets.keyUsed}; HTTP ${r.secrets.codes.join(" ")}): ${Object.entries(r.secrets.hits).map(([k, n]) => `${k} ${n}`).join(", ")}; stray files: ${r.secrets.strayFiles.map(holder).join("; ") || "none"}; root-only snapshot copies of a store: ${r.secrets.storeCopies.map(holder).join("; ") || "none"}`,
    `loose secrets.toml: ${r.secrets.looseRefused.refused ? "refused" : "NOT refused"} (${r.secrets.looseRefused.message})`,
  ].join("\n");
}
