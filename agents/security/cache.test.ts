// The per-cycle caches: what an idle cycle skips (rehash, relisting, owner search, old log lines), and
// that each change the watch exists for still shows the same cycle. File times are set into the past
// with utimes, so nothing here depends on how fast the test runs.
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Runner } from "../../runtime/proc/exec.ts";
import { readIdentityCached } from "./identity.ts";
import { readOwnedListeners } from "./listeners.ts";
import { scanSuidCached, suidCache } from "./perms.ts";
import { type LogSource, readFailuresSince } from "./sshlog.ts";

let root: string;
beforeEach(() => { root = mkdtempSync(join(tmpdir(), "aios-sec-cache-")); });
afterEach(() => rmSync(root, { recursive: true, force: true }));
const old = (p: string) => utimesSync(join(root, p), new Date(Date.now() - 3_600_000), new Date(Date.now() - 3_600_000));
const HOUR = 3_600_000;

describe("SUID walk between full walks", () => {
  it("relists a directory whose stat changed, keeps the listing of one that did not, and a full walk sees chmod u+s", () => {
    mkdirSync(join(root, "usr/bin"), { recursive: true });
    writeFileSync(join(root, "usr/bin/tool"), "");
    old("usr/bin");
    const cache = suidCache();
    expect(scanSuidCached(root, ["/usr/bin"], 1000, cache, HOUR, 0).files).toEqual([]);

    // chmod u+s on a file already there does not change its directory: the kept listing answers ...
    chmodSync(join(root, "usr/bin/tool"), 0o4755);
    expect(scanSuidCached(root, ["/usr/bin"], 1000, cache, HOUR, 1).files).toEqual([]);
    // ... until the next full walk.
    expect(scanSuidCached(root, ["/usr/bin"], 1000, cache, HOUR, HOUR).files.map((f) => f.path)).toEqual(["/usr/bin/tool"]);

    // A new file changes the directory: seen at once, between full walks.
    writeFileSync(join(root, "usr/bin/evil"), "");
    chmodSync(join(root, "usr/bin/evil"), 0o4755);
    old("usr/bin");
    expect(scanSuidCached(root, ["/usr/bin"], 1000, cache, HOUR, HOUR + 1).files.map((f) => f.path)).toEqual(["/usr/bin/evil", "/usr/bin/tool"]);
  });

  it("walks into a new subdirectory and answers like the plain walk when over the bound", () => {
    mkdirSync(join(root, "tmp/a"), { recursive: true });
    const cache = suidCache();
    scanSuidCached(root, ["/tmp"], 1000, cache, HOUR, 0);
    mkdirSync(join(root, "tmp/a/b"));
    writeFileSync(join(root, "tmp/a/b/x"), "");
    chmodSync(join(root, "tmp/a/b/x"), 0o2755);
    expect(scanSuidCached(root, ["/tmp"], 1000, cache, HOUR, 1)).toEqual({ files: [{ path: "/tmp/a/b/x", mode: 0o2755, uid: process.getuid!() }], truncated: false });
    expect(scanSuidCached(root, ["/tmp"], 2, cache, HOUR, 2).truncated).toBe(true);
  });
});

describe("identity files", () => {
  it("rereads a file whose content changed even at the same size and mtime (ctime moves)", () => {
    mkdirSync(join(root, "etc"));
    writeFileSync(join(root, "etc/passwd"), "root:x:0:0:root:/root:/bin/sh\n");
    old("etc/passwd");
    const first = readIdentityCached(root, "/etc/passwd");
    expect(readIdentityCached(root, "/etc/passwd")).toEqual(first);
    writeFileSync(join(root, "etc/passwd"), "eve!:x:0:0:root:/root:/bin/sh\n");
    old("etc/passwd"); // same size, same (old) mtime: only ctime tells
    const next = readIdentityCached(root, "/etc/passwd");
    expect(next.sha256).not.toBe(first.sha256);
    expect(next.items).toEqual(["eve! uid=0 gid=0 home=/root shell=/bin/sh"]);
    rmSync(join(root, "etc/passwd"));
    expect(readIdentityCached(root, "/etc/passwd").sha256).toBeNull();
  });
});

describe("dropbear's failures, incrementally", () => {
  const bad = (ip: string) => `Bad password attempt for 'root' from ${ip}:5000`;
  it("asks only from the newest time read, counts a line once, and drops failures that left the window", async () => {
    const lines: { ts: number; line: string }[] = [];
    const asked: number[] = [];
    const src: LogSource = { read: async (since) => { asked.push(since); return lines.filter((l) => l.ts >= since); } };
    lines.push({ ts: 100, line: bad("10.0.0.1") }, { ts: 200, line: bad("10.0.0.2") });
    expect((await readFailuresSince(src, 0)).map((f) => f.addr)).toEqual(["10.0.0.1", "10.0.0.2"]);
    expect(await readFailuresSince(src, 0)).toHaveLength(2); // nothing new: the ts-200 line is not counted twice
    lines.push({ ts: 200, line: bad("10.0.0.2") }, { ts: 300, line: bad("10.0.0.3") }); // a second identical line at 200
    expect((await readFailuresSince(src, 150)).map((f) => f.addr)).toEqual(["10.0.0.2", "10.0.0.2", "10.0.0.3"]);
    expect(asked).toEqual([0, 200, 200]);
    expect((await readFailuresSince(src, 250)).map((f) => f.addr)).toEqual(["10.0.0.3"]);
    expect(asked.at(-1)).toBe(300);
  });
});

describe("listener owners", () => {
  // A private /proc: net/tcp with LISTEN sockets, and one process holding the first one's inode.
  const tcp = (rows: [port: number, inode: number][]) => ["  sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode",
    ...rows.map(([port, inode], i) => `   ${i}: 00000000:${port.toString(16).toUpperCase().padStart(4, "0")} 00000000:0000 0A 00000000:00000000 00:00000000 00000000     0        0 ${inode} 1 0000000000000000 100 0 0 10 0`)].join("\n") + "\n";
  it("searches again only when the listening sockets change or an owner exits", async () => {
    mkdirSync(join(root, "proc/net"), { recursive: true });
    mkdirSync(join(root, "proc/700/fd"), { recursive: true });
    writeFileSync(join(root, "proc/700/comm"), "dropbear\n");
    symlinkSync("socket:[1001]", join(root, "proc/700/fd/3"));
    writeFileSync(join(root, "proc/net/tcp"), tcp([[22, 1001]]));
    const ss: string[] = [];
    const runner: Runner = { run: async (argv) => { ss.push(argv.join(" ")); return { argv, code: 0, stdout: `tcp LISTEN 0 1 0.0.0.0:4444 0.0.0.0:* users:(("nc",pid=812,fd=3))\n`, stderr: "", ms: 0 }; } };
    const owners = async () => (await readOwnedListeners(root, runner, HOUR, 0)).map((l) => `${l.key}=${l.pid}/${l.comm}`);

    expect(await owners()).toEqual(["tcp:22=700/dropbear"]);
    expect(ss).toEqual([]); // the fd scan saw it: no ss
    mkdirSync(join(root, "proc/812"));
    writeFileSync(join(root, "proc/812/comm"), "nc\n"); // readable, though its fd links are not
    writeFileSync(join(root, "proc/net/tcp"), tcp([[22, 1001], [4444, 2002]])); // a new socket nobody's fd scan sees
    expect(await owners()).toEqual(["tcp:22=700/dropbear", "tcp:4444=812/nc"]);
    expect(await owners()).toEqual(["tcp:22=700/dropbear", "tcp:4444=812/nc"]);
    expect(ss).toEqual(["ss -Htulnp"]); // once for the new socket, not again while it is the same
    writeFileSync(join(root, "proc/700/comm"), "evil\n"); // the owner exec'd something else
    expect(await owners()).toEqual(["tcp:22=700/evil", "tcp:4444=812/nc"]);
  });
});
