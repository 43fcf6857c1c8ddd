import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { loadAgentPolicy } from "./agents.ts";

describe("agent policies from <config>/agents/<agent>.toml", () => {
  const dir = mkdtempSync(`${tmpdir()}/aios-agents-`);
  mkdirSync(`${dir}/agents`);

  it("gives the operator safe mode with every capability unless configured", () => {
    expect(loadAgentPolicy("operator", dir)).toMatchObject({ agent: "operator", mode: "safe", capabilities: ["*"] });
    writeFileSync(`${dir}/agents/operator.toml`, '[policy]\nmode = "paranoid"\nallowlist = ["services.list"]\n');
    expect(loadAgentPolicy("operator", dir)).toMatchObject({ mode: "paranoid", capabilities: [], allowlist: ["services.list"] });
  });

  it("refuses agents without a file, bad names and bad files, naming the file", () => {
    expect(() => loadAgentPolicy("netbot", dir)).toThrow(/no policy for agent "netbot"/);
    expect(() => loadAgentPolicy("../etc/passwd", dir)).toThrow(/no agent/);
    writeFileSync(`${dir}/agents/typo.toml`, '[policy]\nmode = "yolo"\n');
    expect(() => loadAgentPolicy("typo", dir)).toThrow(`${dir}/agents/typo.toml:2: policy.mode: must be one of`);
    writeFileSync(`${dir}/agents/broken.toml`, "[policy\n");
    expect(() => loadAgentPolicy("broken", dir)).toThrow(`${dir}/agents/broken.toml:1: (syntax)`);
  });
});
