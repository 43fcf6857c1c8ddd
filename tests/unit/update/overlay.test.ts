// Stage 1's choice of upper layer (init/stage1.sh, cut out and run here with dash; STAGE1_SH=/path/to/
// busybox runs it with the initrd's shell): each system its own, an updated slot's first one started
// from the /etc of the system it was installed from, and the single upper layer of before moved over.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { describe, expect, it } from "vitest";

function overlayPart(state: string, slot: string, lower: string): string {
  const script = readFileSync(new URL("../../../init/stage1.sh", import.meta.url), "utf8");
  const part = script.slice(script.indexOf("OV=$STATE/overlay/"), script.indexOf("ROOT=/newroot")).replaceAll("/lower/", `${lower}/`);
  const stubs = `STATE=${state}; SLOT=${slot}; say() { echo "say $*"; }\n`;
  const r = spawnSync(process.env.STAGE1_SH ?? "dash", [...(process.env.STAGE1_SH ? ["sh"] : []), "-c", stubs + part], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(r.stderr);
  return r.stdout;
}

const put = (file: string, text: string) => { mkdirSync(file.slice(0, file.lastIndexOf("/")), { recursive: true }); writeFileSync(file, text); };

describe("stage 1's overlay upper layer per system", () => {
  it("starts an updated slot from the old system's /etc, with the new image's accounts and without its ld.so.cache", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-overlay-`);
    const old = `${dir}/state/overlay/factory/upper`;
    put(`${old}/etc/overlay-probe`, "kept\n");
    put(`${old}/etc/ld.so.cache`, "old libraries");
    put(`${old}/etc/passwd`, "root:x:0:0:root:/root:/bin/sh\nop:x:1000:1000::/home/op:/bin/sh\n");
    put(`${old}/usr/bin/tool`, "the old image's package");
    put(`${dir}/lower/etc/passwd`, "root:x:0:0:root:/root:/bin/bash\naios-new:x:950:950::/:/usr/sbin/nologin\n");
    put(`${dir}/state/overlay/a/carry-from`, "factory\n");

    expect(overlayPart(`${dir}/state`, "a", `${dir}/lower`)).toContain("carried over from the factory system");
    const upper = `${dir}/state/overlay/a/upper`;
    expect(readFileSync(`${upper}/etc/overlay-probe`, "utf8")).toBe("kept\n");
    expect(existsSync(`${upper}/etc/ld.so.cache`)).toBe(false);
    expect(existsSync(`${upper}/usr`)).toBe(false);
    expect(readFileSync(`${upper}/etc/passwd`, "utf8")).toBe("root:x:0:0:root:/root:/bin/sh\nop:x:1000:1000::/home/op:/bin/sh\naios-new:x:950:950::/:/usr/sbin/nologin\n");
    expect(existsSync(`${dir}/state/overlay/a/work`)).toBe(true);
    // Only on the first boot: later changes to the old system stay its own.
    put(`${old}/etc/overlay-probe`, "changed on factory\n");
    expect(overlayPart(`${dir}/state`, "a", `${dir}/lower`)).toBe("");
    expect(readFileSync(`${upper}/etc/overlay-probe`, "utf8")).toBe("kept\n");
  });

  it("gives the factory system the single upper layer of before, and a fresh one to a slot without carry-from", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-overlay-`);
    put(`${dir}/state/overlay/upper/etc/overlay-probe`, "kept\n");
    mkdirSync(`${dir}/state/overlay/work`);
    overlayPart(`${dir}/state`, "", `${dir}/lower`);
    expect(readFileSync(`${dir}/state/overlay/factory/upper/etc/overlay-probe`, "utf8")).toBe("kept\n");
    expect(existsSync(`${dir}/state/overlay/upper`)).toBe(false);
    overlayPart(`${dir}/state`, "b", `${dir}/lower`);
    expect(existsSync(`${dir}/state/overlay/b/upper/etc`)).toBe(false);
    expect(existsSync(`${dir}/state/overlay/b/work`)).toBe(true);
  });
});
