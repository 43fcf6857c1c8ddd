// A sample of the TOML campaign (bench/campaigns/toml): mutated and generated files of every kind the
// appliance reads, through the real loaders: accepted, or a ConfigError naming file, key and line.
import { describe, expect, it } from "vitest";
import { runToml } from "../../../bench/campaigns/toml/campaign.ts";

describe("every kind of TOML file, malformed", () => {
  it("is accepted or refused with file:line:key, never anything else thrown", async () => {
    const t = await runToml(undefined, { numRuns: 800, seed: 12 });
    expect({ crashes: t.total("crash"), unclear: t.total("unclear"), first: t.failures.slice(0, 3) }).toEqual({ crashes: 0, unclear: 0, first: [] });
    expect(t.total("4xx")).toBeGreaterThan(200);
    expect(t.total("2xx")).toBeGreaterThan(100);
  });
});
