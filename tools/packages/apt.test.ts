import { describe, expect, it } from "vitest";
import { parseDpkgStates, parseSimulation } from "./apt.ts";

describe("apt and dpkg parsers", () => {
  it("reads installs, upgrades and removals from apt's simulation; Conf lines repeat and are skipped", () => {
    const sim = "Inst a [1.0] (1.1 L:12/bookworm-security [all])\nInst b (2.0 L:12/bookworm [all])\nRemv c [3]\nConf a (1.1 L:12/bookworm-security [all])\n";
    expect(parseSimulation(sim)).toEqual([
      { kind: "package.upgrade", name: "a", from: "1.0", to: "1.1" },
      { kind: "package.install", name: "b", version: "2.0" },
      { kind: "package.remove", name: "c", version: "3" },
    ]);
  });

  it("reads dpkg-query's name, version and state columns, skipping malformed lines", () => {
    expect(parseDpkgStates("a\t1.0\tinstalled\nb\t2\thalf-configured\nbroken line\n\n")).toEqual([
      { name: "a", version: "1.0", state: "installed" },
      { name: "b", version: "2", state: "half-configured" },
    ]);
  });
});
