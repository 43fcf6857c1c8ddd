import { describe, expect, it } from "vitest";
import { parseUpgradable } from "./read.ts";

describe("packages.upgradable's parser", () => {
  it("keeps upgrades only, marking those from a security suite", () => {
    const sim = [
      "Inst libssl3 [3.0.11-1~deb12u1] (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])",
      "Inst tzdata [2024a-0+deb12u1] (2024b-0+deb12u1 Debian:12.8/stable [all])",
      "Inst newdep (1.0 Debian:12.8/stable [amd64])",
      "Conf libssl3 (3.0.15-1~deb12u1 Debian-Security:12/stable-security [amd64])",
    ].join("\n");
    expect(parseUpgradable(sim)).toEqual([
      { name: "libssl3", from: "3.0.11-1~deb12u1", to: "3.0.15-1~deb12u1", security: true },
      { name: "tzdata", from: "2024a-0+deb12u1", to: "2024b-0+deb12u1", security: false },
    ]);
    expect(parseUpgradable("")).toEqual([]);
  });
});
