import { describe, expect, it } from "vitest";
import { isPrivilegedRead, relayRunner } from "./reads.ts";

describe("privileged reads", () => {
  it("allows only the listed read-only commands, argument by argument", () => {
    expect(isPrivilegedRead(["nft", "list", "ruleset"])).toBe(true);
    expect(isPrivilegedRead(["nft", "-j", "list", "table", "inet", "aios"])).toBe(true);
    expect(isPrivilegedRead(["smartctl", "-H", "-A", "-j", "/dev/vda"])).toBe(true);
    for (const argv of [["nft", "flush", "ruleset"], ["nft", "-f", "/tmp/x"], ["nft", "list ruleset"], ["nft", "list", "ruleset;", "flush", "ruleset"],
      ["smartctl", "-H", "-A", "-j", "/dev/../etc/shadow"], ["sh", "-c", "nft list ruleset"]]) expect(isPrivilegedRead(argv)).toBe(false);
  });

  it("sends privileged reads to the relay and runs the rest itself", async () => {
    const relayed: string[] = [];
    const runner = relayRunner(async (argv) => { relayed.push(argv.join(" ")); return { argv, code: 0, stdout: "", stderr: "", ms: 0 }; });
    await runner.run(["nft", "list", "ruleset"]);
    expect((await runner.run(["echo", "here"])).stdout).toBe("here\n");
    expect(relayed).toEqual(["nft list ruleset"]);
  });
});
