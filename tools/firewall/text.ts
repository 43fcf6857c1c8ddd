// Reads `nft list ruleset` text into rules per chain and chain policies, to name what a change adds,
// deletes or re-policies. Only for describing effects; reachability uses nft's JSON (reach.ts).
export interface ChainText { table: string; chain: string; policy: string | null; rules: string[] }

export function parseRulesetText(text: string): Map<string, ChainText> {
  const chains = new Map<string, ChainText>();
  let table = "";
  let cur: ChainText | null = null;
  for (const raw of text.split("\n")) {
    const line = raw.trim();
    let m: RegExpMatchArray | null;
    if ((m = line.match(/^table (\S+) (\S+) \{$/))) { table = `${m[1]} ${m[2]}`; continue; }
    if ((m = line.match(/^chain (\S+) \{$/))) { cur = { table, chain: m[1]!, policy: null, rules: [] }; chains.set(`${table} ${m[1]}`, cur); continue; }
    if (line === "}") { if (cur) cur = null; continue; }
    if (!cur || line === "") continue;
    if (/^type \S+ hook /.test(line)) { cur.policy = line.match(/policy (\w+);/)?.[1] ?? "accept"; continue; }
    cur.rules.push(line);
  }
  return chains;
}

export interface RuleDiff { added: ChainRule[]; deleted: ChainRule[]; policies: { table: string; chain: string; from: string; to: string }[] }
interface ChainRule { table: string; chain: string; rule: string }

/** Rules are compared as multisets per chain: a moved rule is neither added nor deleted. */
export function diffRulesets(before: string, after: string): RuleDiff {
  const a = parseRulesetText(before);
  const b = parseRulesetText(after);
  const out: RuleDiff = { added: [], deleted: [], policies: [] };
  for (const key of new Set([...a.keys(), ...b.keys()])) {
    const x = a.get(key), y = b.get(key);
    const table = (x ?? y)!.table, chain = (x ?? y)!.chain;
    const left = [...(x?.rules ?? [])];
    for (const r of y?.rules ?? []) {
      const i = left.indexOf(r);
      if (i >= 0) left.splice(i, 1);
      else out.added.push({ table, chain, rule: r });
    }
    out.deleted.push(...left.map((rule) => ({ table, chain, rule })));
    const pa = x?.policy ?? "none", pb = y?.policy ?? "none";
    if (pa !== pb) out.policies.push({ table, chain, from: pa, to: pb });
  }
  return out;
}

/** Every port number that appears after "dport" in a ruleset: the ports whose reach may change. */
export function portsMentioned(text: string): number[] {
  const ports = new Set<number>();
  for (const m of text.matchAll(/dport (\{[^}]*\}|[\d-]+)/g)) {
    for (const n of m[1]!.matchAll(/\d+/g)) ports.add(Number(n[0]));
  }
  return [...ports];
}
