// What a campaign counts, per target: inputs, crashes (the process or server died, or something threw
// past the boundary), 5xx (an internal error reached the caller), 4xx (a clear rejection), 2xx
// (accepted), unclear (a rejection that does not say what was wrong), the slowest input. A failure
// keeps a short sample of the input that caused it, so a bug can be reproduced.

export type Outcome = "crash" | "5xx" | "4xx" | "3xx" | "2xx" | "unclear";

export interface Row {
  target: string;
  inputs: number;
  counts: Record<Outcome, number>;
  slowestMs: number;
  slowest: string;
}

export interface Failure { target: string; outcome: Outcome; input: string; detail: string }

export class Tally {
  readonly rows = new Map<string, Row>();
  readonly failures: Failure[] = [];

  constructor(readonly kind: string) {}

  record(target: string, outcome: Outcome, ms: number, input: () => string, detail = ""): void {
    let row = this.rows.get(target);
    if (!row) this.rows.set(target, row = { target, inputs: 0, counts: { crash: 0, "5xx": 0, "4xx": 0, "3xx": 0, "2xx": 0, unclear: 0 }, slowestMs: 0, slowest: "" });
    row.inputs++;
    row.counts[outcome]++;
    if (ms > row.slowestMs) { row.slowestMs = ms; row.slowest = clip(input(), 80); }
    if ((outcome === "crash" || outcome === "5xx" || outcome === "unclear") && this.failures.length < 200) {
      this.failures.push({ target, outcome, input: clip(input(), 400), detail: clip(detail, 400) });
    }
  }

  total(o?: Outcome): number {
    let n = 0;
    for (const r of this.rows.values()) n += o ? r.counts[o] : r.inputs;
    return n;
  }

  /** The campaign's table: one line per target, then the kind's totals. */
  table(): string {
    const head = ["target", "inputs", "crashes", "5xx", "4xx", "3xx", "2xx", "unclear", "slowest ms"];
    const body = [...this.rows.values()].sort((a, b) => a.target.localeCompare(b.target)).map((r) => [
      r.target, r.inputs, r.counts.crash, r.counts["5xx"], r.counts["4xx"], r.counts["3xx"], r.counts["2xx"], r.counts.unclear, Math.round(r.slowestMs),
    ].map(String));
    body.push([`ALL (${this.kind})`, ...(["inputs", "crash", "5xx", "4xx", "3xx", "2xx", "unclear"] as const).map((o) => String(o === "inputs" ? this.total() : this.total(o))),
      String(Math.round(Math.max(0, ...[...this.rows.values()].map((r) => r.slowestMs))))]);
    const widths = head.map((h, i) => Math.max(h.length, ...body.map((b) => b[i]!.length)));
    const line = (cells: string[]) => cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ");
    const failures = this.failures.slice(0, 20).map((f) => `  ${f.outcome} ${f.target}: ${f.detail}\n    input: ${f.input}`);
    return [line(head), ...body.map(line), ...(failures.length ? ["failures (first 20):", ...failures] : [])].join("\n");
  }
}

export function clip(s: string, n: number): string {
  const flat = s.replace(/[\u0000-\u001f\u007f-\u009f]/g, (c) => `\\x${c.charCodeAt(0).toString(16).padStart(2, "0")}`);
  return flat.length > n ? `${flat.slice(0, n)}… (${s.length} chars)` : flat;
}

/** Options every campaign takes: how many inputs per target kind and the seed (same seed, same inputs). */
export interface CampaignOptions { numRuns: number; seed: number }
