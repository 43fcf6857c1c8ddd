// The carry-over's plan from two dpkg status files, the .deb names apt gives, and dpkg's reasons.
import { describe, expect, it } from "vitest";
import { autoInstalled, carryPlan, debName, parseDpkgStatus, whyFailed } from "../../../runtime/update/carry.ts";

const stanza = (name: string, version: string, status = "install ok installed", arch = "amd64") =>
  `Package: ${name}\nStatus: ${status}\nPriority: optional\nArchitecture: ${arch}\nVersion: ${version}\nDescription: x\n multi-line: text\n`;

describe("package carry-over", () => {
  it("carries what the old system had installed and the new image does not ship", () => {
    const image = [stanza("libc6", "2.36-9"), stanza("curl", "7.88")].join("\n");
    const old = [stanza("libc6", "2.36-8"), stanza("curl", "7.90"), stanza("htop", "3.2.2-2"), stanza("gone", "1", "deinstall ok config-files"), stanza("tool", "1:2.0", "install ok installed", "all")].join("\n");
    expect(parseDpkgStatus(old).map((p) => p.name)).toEqual(["libc6", "curl", "htop", "tool"]);
    // The image's own version wins, older or newer; removed packages (config-files) are not carried.
    expect(carryPlan(old, image)).toEqual([{ name: "htop", version: "3.2.2-2", arch: "amd64" }, { name: "tool", version: "1:2.0", arch: "all" }]);
    expect(carryPlan("", image)).toEqual([]);
    // Given the old image's own list: what the new image dropped stays dropped, unless the operator
    // installed another version of it.
    const oldImage = [stanza("libc6", "2.36-8"), stanza("curl", "7.88"), stanza("htop", "3.2.2-2"), stanza("tool", "1:1.0")].join("\n");
    expect(carryPlan(old, image, oldImage).map((p) => p.name)).toEqual(["tool"]);
  });

  it("names .debs as apt does and reads apt's auto-installed marks", () => {
    expect(debName({ name: "tool", version: "1:2.0", arch: "all" })).toBe("tool_1%3a2.0_all.deb");
    expect([...autoInstalled("Package: a\nArchitecture: amd64\nAuto-Installed: 1\n\nPackage: b\nArchitecture: amd64\nAuto-Installed: 0\n")]).toEqual(["a"]);
  });

  it("quotes dpkg about the one package that failed", () => {
    const err = "dpkg: dependency problems prevent configuration of app:\n app depends on lib (>= 2); however:\n  Version of lib on system is 1.\n\ndpkg: error processing package app (--install):\n dependency problems - leaving unconfigured\nErrors were encountered while processing:\n app\n libapp\n";
    expect(whyFailed(err, "app", 1)).toBe("dpkg: dependency problems prevent configuration of app: app depends on lib (>= 2); however: Version of lib on system is 1. dpkg: error processing package app (--install): dependency problems - leaving unconfigured");
    expect(whyFailed(err, "libapp", 1)).toBe("dpkg exited 1");
  });
});
