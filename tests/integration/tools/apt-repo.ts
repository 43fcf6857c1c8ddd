// A private apt world for package tests: .debs built with dpkg-deb, a flat repository indexed with
// dpkg-scanpackages, and apt/dpkg options that keep state, cache, logs, locks and the install root in
// a temp dir, so the host's apt and dpkg state are never read or written.
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export function aptMissing(): string | null {
  for (const bin of ["apt-get", "dpkg-deb", "dpkg-scanpackages", "apt-mark"]) {
    try { execFileSync("sh", ["-c", `command -v ${bin}`], { stdio: "ignore" }); } catch { return `${bin} is not installed`; }
  }
  return process.getuid?.() === 0 ? null : "needs root for dpkg --root";
}

export interface AptWorld { dir: string; aptOptions: string[]; dpkgOptions: string[]; addDeb(name: string, version: string, depends?: string): void; reindex(): void; installed(): Record<string, string> }

export function aptWorld(): AptWorld {
  const dir = mkdtempSync(join(tmpdir(), "aios-apt-"));
  for (const d of ["repo", "etc/apt/sources.list.d", "etc/apt/preferences.d", "etc/apt/apt.conf.d", "state/lists/partial", "cache/archives/partial", "log", "root/var/lib/dpkg/info", "root/var/lib/dpkg/updates", "root/var/log"]) mkdirSync(join(dir, d), { recursive: true });
  writeFileSync(join(dir, "root/var/lib/dpkg/status"), "");
  writeFileSync(join(dir, "etc/apt/sources.list"), `deb [trusted=yes] file:${dir}/repo ./\n`);
  const admindir = `${dir}/root/var/lib/dpkg`;
  const dpkgOptions = [`--admindir=${admindir}`, `--log=${dir}/dpkg.log`];
  const aptOptions = [
    `Dir::Etc=${dir}/etc/apt`, `Dir::State=${dir}/state`, `Dir::Cache=${dir}/cache`, `Dir::State::status=${admindir}/status`, `Dir::Log=${dir}/log`,
    "Debug::NoLocking=1", "APT::Sandbox::User=root",
    `DPkg::Options::=--root=${dir}/root`, `DPkg::Options::=--admindir=${admindir}`, `DPkg::Options::=--log=${dir}/dpkg.log`,
    "DPkg::Options::=--force-script-chrootless", "DPkg::Options::=--force-not-root",
  ].flatMap((o) => ["-o", o]);
  return {
    dir, aptOptions, dpkgOptions,
    addDeb(name, version, depends) {
      const b = join(dir, "build", `${name}-${version}`);
      mkdirSync(join(b, "DEBIAN"), { recursive: true });
      mkdirSync(join(b, "usr/share", name), { recursive: true });
      writeFileSync(join(b, "DEBIAN/control"), `Package: ${name}\nVersion: ${version}\nArchitecture: all\nMaintainer: aiOS tests <t@example.org>\n${depends ? `Depends: ${depends}\n` : ""}Description: aiOS test package\n`);
      writeFileSync(join(b, "usr/share", name, "version"), version);
      execFileSync("dpkg-deb", ["--build", "--root-owner-group", b, join(dir, "repo", `${name}_${version}_all.deb`)], { stdio: "ignore" });
    },
    reindex() {
      writeFileSync(join(dir, "repo/Packages"), execFileSync("dpkg-scanpackages", [".", "/dev/null"], { cwd: join(dir, "repo"), stdio: ["ignore", "pipe", "ignore"] }));
      execFileSync("apt-get", [...aptOptions, "-q", "update"], { stdio: "ignore" });
    },
    installed() {
      const out = execFileSync("dpkg-query", [`--admindir=${admindir}`, "-W", "-f", "${Package} ${Version} ${db:Status-Abbrev}\n"], { encoding: "utf8" });
      return Object.fromEntries(out.split("\n").filter((l) => /^\S+ \S+ ii/.test(l)).map((l) => l.split(" ").slice(0, 2) as [string, string]));
    },
  };
}
