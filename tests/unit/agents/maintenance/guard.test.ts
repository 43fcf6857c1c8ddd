// The clean-up guard refuses databases, models, snapshots, keys, /etc and system trees whatever the
// configured paths; logs and temp files pass.
import { describe, expect, it } from "vitest";
import { protectedReason } from "../../../../tools/maintenance/guard.ts";
import { baseLog, isRotated, stampedName } from "../../../../tools/maintenance/files.ts";

describe("maintenance guard", () => {
  it.each([
    "/var/lib/aios/aios.db", "/tmp/x/aios.db-wal", "/tmp/x/aios.db-shm", "/var/tmp/cache.sqlite3", "/tmp/store-journal",
    "/var/lib/aios/models/tiny.gguf", "/tmp/models/readme.txt", "/var/lib/aios/scratch/snapshots/manifest.json",
    "/tmp/id_ed25519", "/tmp/server.key", "/tmp/cert.pem", "/root/.ssh/authorized_keys", "/tmp/.ssh/known_hosts",
    "/etc/passwd", "/etc/aios/agents/maintenance.toml", "/usr/bin/bun", "/var/lib/dpkg/status", "/var/lib/aios/memo.json", "/boot/vmlinuz",
  ])("protects %s", (p) => {
    expect(protectedReason(p)).not.toBeNull();
  });

  it.each(["/var/log/syslog", "/var/log/app/app.log.1", "/var/lib/aios/log/web.log", "/tmp/build-123/out.o", "/var/tmp/x", "/var/lib/aios/scratch/a", "/var/cache/apt/archives/bash_5.2_amd64.deb"])("allows %s", (p) => {
    expect(protectedReason(p)).toBeNull();
  });

  it("judges paths against the system root it is given", () => {
    expect(protectedReason("/srv/t/etc/hosts", "/srv/t")).toMatch(/under \/etc/);
    expect(protectedReason("/srv/t/tmp/a", "/srv/t")).toBeNull();
    expect(protectedReason("/elsewhere/tmp/a", "/srv/t")).toMatch(/outside/);
  });

  it("names rotated logs and their live log", () => {
    for (const p of ["/l/a.log.1", "/l/a.log.2.gz", "/l/a.log.old", "/l/a.log-20250101", "/l/a.log.20251202-101500.gz", "/l/a.log.gz"]) {
      expect(isRotated(p), p).toBe(true);
      expect(baseLog(p), p).toBe("/l/a.log");
    }
    expect(isRotated("/l/a.log")).toBe(false);
    expect(isRotated("/l/Xorg.0.log")).toBe(false);
    const taken = new Set(["/l/a.log.20250102-030405.gz"]);
    expect(stampedName("/l/a.log", Date.UTC(2025, 0, 2, 3, 4, 5), (p) => taken.has(p))).toBe("/l/a.log.20250102-030405-2.gz");
  });
});
