// Service names: the appliance's own services (image/services/*.toml) with the aliases operators use,
// plus whatever names the caller knows (`ctx.services`). Aliases are matched as word sequences.
import { stem, words } from "./normalize.ts";

/** Canonical name → aliases (the canonical name is an alias of itself). */
export const SERVICE_ALIASES: Readonly<Record<string, readonly string[]>> = {
  web: ["web console", "web ui", "webui", "web interface", "web dashboard", "management console", "dashboard", "web"],
  ssh: ["ssh server", "ssh daemon", "ssh service", "sshd", "ssh", "dropbear", "openssh"],
  models: ["model runtime", "model server", "model service", "llm runtime", "inference server", "llama.cpp", "llama", "models"],
  ntp: ["time sync", "time synchronisation", "time synchronization", "clock sync", "time service", "timesyncd", "timesync", "chronyd", "chrony", "ntpd", "ntp"],
  agents: ["agent host", "agents"],
  executor: ["executor"],
  firewall: ["firewall service", "nftables", "firewall"],
  network: ["networking", "network service", "network", "dhcp"],
  audit: ["audit log service", "audit"],
  monitor: ["monitor"],
  dbus: ["d-bus", "dbus"],
  console: ["serial console", "console"],
};

/** Names of the image's service files that differ from the name operators use. */
const FILE_NAMES: Readonly<Record<string, string>> = { ssh: "dropbear" };

/** "web" is the console only when it is not "web app", "web site" and the like. */
const NOT_AFTER_WEB = new Set(["app", "application", "site", "website", "page", "server", "service", "apps", "traffic"]);

interface Alias { seq: string[]; name: string }

const BUILT_IN: Alias[] = Object.entries(SERVICE_ALIASES)
  .flatMap(([name, aliases]) => aliases.map((a) => ({ seq: words(a).map(stem), name })))
  .sort((a, b) => b.seq.length - a.seq.length);

/** Built-in aliases by their first word, longest first. */
const BY_FIRST = new Map<string, Alias[]>();
for (const a of BUILT_IN) BY_FIRST.set(a.seq[0]!, [...(BY_FIRST.get(a.seq[0]!) ?? []), a]);

/** Every word that appears in an alias (for the typo vocabulary). */
export const SERVICE_WORDS: readonly string[] = [...new Set(BUILT_IN.flatMap((a) => a.seq))];

export interface ServiceHit { start: number; end: number; name: string }

/** Finds service mentions in stemmed words, longest alias first; `known` adds the caller's names. */
export function findServices(ws: readonly string[], known?: readonly string[]): ServiceHit[] {
  const hits: ServiceHit[] = [];
  const extra: Alias[] = (known ?? []).map((n) => ({ seq: words(n).map(stem), name: n.toLowerCase() }));
  for (let i = 0; i < ws.length; i++) {
    const builtIn = BY_FIRST.get(ws[i]!) ?? [];
    const aliases = extra.length ? [...extra, ...builtIn].sort((a, b) => b.seq.length - a.seq.length) : builtIn;
    for (const a of aliases) {
      if (a.seq.length === 0 || i + a.seq.length > ws.length) continue;
      if (!a.seq.every((w, k) => ws[i + k] === w)) continue;
      if (a.seq.length === 1 && a.seq[0] === "web" && NOT_AFTER_WEB.has(ws[i + 1] ?? "")) continue;
      hits.push({ start: i, end: i + a.seq.length, name: resolveName(a.name, known) });
      i += a.seq.length - 1;
      break;
    }
  }
  return hits;
}

/** The built-in name, or the machine's own name for it when the caller lists that one instead. */
function resolveName(name: string, known?: readonly string[]): string {
  if (!known || known.includes(name)) return name;
  const file = FILE_NAMES[name];
  return file && known.includes(file) ? file : name;
}
