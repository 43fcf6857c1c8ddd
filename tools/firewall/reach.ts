// Would a new inbound IPv4 connection to a port get through a ruleset? Evaluated on nft's own JSON
// (`nft -j list ruleset`) so the answer rests on how nft parsed the rules, not on our parsing of text.
// "Reachable" means some client can still connect: matches we cannot decide (source addresses, named
// sets, rate limits) count as matching for accept rules and as not matching for drop rules.

type Tri = "yes" | "no" | "maybe";
type Verdict = "accept" | "drop" | "continue" | "return";

export interface Probe { proto: "tcp" | "udp"; port: number }

interface Chain { family: string; table: string; name: string; hook?: string; type?: string; policy?: string; prio?: number }
interface Rule { family: string; table: string; chain: string; expr: Record<string, any>[] }

export interface NftJson { nftables: Record<string, any>[] }

export function reachable(ruleset: NftJson, probe: Probe): boolean {
  const chains: Chain[] = [];
  const rules = new Map<string, Rule[]>();
  for (const item of ruleset.nftables) {
    if (item.chain) chains.push(item.chain);
    if (item.rule) {
      const r = item.rule as Rule;
      const key = `${r.family}/${r.table}/${r.chain}`;
      rules.set(key, [...(rules.get(key) ?? []), r]);
    }
  }
  const base = chains.filter((c) => (c.family === "inet" || c.family === "ip") && (c.hook === "input" || c.hook === "prerouting") && c.type === "filter");
  // A packet must survive every base chain on its path; a drop in any of them stops it.
  return base.every((c) => {
    const v = runChain(rules, c.family, c.table, c.name, probe, 0);
    return v === "accept" || ((v === "continue" || v === "return") && c.policy !== "drop");
  });
}

function runChain(rules: Map<string, Rule[]>, family: string, table: string, name: string, p: Probe, depth: number): Verdict {
  if (depth > 16) return "continue";
  for (const r of rules.get(`${family}/${table}/${name}`) ?? []) {
    let m: Tri = "yes";
    let verdict: Verdict | null = null;
    for (const e of r.expr) {
      if (e.match) { m = and(m, match(e.match, p)); continue; }
      if ("accept" in e) verdict = "accept";
      else if ("drop" in e || "reject" in e) verdict = "drop";
      else if ("return" in e) verdict = "return";
      else if (e.jump || e.goto) {
        if (m === "no") break;
        const sub = runChain(rules, family, table, (e.jump ?? e.goto).target, p, depth + 1);
        if (sub === "accept" || sub === "drop") verdict = sub === "drop" && m === "maybe" ? null : sub;
        else if (e.goto) verdict = "return";
      } else if (e.limit || e.quota) m = and(m, "maybe");
    }
    if (verdict === null || m === "no") continue;
    if (verdict === "accept") return "accept"; // some client matches: it gets in
    if (verdict === "drop" && m === "yes") return "drop"; // every client matches: nobody gets in
    if (verdict === "return" && m === "yes") return "return";
  }
  return "continue";
}

const and = (a: Tri, b: Tri): Tri => (a === "no" || b === "no" ? "no" : a === "maybe" || b === "maybe" ? "maybe" : "yes");

const OTHER_PROTOCOLS = new Set(["icmp", "icmpv6", "ip6", "igmp", "sctp", "dccp", "udplite", "ah", "esp", "comp", "arp", "vlan"]);

function match(mt: { op: string; left: any; right: any }, p: Probe): Tri {
  const l = mt.left;
  let actual: string | number | null = null;
  // A header match implies its protocol (nft drops the implied "meta l4proto" when it lists rules), so
  // "icmp type …" or "ip6 saddr …" can never match an IPv4 TCP/UDP probe.
  if (l?.payload?.protocol && OTHER_PROTOCOLS.has(l.payload.protocol)) return "no";
  if ((l?.payload?.protocol === "tcp" || l?.payload?.protocol === "udp") && l.payload.protocol !== p.proto) return "no";
  if (l?.payload?.field === "dport" && (l.payload.protocol === "tcp" || l.payload.protocol === "udp")) {
    if (l.payload.protocol !== p.proto) return "no"; // "tcp dport" implies the protocol
    actual = p.port;
  } else if (l?.meta?.key === "l4proto" || (l?.payload?.protocol === "ip" && l.payload.field === "protocol")) actual = p.proto;
  else if (l?.meta?.key === "nfproto") actual = "ipv4";
  else if (l?.ct?.key === "state") actual = "new";
  else if (l?.meta?.key === "iifname" || l?.meta?.key === "iif") {
    // Only "lo" is decidable: an operator never arrives on loopback. Other names: some client might.
    const r = compare(mt.op, "lo", mt.right);
    return r === "yes" ? (mt.op === "!=" ? "yes" : "no") : r === "no" ? (mt.op === "!=" ? "no" : "maybe") : "maybe";
  } else return "maybe";
  return compare(mt.op, actual, mt.right);
}

function compare(op: string, actual: string | number, right: any): Tri {
  const hit = contains(right, actual);
  if (hit === "maybe") return "maybe";
  const eq = hit === "yes";
  if (op === "==" || op === "in") return eq ? "yes" : "no";
  if (op === "!=") return eq ? "no" : "yes";
  return "maybe"; // <, >, bit ops on the probe's fields: undecided
}

function contains(right: any, v: string | number): Tri {
  if (typeof right === "number" || typeof right === "string") {
    if (typeof right === "string" && right.startsWith("@")) return "maybe"; // named set: contents not here
    return right === v ? "yes" : "no";
  }
  if (Array.isArray(right)) return or(right.map((x) => contains(x, v)));
  if (right?.set) return or((right.set as any[]).map((x) => contains(x, v)));
  if (right?.range && typeof v === "number") return v >= right.range[0] && v <= right.range[1] ? "yes" : "no";
  return "maybe";
}

const or = (xs: Tri[]): Tri => (xs.includes("yes") ? "yes" : xs.includes("maybe") ? "maybe" : "no");
