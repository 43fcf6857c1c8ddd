import { describe, expect, it } from "vitest";
import { chmodSync, mkdtempSync, renameSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { watchableFiles, watchFiles } from "./watch.ts";

const until = async (f: () => boolean) => { for (let i = 0; i < 100 && !f(); i++) await Bun.sleep(50); return f(); };

describe("watches that wake an agent", () => {
  it("keeps only plain files: not /proc, globs, commands, descriptions or databases", () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-watch-"));
    writeFileSync(join(dir, "f"), "");
    expect(watchableFiles(["/proc/meminfo", "/proc/*/fd", "ip -j addr", "~/.ssh/x", join(dir, "f"), dir, "/var/lib/aios/aios.db", "/no/such/file"]))
      .toEqual([join(dir, "f"), "/no/such/file"]);
  });

  it("wakes on a write, a replace and a chmod of a watched file, and not for its neighbours", async () => {
    const dir = mkdtempSync(join(tmpdir(), "aios-watch-"));
    const f = join(dir, "resolv.conf");
    writeFileSync(f, "a");
    let wakes = 0;
    const stop = watchFiles([f], () => wakes++, 0);
    writeFileSync(join(dir, "other"), "x");
    await Bun.sleep(600);
    expect(wakes).toBe(0);
    writeFileSync(f, "b");
    expect(await until(() => wakes === 1)).toBe(true);
    writeFileSync(join(dir, "tmp"), "c");
    renameSync(join(dir, "tmp"), f);
    expect(await until(() => wakes === 2)).toBe(true);
    chmodSync(f, 0o600);
    expect(await until(() => wakes === 3)).toBe(true);
    stop();
  });
});
