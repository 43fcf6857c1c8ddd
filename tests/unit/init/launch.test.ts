import { describe, expect, it } from "vitest";
import { mkdtempSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { launchArgv, prepareRuntimeDir, primaryGid, READ_ONLY_SCRIPT } from "../../../init/launch.ts";
import { checkLeastPrivilege, compileServiceDir } from "../../../init/spec/compile.ts";
import { image } from "../../../image/image.ts";
import { validateService } from "../../../init/spec/validate.ts";
import { CAPABILITIES, capMask, capNames } from "../../../init/spec/capabilities.ts";

const spec = (toml: string) => validateService("s", `command = ["/bin/x", "a"]\n${toml}`, "s.toml");

describe("launching services", () => {
  it("runs the command as is when no privilege change is declared", () => {
    expect(launchArgv(spec(""))).toEqual(["/bin/x", "a"]);
  });

  it("wraps in setpriv for a user (with its primary group) and no_new_privs", () => {
    expect(launchArgv(spec('user = "web"\nno_new_privs = true'), () => "33")).toEqual(
      ["/usr/bin/setpriv", "--reuid=web", "--regid=33", "--init-groups", "--no-new-privs", "--", "/bin/x", "a"]);
    expect(launchArgv(spec('user = "web"\ngroup = "adm"'), () => "33")).toContain("--regid=adm");
    expect(() => launchArgv(spec('user = "ghost"'), () => undefined)).toThrow('no such user "ghost"');
  });

  it("keeps only the declared capabilities, as ambient ones, across the uid change", () => {
    const argv = launchArgv(spec('user = "aios-agent"\ncapabilities = ["dac_read_search"]\nno_new_privs = true'), () => "900");
    expect(argv).toEqual(["/usr/bin/setpriv", "--reuid=aios-agent", "--regid=900", "--init-groups",
      "--inh-caps=-all,+dac_read_search", "--ambient-caps=+dac_read_search", "--bounding-set=-all,+dac_read_search", "--no-new-privs", "--", "/bin/x", "a"]);
    expect(() => spec('capabilities = ["CAP_SYS_ADMIN"]')).toThrow("capabilities: must be a list of capability names");
    expect(() => spec('capabilities = ["net_admn"]')).toThrow('capabilities: "net_admn" is not a Linux capability');
    expect(capMask(["net_admin", "net_raw", "net_bind_service"])).toBe("0000000000003400");
    expect(capNames("0000000002000000")).toEqual(["sys_time"]);
    expect(capMask(CAPABILITIES)).toBe("000001ffffffffff"); // every one: what a full-root service shows
  });

  it("drops every capability, root's included, for capabilities = []", () => {
    expect(launchArgv(spec("capabilities = []\nno_new_privs = true"))).toEqual(
      ["/usr/bin/setpriv", "--inh-caps=-all", "--bounding-set=-all", "--no-new-privs", "--", "/bin/x", "a"]);
    expect(launchArgv(spec('user = "aios-web"\ncapabilities = []'), () => "901")).toEqual(
      ["/usr/bin/setpriv", "--reuid=aios-web", "--regid=901", "--init-groups", "--inh-caps=-all", "--bounding-set=-all", "--", "/bin/x", "a"]);
  });

  it("mounts read_only_paths read-only in the service's own namespace before dropping privileges", () => {
    const argv = launchArgv(spec('read_only_paths = ["/etc", "/usr"]\ncapabilities = []'));
    expect(argv).toEqual(["/usr/bin/unshare", "--mount", "--propagation", "private", "--", "/bin/sh", "-c", READ_ONLY_SCRIPT, "aios-ro", "/etc", "/usr", "--",
      "/usr/bin/setpriv", "--inh-caps=-all", "--bounding-set=-all", "--", "/bin/x", "a"]);
    expect(() => spec('read_only_paths = ["etc"]')).toThrow("read_only_paths: must be a list of absolute paths");
    expect(() => spec('read_only_paths = ["/etc/../root"]')).toThrow("read_only_paths");
  });

  it("gives the image's services least privilege: only the executor keeps full root", () => {
    const db = compileServiceDir(new URL("../../../image/services", import.meta.url).pathname);
    const svc = (id: string) => db.services.find((s) => s.id === id)!;
    expect(svc("web")).toMatchObject({ user: "aios-web", capabilities: [], noNewPrivs: true });
    expect(svc("monitor")).toMatchObject({ capabilities: [], readOnlyPaths: ["/etc", "/usr"], noNewPrivs: true });
    expect(svc("agents")).toMatchObject({ user: "aios-agent", capabilities: ["dac_read_search"], noNewPrivs: true });
    // People's shells (ssh, the consoles) may need setuid programs; the executor is the one root service.
    const withoutNnp = db.services.filter((s) => !s.noNewPrivs).map((s) => s.id).sort();
    expect(withoutNnp).toEqual(["console", "console-vga", "dropbear", "executor"]);
    expect(svc("firewall").capabilities).toEqual(["net_admin"]);
    expect(svc("models").capabilities).toEqual(["chown"]);
    expect(svc("network")).toMatchObject({ capabilities: ["net_admin", "net_raw", "net_bind_service"], readOnlyPaths: ["/usr", "/etc/aios", "/var/lib/aios"] });
    expect(svc("ntp")).toMatchObject({ user: "_chrony", capabilities: ["sys_time"], runtimeDir: { path: "/run/chrony", mode: 0o770 } });
    expect(svc("dbus")).toMatchObject({ user: "messagebus", capabilities: [], runtimeDir: { path: "/run/dbus", mode: 0o755 } });
    // Root with every capability, each saying why: the executor and people's root shells (ssh, consoles).
    const fullRoot = db.services.filter((s) => !s.user && s.capabilities === undefined);
    expect(fullRoot.map((s) => s.id).sort()).toEqual(["console", "console-vga", "dropbear", "executor"]);
    for (const s of fullRoot) expect(s.rootReason).toBeTruthy();
    // Every other service is bounded by cgroup limits too (people's shells share the root ones' cgroups).
    expect(db.services.filter((s) => !s.rootReason && s.limits.pidsMax === undefined).map((s) => s.id)).toEqual([]);
    const web = image.users.find((u) => u.name === "aios-web")!;
    expect(web).toMatchObject({ uid: 901, groups: ["aios-ipc", "aios-models"] });
  });

  it("reads primary groups from a passwd file", () => {
    const f = `${mkdtempSync(`${tmpdir()}/aios-pw-`)}/passwd`;
    writeFileSync(f, "root:x:0:0::/root:/bin/sh\nmessagebus:x:100:102::/x:/usr/sbin/nologin\n");
    expect(primaryGid("messagebus", f)).toBe("102");
    expect(primaryGid("100", f)).toBe("102");
    expect(primaryGid("nobody", f)).toBeUndefined();
  });

  it("validates limits, watchdog and propagation keys", () => {
    expect(spec('limits = { memory_max = "256M", cpu_weight = 50, pids_max = 10 }\nwatchdog_ms = 500\non_dependency_restart = "restart"')).toMatchObject({
      limits: { memoryMax: "256M", cpuWeight: 50, pidsMax: 10 }, watchdogMs: 500, onDependencyRestart: "restart" });
    expect(() => spec('limits = { memory_max = "lots" }')).toThrow("limits.memory_max: must be bytes");
    expect(() => spec('limits = { swap = 1 }')).toThrow("limits.swap: unknown key");
    expect(() => spec("watchdog_ms = 5")).toThrow("watchdog_ms: must be an integer ≥ 100");
  });

  it("takes a umask as an octal string", () => {
    expect(spec('umask = "0007"').umask).toBe(0o007);
    expect(spec('umask = "027"').umask).toBe(0o027);
    expect(spec("").umask).toBeUndefined();
    expect(() => spec("umask = 7")).toThrow("umask: must be an octal mask as a string");
    expect(() => spec('umask = "0089"')).toThrow("umask: must be an octal mask");
  });

  it("makes a runtime_dir under /run the service's own, with its mode, at every start", () => {
    expect(spec('user = "_chrony"\nruntime_dir = { path = "/run/chrony", mode = "0750" }').runtimeDir).toEqual({ path: "/run/chrony", mode: 0o750 });
    expect(spec('runtime_dir = { path = "/run/dbus" }').runtimeDir).toEqual({ path: "/run/dbus", mode: 0o755 });
    expect(() => spec('runtime_dir = { path = "/var/lib/x" }')).toThrow("runtime_dir.path: must be a folder right under /run");
    expect(() => spec('runtime_dir = { path = "/run/.." }')).toThrow("runtime_dir.path");
    expect(() => spec('runtime_dir = { path = "/run/x", mode = "rwx" }')).toThrow("runtime_dir.mode: must be an octal mode");
    // Made for real in a scratch folder (the path check is the validator's; this is the effect).
    const dir = `${mkdtempSync(`${tmpdir()}/aios-rd-`)}/chrony`;
    const s = { ...spec('user = "_chrony"'), runtimeDir: { path: dir, mode: 0o750 } };
    prepareRuntimeDir(s, () => ({ uid: 4242, gid: 4343 }));
    prepareRuntimeDir(s, () => ({ uid: 4242, gid: 4343 })); // again: a restart finds it there
    expect(statSync(dir)).toMatchObject({ uid: 4242, gid: 4343, mode: 0o40750 });
    expect(() => prepareRuntimeDir(s, () => undefined)).toThrow('no such user "_chrony"');
  });

  it("refuses a built-in service that keeps every root capability without saying why", () => {
    const root = validateService("svc", 'command = ["/bin/x"]', "image/services/svc.toml");
    expect(() => checkLeastPrivilege([root])).toThrow("image/services/svc.toml: capabilities: runs as root with every capability");
    expect(() => checkLeastPrivilege([validateService("svc", 'command = ["/bin/x"]\nroot_reason = "a root shell"', "svc.toml")])).not.toThrow();
    for (const ok of ['user = "nobody"', "capabilities = []", 'capabilities = ["net_admin"]']) {
      expect(() => checkLeastPrivilege([validateService("svc", `command = ["/bin/x"]\n${ok}`, "svc.toml")])).not.toThrow();
    }
    // A reason is only for full root: beside a user or a capability list it would be a stale excuse.
    expect(() => spec('capabilities = []\nroot_reason = "x"')).toThrow("root_reason: only a service that keeps every capability");
  });
});
