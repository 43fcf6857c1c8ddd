// The soak report's arithmetic: growth is judged after the warm-up (the second sample; in long runs,
// after the first quarter, at most 15 minutes), within a service's last life, with quarters that tell a
// heap that settles from a leak.
import { describe, expect, it } from "vitest";
import { summarize } from "../../../bench/campaigns/soak/campaign.ts";

/** A guest log: a sample every `every` s for `seconds`, the RSS of each service given by a function of time. */
function log(seconds: number, every: number, rss: Record<string, (t: number) => number>): string {
  const lines: string[] = [];
  for (let t = 0; t <= seconds; t += every) {
    lines.push(`T ${t} 900`);
    for (const [name, f] of Object.entries(rss)) lines.push(`S ${t} ${name} 100 ${Math.round(f(t))} 10`);
  }
  return `${lines.join("\n")}\nDONE\n`;
}

describe("soak summary", () => {
  it("in an hour, leaves out a cache that fills for 11 minutes, and still sees a steady leak", () => {
    const r = summarize(log(3600, 60, { filler: (t) => 40_000 + Math.min(t, 660) * 10, leaker: (t) => 40_000 + t * 2 }), 3600, 0, 0);
    const by = Object.fromEntries(r.services.map((s) => [s.name, s]));
    expect(by.filler!.rssGrowth).toBe(0);
    expect(by.leaker!.rssGrowth).toBeGreaterThan(0.05);
    expect(by.leaker!.rssQuartersKb[0]).toBeLessThan(by.leaker!.rssQuartersKb[2]!);
  });

  it("in a short sample, compares from the second sample on", () => {
    const r = summarize(log(16, 4, { web: (t) => (t === 0 ? 30_000 : 40_000 + t) }), 16, 0, 0);
    expect(r.samples).toBe(5);
    expect(r.services[0]!.rssFirstKb).toBe(40_004);
    expect(r.services[0]!.rssLastKb).toBe(40_016);
  });
});
