// Benchmarks of memory and audit (a program, not a test; it prints numbers and ratios measured in
// this one run, never assertions):
//  1. FTS5 search over N long-term memories, p50/p99 (goal: p50 <= 5 ms at 1M rows)
//  2. audit appends with the hash chain versus plain inserts into the same database and sync level
//     (goal: >= 20k/s batched and >= 0.5 of plain)
//  3. full chain verification time per 100k entries
// Run: node_modules/.bin/bun bench/memory/bench.ts [--rows 1000000] [--audit 200000] [--dir /path]
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { AuditLog, verifyAudit } from "../../runtime/audit/index.ts";
import { openDatabase } from "../../runtime/db/open.ts";
import { Memory } from "../../runtime/memory/index.ts";

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const ROWS = arg("rows", 1_000_000);
const AUDIT = arg("audit", 200_000);
const dirArg = process.argv.indexOf("--dir");
const dir = mkdtempSync(join(dirArg > 0 ? process.argv[dirArg + 1]! : tmpdir(), "aios-bench-"));

// Deterministic text: a Zipf-like vocabulary so some words are common and most are rare.
let seed = 42;
const rand = () => { seed = (seed * 1103515245 + 12345) & 0x7fffffff; return seed / 0x7fffffff; };
const VOCAB = Array.from({ length: 20_000 }, (_, i) => `w${i.toString(36)}${"aeiou"[i % 5]}`);
const word = () => VOCAB[Math.floor(VOCAB.length * rand() ** 3)]!;
const sentence = (n: number) => Array.from({ length: n }, word).join(" ");

function pct(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}
const f = (x: number, d = 2) => x.toFixed(d);

async function benchSearch() {
  const mem = Memory.open(join(dir, "memory.db"));
  // Bulk load only: a big page cache and no fsync; searches below run as the appliance runs them.
  mem.db.exec("PRAGMA cache_size = -262144; PRAGMA synchronous = OFF");
  const t0 = performance.now();
  const ins = mem.db.query("INSERT INTO mem_facts (kind, title, body, tags, created_at, used_at) VALUES ('fact', ?, ?, '', 0, 0)");
  const BATCH = 10_000;
  for (let done = 0; done < ROWS; done += BATCH) {
    mem.db.transaction(() => { for (let i = 0; i < Math.min(BATCH, ROWS - done); i++) ins.run(sentence(4), sentence(16)); })();
  }
  const loadS = (performance.now() - t0) / 1000;
  mem.db.exec("INSERT INTO mem_facts_fts(mem_facts_fts) VALUES ('optimize')");
  const queries = Array.from({ length: 300 }, () => `${word()} ${word()}`);
  for (const q of queries.slice(0, 20)) await mem.search(q, { tiers: ["longterm"] });
  const lat: number[] = [];
  let hits = 0;
  for (const q of queries) { const t = performance.now(); hits += (await mem.search(q, { tiers: ["longterm"], limit: 10 })).hits.length; lat.push(performance.now() - t); }
  const p = pct(lat);
  console.log(`fts5 search: ${ROWS} memories (loaded in ${f(loadS, 1)} s, ${f(ROWS / loadS, 0)} rows/s); ${queries.length} two-word queries, mean ${f(hits / queries.length, 1)} hits`);
  console.log(`  p50 ${f(p.p50)} ms, p99 ${f(p.p99)} ms  (goal p50 <= 5 ms: ${p.p50 <= 5 ? "met" : "NOT met"}; ratio p50/goal ${f(p.p50 / 5)})`);
  mem.db.close();
}

function benchAudit() {
  const db = openDatabase(join(dir, "audit.db"), { synchronous: "FULL" });
  const log = new AuditLog(db);
  // The plain baseline has the audit table's shape and index, minus the two hash columns.
  db.exec("CREATE TABLE plain_log (seq INTEGER PRIMARY KEY, ts INTEGER NOT NULL, kind TEXT NOT NULL, actor TEXT NOT NULL, subject TEXT NOT NULL, data TEXT NOT NULL); CREATE INDEX plain_log_kind ON plain_log(kind, seq)");
  const plain = db.query("INSERT INTO plain_log (ts, kind, actor, subject, data) VALUES (?, ?, ?, ?, ?)");
  const entry = (i: number) => ({ kind: "tool.call", actor: "agent:net", subject: "firewall.list", data: { i, input: {}, why: { reason: "periodic check", tier: "reactive" }, risk: "none" } });
  const BATCH = 1000;

  let t = performance.now();
  for (let i = 0; i < AUDIT; i += BATCH) log.appendMany(Array.from({ length: BATCH }, (_, j) => entry(i + j)));
  const chainRate = AUDIT / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < AUDIT; i += BATCH) {
    // The same work minus the chain: serialise the same data, one IMMEDIATE transaction per batch.
    db.transaction(() => { for (let j = 0; j < BATCH; j++) { const e = entry(i + j); plain.run(Date.now(), e.kind, e.actor, e.subject, JSON.stringify(e.data)); } }).immediate();
  }
  const plainRate = AUDIT / ((performance.now() - t) / 1000);
  console.log(`audit append, batches of ${BATCH}, synchronous=FULL: chain ${f(chainRate, 0)}/s, plain ${f(plainRate, 0)}/s, ratio ${f(chainRate / plainRate)} (goal >= 20k/s and >= 0.5)`);

  const SINGLE = 2000;
  t = performance.now();
  for (let i = 0; i < SINGLE; i++) log.append(entry(i));
  const singleChain = SINGLE / ((performance.now() - t) / 1000);
  t = performance.now();
  for (let i = 0; i < SINGLE; i++) { const e = entry(i); db.transaction(() => plain.run(Date.now(), e.kind, e.actor, e.subject, JSON.stringify(e.data))).immediate(); }
  const singlePlain = SINGLE / ((performance.now() - t) / 1000);
  console.log(`audit append, one durable commit each: chain ${f(singleChain, 0)}/s, plain ${f(singlePlain, 0)}/s, ratio ${f(singleChain / singlePlain)} (bounded by fsync on this disk)`);

  t = performance.now();
  const r = verifyAudit(db);
  const ms = performance.now() - t;
  console.log(`audit verify: ${r.count} entries in ${f(ms, 0)} ms = ${f((ms * 100_000) / r.count, 0)} ms per 100k entries (${r.ok ? "OK" : "BROKEN"})`);
  db.close();
}

try {
  console.log(`bench/memory in ${dir}`);
  await benchSearch();
  benchAudit();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
