// The kills campaign's baseline: each service's first start in the same boot, read from init's events
// as the audit log holds them (later lives, and services that never became ready, do not count).
import { describe, expect, it } from "vitest";
import { firstStarts } from "../../../bench/campaigns/kills/campaign.ts";

describe("firstStarts", () => {
  it("takes each service's first starting → ready, and nothing after", () => {
    const ev = [
      { ts: 100, service: "web", to: "waiting" }, { ts: 150, service: "web", to: "starting" },
      { ts: 160, service: "audit", to: "starting" }, { ts: 900, service: "web", to: "ready" },
      { ts: 950, service: "web", to: "stopped" }, { ts: 960, service: "web", to: "starting" }, { ts: 990, service: "web", to: "ready" },
      { ts: 1000, service: "models", to: "starting" }, { ts: 1200, service: "models", to: "degraded" },
    ];
    expect(firstStarts(ev)).toEqual({ web: 750 });
  });
});
