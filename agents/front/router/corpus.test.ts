import { describe, expect, it } from "vitest";
import { route, TABLE } from "./index.ts";
import { accuracy, loadCorpus, matches } from "./corpus.ts";

// Tuned against corpus.json only; heldout.json was written before the router and is never tuned on,
// so its figure is the honest one (printed, with a lower floor).
describe("phrasing corpora", () => {
  const corpus = loadCorpus("corpus");
  const heldout = loadCorpus("heldout");

  it("routes ≥ 95 % of the tuning corpus (intent and expected slots)", () => {
    const wrong = corpus.filter((it) => !matches(it, route(it.text))).map((it) => `${it.intent} ← ${it.text} (got ${route(it.text).intent})`);
    const acc = 1 - wrong.length / corpus.length;
    console.log(`router corpus accuracy: ${(acc * 100).toFixed(1)} % of ${corpus.length}`);
    expect(acc, wrong.join("\n")).toBeGreaterThanOrEqual(0.95);
  });

  it("routes ≥ 85 % of the held-out phrasings", () => {
    const acc = accuracy(heldout, (t) => route(t));
    console.log(`router held-out accuracy: ${(acc * 100).toFixed(1)} % of ${heldout.length}`);
    expect(acc).toBeGreaterThanOrEqual(0.85);
  });

  it("covers every intent several times, with ~10 % unroutable texts", () => {
    for (const intent of Object.keys(TABLE)) expect(corpus.filter((it) => it.intent === intent).length, intent).toBeGreaterThanOrEqual(3);
    const unknown = corpus.filter((it) => it.intent === "unknown").length / corpus.length;
    expect(unknown).toBeGreaterThan(0.07);
  });
});

describe("unroutable text", () => {
  const unknowns = [
    ...loadCorpus("corpus").filter((it) => it.intent === "unknown").map((it) => it.text),
    "delete everything", "stop", "open the door", "remove the stain from my shirt", "; rm -rf / #", "start a new life", "please, I beg you", "what is the firewall of the soul", "tell me about your day",
  ];
  it.each(unknowns)("%s is never routed to a change", (text) => {
    const r = route(text);
    if (r.intent !== "unknown") expect(TABLE[r.intent].change ?? false, r.intent).toBe(false);
  });
  it("the brief's examples of unrelated text are unknown", () => {
    for (const t of ["write me a poem about cats", "what's the capital of France", "explain quantum computing"]) expect(route(t).intent, t).toBe("unknown");
  });
});
