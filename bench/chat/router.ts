// Benchmark of the front agent's reactive intent router (a program, not a test: it prints numbers
// and ratios measured in this one run, never assertions):
//  1. accuracy on tests/fixtures/chat/corpus.json (tuned on) and heldout.json (never tuned on)
//  2. p50/p99 routing latency over every item, repeated ROUNDS times (goal: p99 <= 5 ms)
//  3. ratios against two baselines measured here: a naive first-keyword router (accuracy, latency)
//     and the bare cost of `text.toLowerCase().split(" ")`
// Run: bun bench/chat/router.ts [--rounds 200]
import { route } from "../../agents/front/router/index.ts";
import { accuracy, loadCorpus } from "../../agents/front/router/corpus.ts";
import type { Intent, Route } from "../../agents/front/router/types.ts";

const arg = (name: string, dflt: number) => { const i = process.argv.indexOf(`--${name}`); return i > 0 ? Number(process.argv[i + 1]) : dflt; };
const ROUNDS = arg("rounds", 200);

const corpus = loadCorpus("corpus");
const heldout = loadCorpus("heldout");
const texts = [...corpus, ...heldout].map((it) => it.text);

// The naive baseline: the first keyword found decides, as a quick hand-written router would.
const KEYWORDS: [string, Intent][] = [
  ["reboot", "system.reboot"], ["restart", "service.restart"], ["start", "service.start"], ["stop", "service.stop"],
  ["log", "service.logs"], ["disk", "disk.usage"], ["space", "disk.usage"], ["memory", "memory.usage"], ["ram", "memory.usage"],
  ["cpu", "processes.top"], ["process", "processes.top"], ["ip", "network.show"], ["listening", "ports.list"],
  ["open", "firewall.open_port"], ["close", "firewall.close_port"], ["block", "firewall.block_address"], ["firewall", "firewall.show"],
  ["uninstall", "packages.remove"], ["installed", "packages.installed"], ["install", "packages.install"], ["upgrade", "packages.upgrade"],
  ["update", "packages.upgradable"], ["user", "users.list"], ["key", "keys.list"], ["snapshot", "snapshots.list"],
  ["undo", "snapshots.rollback"], ["roll back", "snapshots.rollback"], ["incident", "incidents.list"], ["why", "decision.explain"],
  ["changed", "changes.since"], ["autonomy", "autonomy.set"], ["agent", "agents.status"], ["model", "models.list"],
  ["uptime", "system.info"], ["version", "system.info"], ["status", "status.overview"], ["help", "help"], ["hello", "greeting"], ["hi", "greeting"],
];
function naive(text: string): Route {
  const words = ` ${text.toLowerCase().replace(/[^a-z0-9 ]/g, " ")} `;
  const hit = KEYWORDS.find(([k]) => words.includes(` ${k}`));
  return { intent: hit ? hit[1] : "unknown", confidence: hit ? 1 : 0, slots: {}, missing: [] };
}

function pct(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))]!;
  return { p50: at(0.5), p99: at(0.99) };
}

/** Per-call latency in µs, every text once per round, after one warm-up round. */
function latency(fn: (text: string) => unknown): number[] {
  for (const t of texts) fn(t);
  const out: number[] = [];
  let sink = 0;
  for (let r = 0; r < ROUNDS; r++) {
    for (const t of texts) {
      const t0 = performance.now();
      const v = fn(t);
      out.push((performance.now() - t0) * 1000);
      if (v) sink++;
    }
  }
  if (sink < 0) console.log(sink);
  return out;
}

const f = (x: number, d = 1) => x.toFixed(d);
const pc = (x: number) => `${f(x * 100)} %`;

const acc = { corpus: accuracy(corpus, (t) => route(t)), heldout: accuracy(heldout, (t) => route(t)) };
const naiveAcc = { corpus: accuracy(corpus, naive), heldout: accuracy(heldout, naive) };
console.log(`accuracy (intent and expected slots)   router      naive first-keyword   ratio`);
console.log(`  corpus.json  (${corpus.length} items, tuned)   ${pc(acc.corpus).padEnd(11)} ${pc(naiveAcc.corpus).padEnd(21)} ${f(acc.corpus / naiveAcc.corpus, 2)}×`);
console.log(`  heldout.json (${heldout.length} items, held out) ${pc(acc.heldout).padEnd(11)} ${pc(naiveAcc.heldout).padEnd(21)} ${f(acc.heldout / naiveAcc.heldout, 2)}×`);

const lr = pct(latency((t) => route(t)));
const ln = pct(latency(naive));
const ls = pct(latency((t) => t.toLowerCase().split(" ")));
console.log(`\nlatency per route, ${texts.length} texts × ${ROUNDS} rounds (µs)   p50      p99`);
console.log(`  router                                        ${f(lr.p50, 2).padEnd(8)} ${f(lr.p99, 2)}   (goal p99 ≤ 5000 µs: ${f(5000 / lr.p99, 0)}× under)`);
console.log(`  naive first-keyword router                    ${f(ln.p50, 2).padEnd(8)} ${f(ln.p99, 2)}`);
console.log(`  text.toLowerCase().split(" ")                 ${f(ls.p50, 2).padEnd(8)} ${f(ls.p99, 2)}`);
console.log(`  ratio router / naive                          ${f(lr.p50 / ln.p50, 1).padEnd(8)} ${f(lr.p99 / ln.p99, 1)}`);
console.log(`  ratio router / lowercase+split                ${f(lr.p50 / ls.p50, 1).padEnd(8)} ${f(lr.p99 / ls.p99, 1)}`);
