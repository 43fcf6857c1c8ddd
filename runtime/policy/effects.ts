// What a tool call would change, as data. Tools compute effects in plan() without changing anything;
// risk, lock-out guards, approvals and snapshots all work from these, never from command text.

export type Proto = "tcp" | "udp";

export type Effect =
  | { kind: "file.write"; path: string; existed: boolean; bytes: number; sha256: string; previousSha256?: string }
  | { kind: "file.delete"; path: string; bytes: number }
  // Housekeeping of disposable files (logs, temp, caches): no snapshot is taken first, because copying
  // what is deleted to reclaim space onto the same disk would defeat the purpose (and fails on a full one).
  | { kind: "file.compress"; path: string; bytes: number; to: string; then: "truncate" | "remove" }
  | { kind: "file.discard"; path: string; bytes: number }
  // Content-preserving SQLite upkeep (checkpoint, vacuum) or retention of memory rows ("compact").
  | { kind: "db.maintain"; path: string; op: "checkpoint" | "vacuum" | "compact"; bytes: number; reclaimBytes: number; rows?: number }
  | { kind: "snapshot.delete"; id: string; bytes: number; auto: boolean }
  | { kind: "snapshot.create"; desc: string; files: number }
  | { kind: "snapshot.restore"; id: string; desc: string; files: number; nft: boolean; dpkg: boolean }
  /** Permission bits of a file or directory changed (from/to are the low 12 bits, 0o7777). */
  | { kind: "file.mode"; path: string; from: number; to: number; dir: boolean }
  | { kind: "package.install"; name: string; version: string }
  | { kind: "package.remove"; name: string; version: string }
  | { kind: "package.upgrade"; name: string; from: string; to: string }
  | { kind: "package.hold"; name: string; hold: boolean }
  /** Finishing an interrupted install: the package's own maintainer scripts run, its version stays. */
  | { kind: "package.configure"; name: string; version: string; state: string }
  /** apt's package lists refreshed from the configured sources: what could be installed, not what is. */
  | { kind: "package.lists"; sources: number }
  | { kind: "service.start" | "service.stop" | "service.restart"; service: string }
  /** Whether init starts it at boot (kept on the state disk); the running process is not touched. */
  | { kind: "service.enable" | "service.disable"; service: string }
  | { kind: "port.open" | "port.close"; port: number; proto: Proto }
  | { kind: "firewall.rule"; change: "add" | "delete"; table: string; chain: string; rule: string }
  | { kind: "firewall.policy"; table: string; chain: string; from: string; to: string }
  /** Every packet from `addr` (an address or CIDR prefix) dropped by a rule in `table chain`. */
  | { kind: "firewall.block"; addr: string; table: string; chain: string }
  /** Put one table back to the image's shipped default (or its input policy back to drop). */
  | { kind: "firewall.restore"; table: string; source: string; sha256: string; change: "table" | "policy" }
  | { kind: "process.signal"; pid: number; name: string; signal: string }
  | { kind: "net.link"; iface: string; change: "up" | "down" }
  | { kind: "net.addr"; iface: string; addr: string; change: "add" | "del" }
  | { kind: "net.route"; dst: string; via?: string; dev?: string; change: "add" | "del" }
  | { kind: "user.add" | "user.remove"; user: string }
  | { kind: "ssh.key.add"; user: string; fingerprint: string; file: string }
  | { kind: "ssh.key.remove"; user: string; fingerprint: string; file: string; remaining: number };

export type EffectKind = Effect["kind"];

/** One line per effect, for approval prompts, audit and the dangerous/confirm patterns. */
export function describeEffect(e: Effect): string {
  switch (e.kind) {
    case "file.write": return `${e.existed ? "overwrite" : "create"} file ${e.path} (${e.bytes} bytes)`;
    case "file.delete": return `delete file ${e.path} (${e.bytes} bytes)`;
    case "file.compress": return `compress file ${e.path} (${e.bytes} bytes) into ${e.to}, then ${e.then} it (not snapshotted)`;
    case "file.discard": return `delete file ${e.path} (${e.bytes} bytes, not snapshotted)`;
    case "db.maintain": return `${e.op} database ${e.path} (${e.bytes} bytes, ~${e.reclaimBytes} reclaimable${e.rows !== undefined ? `, ${e.rows} rows past retention` : ""})`;
    case "snapshot.delete": return `delete ${e.auto ? "automatic" : "manual"} snapshot ${e.id} (${e.bytes} bytes)`;
    case "snapshot.create": return `take a manual snapshot "${e.desc}" (${e.files} configuration files, firewall, package selections)`;
    case "snapshot.restore": return `restore snapshot ${e.id} "${e.desc}": ${e.files} files${e.nft ? ", the firewall ruleset" : ""}${e.dpkg ? ", the package selections" : ""}`;
    case "file.mode": return `change mode of ${e.dir ? "directory" : "file"} ${e.path} from ${octal(e.from)} to ${octal(e.to)}`;
    case "package.install": return `install package ${e.name} ${e.version}`;
    case "package.remove": return `remove package ${e.name} ${e.version}`;
    case "package.upgrade": return `upgrade package ${e.name} ${e.from} -> ${e.to}`;
    case "package.hold": return `${e.hold ? "hold" : "unhold"} package ${e.name}`;
    case "package.configure": return `configure ${e.state} package ${e.name} ${e.version}`;
    case "package.lists": return `refresh package lists from ${e.sources} source${e.sources === 1 ? "" : "s"}`;
    case "service.start": case "service.stop": case "service.restart": return `${e.kind.slice(8)} service ${e.service}`;
    case "service.enable": return `enable service ${e.service} at boot`;
    case "service.disable": return `disable service ${e.service} at boot`;
    case "port.open": case "port.close": return `${e.kind === "port.open" ? "open" : "close"} port ${e.port}/${e.proto}`;
    case "firewall.rule": return `${e.change} firewall rule in ${e.table} ${e.chain}: ${e.rule}`;
    case "firewall.block": return `block all traffic from ${e.addr} in ${e.table} ${e.chain}`;
    case "firewall.policy": return `set policy of ${e.table} ${e.chain} from ${e.from} to ${e.to}`;
    case "firewall.restore": return e.change === "table" ? `restore firewall table ${e.table} from ${e.source}` : `restore policy drop on ${e.table} input (default ${e.source})`;
    case "process.signal": return `send ${e.signal} to process ${e.pid} (${e.name})`;
    case "net.link": return `set link ${e.iface} ${e.change}`;
    case "net.addr": return `${e.change} address ${e.addr} on ${e.iface}`;
    case "net.route": return `${e.change} route ${e.dst}${e.via ? ` via ${e.via}` : ""}${e.dev ? ` dev ${e.dev}` : ""}`;
    case "user.add": case "user.remove": return `${e.kind === "user.add" ? "add" : "remove"} user ${e.user}`;
    case "ssh.key.add": case "ssh.key.remove": return `${e.kind === "ssh.key.add" ? "add" : "remove"} ssh key ${e.fingerprint} for ${e.user}`;
  }
}

const octal = (m: number) => `0${m.toString(8).padStart(3, "0")}`;

/** What a plan hands to policy: the effects plus free notes (warnings, apt's messages). */
export interface Plan {
  effects: Effect[];
  notes?: string[];
}
