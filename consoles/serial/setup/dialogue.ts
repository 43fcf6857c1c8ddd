// The first-boot setup on the console, as HAOS and Talos onboarding do it: an ssh key for root, the
// hostname, DHCP or a static address, then how to reach the web console (address, certificate
// fingerprint, first login). Plain lines for any terminal (no ANSI, no width); every answer is checked
// before anything is written, Enter keeps what is there, q leaves. Side effects go through SetupDeps.
import type { AuthorizedKey } from "../../../tools/users/passwd.ts";
import { checkAddress, checkDns, checkGateway, checkHostname, checkSshKey, type Checked } from "./validate.ts";

export interface SetupIO {
  write(text: string): void;
  /** One line from the person; undefined when the terminal went away. */
  ask(question: string): Promise<string | undefined>;
}

export type NetChoice = { mode: "dhcp" } | { mode: "static"; address: string; gateway: string; dns: string[] };
export interface SetupChange { hostname?: string; network?: NetChoice }

export interface SetupDeps {
  /** The keys root can log in with now. */
  keys(): AuthorizedKey[];
  /** Adds one key for root (kept on the state disk, read by the ssh server at once). */
  addKey(key: AuthorizedKey): void;
  hostname(): string;
  network(): NetChoice;
  /** Keeps the changes in the settings and applies them now; says what happened, a line each. */
  apply(change: SetupChange): Promise<string[]>;
  /** How to reach the appliance: web console addresses, certificate fingerprint, first login, ssh. */
  reach(): Promise<string[]>;
  /** Setup is not offered at boot again (/setup still runs it). */
  markDone(): void;
}

export type SetupEnd = "done" | "quit" | "eof";
type Answer<T> = { value: T } | "quit" | "eof";

const INTRO = [
  "",
  "=== aiOS setup ===",
  "Three short questions: an ssh key, the hostname, the network. Press Enter to keep",
  "what is shown in [brackets], or type q to leave setup. /setup runs it again any time.",
].join("\n");

export const describeNet = (n: NetChoice) =>
  n.mode === "dhcp" ? "DHCP" : `static ${n.address}${n.gateway ? ` via ${n.gateway}` : ""}${n.dns.length ? `, nameservers ${n.dns.join(" ")}` : ""}`;

/** Asks until the answer passes `check`; Enter gives `empty` (when there is one), q quits. */
async function askChecked<T>(io: SetupIO, question: string, check: (v: string) => Checked<T>, empty?: () => T): Promise<Answer<T>> {
  for (;;) {
    const raw = await io.ask(question);
    if (raw === undefined) return "eof";
    const line = raw.trim();
    if (/^(q|quit)$/i.test(line)) return "quit";
    if (!line && empty) return { value: empty() };
    const c = check(line);
    if (c.ok) return { value: c.value };
    io.write(`  ${c.problem}`);
  }
}

async function askKey(io: SetupIO, d: SetupDeps): Promise<Answer<void>> {
  const have = d.keys();
  io.write(["", "1/3 ssh access for root",
    have.length ? `  root can log in with: ${have.map((k) => `${k.type} ${k.fingerprint}${k.comment ? ` (${k.comment})` : ""}`).join(", ")}` : "  no ssh key yet: ssh logins are refused until one is added",
    "  Paste an ssh public key (one line, as in ~/.ssh/id_ed25519.pub), or press Enter to skip."].join("\n"));
  const a = await askChecked<AuthorizedKey | undefined>(io, "key> ", checkSshKey, () => undefined);
  if (typeof a === "string") return a;
  const key = a.value;
  if (!key) io.write(have.length ? "  skipped; the keys above still work" : "  skipped: add a key later with /setup (until then, only this console gets in)");
  else if (have.some((k) => k.fingerprint === key.fingerprint)) io.write(`  ${key.fingerprint} is already there; nothing changed`);
  else { d.addKey(key); io.write(`  added ${key.type} ${key.fingerprint}${key.comment ? ` (${key.comment})` : ""}: it works for ssh at once`); }
  return { value: undefined };
}

async function askNetwork(io: SetupIO, now: NetChoice): Promise<Answer<NetChoice>> {
  io.write(["", "3/3 network", `  now: ${describeNet(now)}`].join("\n"));
  const mode = await askChecked(io, `dhcp or static? [${now.mode}] `, (v) =>
    /^(d|dhcp)$/i.test(v) ? { ok: true, value: "dhcp" as const } : /^(s|static)$/i.test(v) ? { ok: true, value: "static" as const } : { ok: false, problem: "answer dhcp or static" }, () => now.mode);
  if (typeof mode === "string") return mode;
  if (mode.value === "dhcp") return { value: { mode: "dhcp" } };
  const old = now.mode === "static" ? now : undefined;
  const address = await askChecked(io, `address/prefix, e.g. 192.168.1.10/24${old ? ` [${old.address}]` : ""}: `, checkAddress, old && (() => old.address));
  if (typeof address === "string") return address;
  // Enter keeps what a static setup had; "none" clears it.
  const gateway = await askChecked(io, `gateway ("none" for none) [${old?.gateway || "none"}] `, (v) => checkGateway(/^none$/i.test(v) ? "" : v, address.value), () => old?.gateway ?? "");
  if (typeof gateway === "string") return gateway;
  const dns = await askChecked(io, `nameservers, separated by spaces ("none" for none) [${old?.dns.join(" ") || "none"}] `, (v) => checkDns(/^none$/i.test(v) ? "" : v), () => old?.dns ?? []);
  if (typeof dns === "string") return dns;
  return { value: { mode: "static", address: address.value, gateway: gateway.value, dns: dns.value } };
}

const sameNet = (a: NetChoice, b: NetChoice) => JSON.stringify(a) === JSON.stringify(b);

export async function runSetup(io: SetupIO, d: SetupDeps): Promise<SetupEnd> {
  io.write(INTRO);
  const quit = (a: "quit" | "eof"): SetupEnd => {
    if (a === "eof") return "eof";
    d.markDone();
    io.write("setup left; /setup runs it again any time");
    return "quit";
  };
  const key = await askKey(io, d);
  if (typeof key === "string") return quit(key);

  const current = d.hostname();
  io.write(["", "2/3 hostname", "  the name this machine gives itself and asks DHCP for (letters, digits, dashes)"].join("\n"));
  const host = await askChecked(io, `hostname [${current}] `, checkHostname, () => current);
  if (typeof host === "string") return quit(host);

  const netNow = d.network();
  const net = await askNetwork(io, netNow);
  if (typeof net === "string") return quit(net);

  const change: SetupChange = {
    ...(host.value !== current ? { hostname: host.value } : {}),
    ...(!sameNet(net.value, netNow) ? { network: net.value } : {}),
  };
  if (change.hostname || change.network) {
    io.write(["", "to apply:", ...(change.hostname ? [`  hostname ${current} -> ${change.hostname}`] : []),
      ...(change.network ? [`  network ${describeNet(netNow)} -> ${describeNet(change.network)}`,
        "  (an ssh or web session over the old address ends; this console stays)"] : [])].join("\n"));
    const yes = await io.ask("apply? [Y/n] ");
    if (yes === undefined) return "eof";
    if (/^(n|no)$/i.test(yes.trim())) io.write("  not applied; nothing changed");
    else for (const line of await d.apply(change)) io.write(`  ${line}`);
  } else io.write("\nhostname and network stay as they are");

  d.markDone();
  io.write("\n=== reaching this machine ===");
  io.write([...(await d.reach()), "", "setup done; /setup runs it again, help lists the commands"].join("\n"));
  return "done";
}
