// No network at all: the network agent in a namespace with nothing but a loopback that is down. Its
// cycles keep completing (no throw, no hang), it reports what is missing, and its rules decide on each
// finding with no model, as they must when neither the cloud nor anything else can be reached.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { agent } from "../../../agents/network/index.ts";
import { type AgentContext, factsOf } from "../../../agents/loop/types.ts";
import { addNetns, canNetns, delNetns } from "../tools/netns.ts";
import { netnsRunner } from "../tools/pair.ts";

const skip = canNetns();

describe.skipIf(skip !== null)(`agents with no network${skip ? ` (skipped: ${skip})` : ""}`, () => {
  let ns = "", root = "";
  const memo = new Map<string, unknown>();
  beforeAll(() => {
    ns = addNetns("nonet");
    root = mkdtempSync(join(tmpdir(), "aios-nonet-"));
    const put = (p: string, t: string) => { mkdirSync(dirname(join(root, p)), { recursive: true }); writeFileSync(join(root, p), t); };
    put("etc/resolv.conf", "nameserver 10.0.0.53\n");
    put("etc/hostname", "aios\n");
    put("proc/sys/kernel/hostname", "aios\n");
    put("proc/uptime", "3600.00 100.00\n");
  });
  afterAll(() => { if (ns) delNetns(ns); if (root) rmSync(root, { recursive: true, force: true }); });

  it("keeps cycling with no route and no uplink, and the rules decide every finding", async () => {
    const ctx = (): AgentContext => ({
      now: Date.now(), settings: { hostname: "aios" }, runner: netnsRunner(ns), root,
      memo: { get: <T>(k: string) => memo.get(k) as T | undefined, set: (k, v) => void memo.set(k, v) },
    });
    for (let cycle = 0; cycle < 3; cycle++) {
      const c = ctx();
      const obs = await agent.observe(c);
      const findings = agent.detectors.flatMap((d) => d.detect(obs, { ...c, history: [] }));
      expect(obs.defaultRoute).toBeFalsy();
      expect(findings.length).toBeGreaterThan(0); // e.g. the DHCP client and the firewall table are missing
      for (const f of findings) {
        const rule = agent.rules[f.kind]?.find((r) => r.when(factsOf(f), {} as never));
        expect(rule, `a rule for ${f.kind}`).toBeDefined();
      }
    }
  }, 60_000);
});
