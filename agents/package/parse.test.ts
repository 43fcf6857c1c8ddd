import { describe, expect, it } from "vitest";
import { isSecurityRelease, parseAudit, parseKeptBack, parseStatusFile, parseUpgrades } from "./parse.ts";

const SIM = `Reading package lists...
The following packages have been kept back:
  aiost-held openssl
The following packages will be upgraded:
  aiost-lib aiost-tool
Inst aiost-lib [1.0] (1.1 Debian-Security:12/bookworm-security [all])
Inst aiost-tool [1.0] (2.0 aiOS-Test:12/bookworm [all])
Inst libc6 [2.36-9] (2.36-9+deb12u4 Debian:12.5/stable, Debian-Security:12/stable-security [amd64])
Inst newpkg (1.0 Debian:12.5/stable [amd64])
Conf aiost-lib (1.1 Debian-Security:12/bookworm-security [all])
`;

describe("package agent parsers", () => {
  it("reads upgrades from apt's simulation and marks the security ones by suite or label", () => {
    expect(parseUpgrades(SIM)).toEqual([
      { name: "aiost-lib", from: "1.0", to: "1.1", releases: ["Debian-Security:12/bookworm-security"], security: true },
      { name: "aiost-tool", from: "1.0", to: "2.0", releases: ["aiOS-Test:12/bookworm"], security: false },
      { name: "libc6", from: "2.36-9", to: "2.36-9+deb12u4", releases: ["Debian:12.5/stable", "Debian-Security:12/stable-security"], security: true },
    ]);
    expect(isSecurityRelease("Debian:12/bookworm-security")).toBe(true);
    expect(isSecurityRelease("Evil:1/security-theatre")).toBe(false);
    expect(isSecurityRelease("Debian:12.5/stable")).toBe(false);
  });

  it("ignores lines that only look like upgrades", () => {
    expect(parseUpgrades("Inst ../../etc [1] (2 x:1/y [all])\n  Inst aiost-lib [1.0] (1.1 z:1/q-security [all])\nInst UPPER [1] (2 a:1/b [all])")).toEqual([]);
  });

  it("reads the kept-back list", () => {
    expect(parseKeptBack(SIM)).toEqual(["aiost-held", "openssl"]);
    expect(parseKeptBack("nothing kept")).toEqual([]);
  });

  it("reads want and state from dpkg's status file", () => {
    const status = "Package: a\nStatus: install ok installed\nVersion: 1\n\nPackage: b\nStatus: hold ok installed\nVersion: 2\n\nPackage: c\nStatus: install ok half-configured\nVersion: 3\nDescription: Status: install ok installed\n";
    expect(parseStatusFile(status)).toEqual([
      { name: "a", version: "1", want: "install", state: "installed" },
      { name: "b", version: "2", want: "hold", state: "installed" },
      { name: "c", version: "3", want: "install", state: "half-configured" },
    ]);
  });

  it("clips dpkg --audit output", () => {
    expect(parseAudit("")).toEqual([]);
    expect(parseAudit(`x\n\n${"y".repeat(300)}\n`)).toEqual(["x", "y".repeat(200)]);
  });
});
