import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { renderBanner } from "../../consoles/render/rescue.ts";
import { renderStatus } from "../../consoles/render/status.ts";
import { degradedReasons, serviceReasons } from "./degraded.ts";

const boot = { uptime_s: 5, ready: true, state_device: "/dev/vda", pid1: true };

describe("degraded status", () => {
  it("is empty on a healthy, writable state dir without findings, and reads this boot's state check", () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-health-"));
    expect(degradedReasons({ stateDir: dir, report: join(dir, "none.json") })).toEqual([]);
    writeFileSync(join(dir, "r.json"), JSON.stringify({ at: 1, errors: [], findings: [{ db: "agents", path: "/s/agents/agents.db", problem: "x", movedTo: "/s/agents/agents.db.corrupt-1" }] }));
    expect(degradedReasons({ stateDir: dir, report: join(dir, "r.json") })).toEqual(["agents.db was corrupt: moved aside to /s/agents/agents.db.corrupt-1"]);
  });

  it("names a failed model runtime, not one that is merely restarting", () => {
    expect(serviceReasons([{ name: "models", state: "backoff", reason: null }])).toEqual([]);
    expect(serviceReasons([{ name: "models", state: "failed", reason: "died 10 times in 600 s" }])).toEqual(["model runtime failed (died 10 times in 600 s): chat answers from the rules (reactive tier)"]);
  });

  it("is the first line of aiosctl status and a line of the serial banner", () => {
    expect(renderStatus({ boot, services: [], degraded: ["state disk full"] }).split("\n")[0]).toBe("DEGRADED: state disk full");
    expect(renderStatus({ boot, services: [] }).split("\n")[0]).toMatch(/^up /);
    const banner = renderBanner({ addresses: [], web: { port: "9090", bind: "0.0.0.0" }, stateDisk: "/dev/vda on /var/lib/aios (ext4)", init: { ok: true, status: { boot, services: [] } }, degraded: ["aios.db was corrupt: moved aside to /var/lib/aios/aios.db.corrupt-20261203T074500Z"] });
    expect(banner.split("\n").slice(-2)).toEqual(["DEGRADED: aios.db was corrupt: moved aside to", "  /var/lib/aios/aios.db.corrupt-20261203T074500Z"]);
  });
});
