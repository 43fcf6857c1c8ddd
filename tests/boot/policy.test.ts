// Boot test for memory/audit/tools/policy on the appliance: one boot with a fresh state disk, then the
// audit recorder's entries from boot, a restart that adds entries, a risky tool call queued for
// approval, approved and rejected over ssh, lock-out refusals (also `aiosctl firewall close 22`), the
// firewall listed and aiosctl's bash completion, snapshots with restore, the same approvals and audit
// seen from the serial console and the web console, least privilege (the web console unprivileged —
// its own user, no capabilities, no_new_privs, no module loading — yet still controlling services
// through the executor as the person; the monitor unable to write /etc; every running service's uid,
// capabilities, no_new_privs and read-only paths against its file, and the bounded daemons still doing
// their work), and a full state disk.
import { afterAll, describe, expect, it } from "vitest";
import { Vm } from "./vm.ts";
import { freePort, newDisk, out, repo, scratch, ssh, webFetch } from "./helpers.ts";
import { compileServiceDir } from "../../init/spec/compile.ts";
import { capMask, capNames } from "../../init/spec/capabilities.ts";

const READY = /aios ready in ([\d.]+) s \((\d+) services[^)]*\)/;
type Entry = { seq: number; kind: string; subject: string; data: { to?: string } };

describe("policy, audit and approvals in the appliance", () => {
  const dir = scratch();
  const sshPort = freePort();
  const webPort = freePort();
  let vm: Vm;
  const ctl = (args: string) => ssh(sshPort, `aiosctl ${args}`);
  const stateEntries = async () => (JSON.parse((await ctl("audit tail -n 100000 --kind service.state --json")).stdout) as { entries: Entry[] }).entries;

  afterAll(() => vm?.kill());

  it("boots with the audit recorder running", async () => {
    vm = new Vm({ out, boot: "direct", stateDisk: await newDisk(`${dir}/state.qcow2`), socket: `${dir}/s.sock`, log: `${dir}/serial.log`, sshPort, webPort });
    await vm.start();
    await vm.expect(READY, 300_000);
    const st = JSON.parse((await ctl("status audit --json")).stdout) as { state: string };
    expect(st.state).toBe("ready");
  });

  it("has a verifying audit log with boot's service state changes", async () => {
    const v = await ctl("audit verify");
    expect(v.stderr).toBe("");
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^OK \(\d+ entries/);
    const entries = await stateEntries();
    for (const s of ["dropbear", "web", "audit"]) expect(entries.some((e) => e.subject === s && e.data.to === "ready")).toBe(true);
  });

  it("records a restart", async () => {
    const before = (await stateEntries()).filter((e) => e.subject === "monitor").length;
    expect((await ctl("restart monitor")).code).toBe(0);
    let after: Entry[] = [];
    while (!(after.length > before && after.at(-1)!.data.to === "ready")) {
      await Bun.sleep(500);
      after = (await stateEntries()).filter((e) => e.subject === "monitor");
    }
    expect(after.slice(before).map((e) => e.data.to)).toContain("stopping");
  });

  it("queues a risky tool call for approval, and approves and rejects", async () => {
    const call = await ctl(`tool call files.write --input '{"path":"/etc/aios/hello.toml","content":"hi = 1\\n"}' --why "boot test" --json`);
    expect(call.code).toBe(0);
    const queued = JSON.parse(call.stdout) as { status: string; approvalId: string };
    expect(queued.status).toBe("pending");
    const list = await ctl("approvals");
    expect(list.stdout).toContain(queued.approvalId);
    expect(list.stdout).toMatch(/effects:\s+create file \/etc\/aios\/hello\.toml/);
    expect(await vm.chat("/approvals")).toContain(queued.approvalId);
    const ok = await ctl(`approve ${queued.approvalId}`);
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("done");
    expect((await ssh(sshPort, "cat /etc/aios/hello.toml")).stdout).toBe("hi = 1\n");

    const second = JSON.parse((await ctl(`tool call files.delete --input '{"path":"/etc/aios/hello.toml"}' --json`)).stdout) as { approvalId: string };
    expect((await ctl(`reject ${second.approvalId} --note "keep it"`)).code).toBe(0);
    expect((await ssh(sshPort, "cat /etc/aios/hello.toml")).code).toBe(0);
    expect((await ctl("approvals")).stdout).toContain("no pending approvals");
  });

  it("refuses to stop ssh through a tool call", async () => {
    const r = await ctl(`tool call services.control --input '{"id":"dropbear","action":"stop"}'`);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("lock-out guard");
    expect(JSON.parse((await ctl("status dropbear --json")).stdout).state).toBe("ready");
  });

  it("lists the firewall and refuses closing ssh with aiosctl, which bash completes from the installed script", async () => {
    const fw = await ctl("firewall list --json");
    expect(fw.code).toBe(0);
    expect(JSON.parse(fw.stdout).chains).toContainEqual(expect.objectContaining({ table: "inet aios", chain: "input", policy: "drop" }));
    expect(await ctl("firewall close 22")).toMatchObject({ code: 1, stderr: expect.stringContaining("lock-out guard: would cut off ssh") });
    const file = "/usr/share/bash-completion/completions/aiosctl";
    const comp = await ssh(sshPort, `bash -c '[ "$(aiosctl completion bash)" = "$(cat ${file})" ] && echo same; . ${file}; COMP_WORDS=(aiosctl firewall c); COMP_CWORD=2; _aiosctl; echo "\${COMPREPLY[*]}"; test -s /usr/share/zsh/vendor-completions/_aiosctl && echo zsh'`);
    expect(comp.stdout).toBe("same\nclose\nzsh\n");
  });

  it("takes a snapshot of configuration, firewall and packages, and restores it", async () => {
    const snap = await ctl("snapshot 'boot test' --json");
    expect(snap.stderr).toBe("");
    const m = JSON.parse(snap.stdout) as { id: string; nft: boolean; dpkg: boolean; files: { path: string }[] };
    expect(m).toMatchObject({ nft: true, dpkg: true });
    expect(m.files.map((f) => f.path)).toContain("/etc/aios/hello.toml");
    expect((await ctl("snapshots")).stdout).toMatch(new RegExp(`${m.id}.*manual.*boot test`));
    await ssh(sshPort, "rm /etc/aios/hello.toml");
    const r = await ctl(`restore ${m.id}`);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect((await ssh(sshPort, "cat /etc/aios/hello.toml")).stdout).toBe("hi = 1\n");
  });

  it("shows the same log to the serial and web consoles, still verifying", async () => {
    expect(await vm.chat("/audit")).toMatch(/audit log OK \(\d+ entries/);
    const token = (await ctl("web-token")).stdout.trim();
    const v = await webFetch(`https://127.0.0.1:${webPort}/api/audit/verify`, { headers: { authorization: `Bearer ${token}` } });
    expect(await v.json()).toMatchObject({ ok: true });
    const kinds = (JSON.parse((await ctl("audit tail -n 200 --json")).stdout) as { entries: Entry[] }).entries.map((e) => e.kind);
    for (const k of ["approval.requested", "approval.approved", "tool.call", "approval.rejected", "tool.refused", "snapshot", "snapshot.restore"]) expect(kinds).toContain(k);
  });

  const pidOf = async (svc: string) => (JSON.parse((await ctl(`status ${svc} --json`)).stdout) as { pid: number }).pid;

  it("runs the web console as aios-web with no capabilities and no_new_privs, its secrets its own and 0600", async () => {
    const status = (await ssh(sshPort, `cat /proc/${await pidOf("web")}/status`)).stdout;
    expect(status).toMatch(/^Uid:\s+901\s+901\s+901\s+901$/m);
    expect(status).toMatch(/^Gid:\s+901\s+901\s+901\s+901$/m);
    expect(status).toMatch(/^CapEff:\s+0{16}$/m);
    expect(status).toMatch(/^CapPrm:\s+0{16}$/m);
    expect(status).toMatch(/^CapBnd:\s+0{16}$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect((await ssh(sshPort, "stat -c '%n %U %a' /var/lib/aios/web /var/lib/aios/web/token /var/lib/aios/web/key.pem")).stdout.trim().split("\n"))
      .toEqual(["/var/lib/aios/web aios-web 700", "/var/lib/aios/web/token aios-web 600", "/var/lib/aios/web/key.pem aios-web 600"]);
    expect((await ssh(sshPort, "stat -c '%U:%G %a' /run/aios/executor-web.sock /run/aios/init-read.sock")).stdout.trim().split("\n")).toEqual(["root:aios-web 660", "root:aios-ipc 660"]);
  });

  it("does not let the web console's user load a kernel module", async () => {
    // A module that is on the disk and not loaded, tried with exactly the web console's credentials.
    const script = String.raw`m=$(for f in $(find /lib/modules/$(uname -r) -name '*.ko*'); do n=$(basename $f | sed 's/\.ko.*//' | tr - _); grep -q "^$n " /proc/modules || { echo $n; break; }; done)
echo "module=$m"
setpriv --reuid=aios-web --regid=aios-web --init-groups --inh-caps=-all --bounding-set=-all --no-new-privs /sbin/modprobe $m; echo "rc=$?"
grep -q "^$m " /proc/modules && echo loaded || echo "not loaded"`;
    const r = await ssh(sshPort, script);
    expect(r.stdout).toMatch(/^module=\S+$/m);
    expect(r.stdout).toMatch(/^rc=[1-9]/m);
    expect(r.stderr).toMatch(/Operation not permitted/);
    expect(r.stdout).toContain("not loaded");
  });

  it("keeps /etc read-only for the monitor, which has no capabilities to change that", async () => {
    const pid = await pidOf("monitor");
    const status = (await ssh(sshPort, `cat /proc/${pid}/status`)).stdout;
    expect(status).toMatch(/^Uid:\s+0\s/m);
    expect(status).toMatch(/^CapEff:\s+0{16}$/m);
    expect(status).toMatch(/^CapBnd:\s+0{16}$/m);
    expect(status).toMatch(/^NoNewPrivs:\s+1$/m);
    expect((await ssh(sshPort, `grep ' /etc ' /proc/${pid}/mountinfo`)).stdout).toMatch(/ \/etc \/etc ro[, ]/);
    // In the monitor's mount namespace, with its credentials: no write, no remount.
    const as = `nsenter -t ${pid} -m setpriv --inh-caps=-all --bounding-set=-all --no-new-privs`;
    const w = await ssh(sshPort, `${as} sh -c 'echo x > /etc/aios-monitor-test'; echo "rc=$?"; ${as} /bin/mount -o remount,bind,rw /etc; echo "remount=$?"; ls /etc/aios-monitor-test`);
    expect(w.stdout).toMatch(/^rc=[1-9]/m);
    expect(w.stdout).toMatch(/^remount=[1-9]/m);
    expect(w.stderr).toMatch(/Read-only file system/);
    expect(w.stderr).toMatch(/No such file/);
  });

  it("runs every service as its file declares: user, capabilities, no_new_privs, read-only paths (none is root by omission)", async () => {
    const declared = new Map(compileServiceDir(`${repo}/image/services`).services.map((s) => [s.id, s]));
    const running = (JSON.parse((await ctl("status --json")).stdout) as { services: { name: string; pid: number | null }[] }).services.filter((s) => s.pid);
    // Every long-running service is up to be looked at (oneshots have finished; the build checked their files).
    expect(running.map((s) => s.name).sort()).toEqual([...declared.values()].filter((s) => s.kind === "longrun").map((s) => s.id).sort());
    const ro = (id: string) => (declared.get(id)!.readOnlyPaths ?? []).map((p) => `awk -v p=${p} '$5==p{o=$6} END{print "ro " p " " o}' /proc/$pid/mountinfo`).join("; ");
    const script = ["echo '== init'; grep CapEff /proc/1/status; echo '== passwd'; cat /etc/passwd",
      ...running.map((s) => `pid=${s.pid}; echo '== ${s.name}'; grep -E '^(Uid|CapEff|NoNewPrivs):' /proc/$pid/status; ${ro(s.name)}`)].join("\n");
    const r = await ssh(sshPort, script);
    expect(r.stderr).toBe("");
    const section = new Map(r.stdout.split(/^== /m).slice(1).map((b) => [b.slice(0, b.indexOf("\n")), b.slice(b.indexOf("\n") + 1)]));
    const full = section.get("init")!.match(/^CapEff:\s+(\w+)/m)![1]!;
    const uidOf = (user: string) => section.get("passwd")!.split("\n").map((l) => l.split(":")).find((f) => f[0] === user)?.[2];
    const row = (name: string, uid: string | undefined, capEff: string, nnp: string, ro: string[]) => ({ name, uid, caps: capEff === full ? "ALL" : capEff === "?" ? "?" : capNames(capEff).join(","), nnp, ro });
    const seen = running.map(({ name }) => {
      const b = section.get(name) ?? "";
      const uids = [...(b.match(/^Uid:\s+(\d+)\s+(\d+)\s+(\d+)\s+(\d+)$/m) ?? [])].slice(1);
      return row(name, new Set(uids).size === 1 ? uids[0] : uids.join("/"), b.match(/^CapEff:\s+(\w+)/m)?.[1] ?? "?", b.match(/^NoNewPrivs:\s+(\d)/m)?.[1] ?? "?",
        [...b.matchAll(/^ro (\S+) (\S*)$/gm)].map((m) => `${m[1]} ${m[2]!.split(",")[0]}`));
    });
    const wanted = running.map(({ name }) => {
      const s = declared.get(name)!;
      const fullRoot = !s.user && s.capabilities === undefined;
      return row(name, s.user ? uidOf(s.user) : "0", fullRoot ? full : capMask(s.capabilities ?? []), s.noNewPrivs ? "1" : "0", (s.readOnlyPaths ?? []).map((p) => `${p} ro`));
    });
    expect(seen).toEqual(wanted);
    // Full root is only where a file says why (people's root shells, the executor).
    expect(seen.filter((x) => x.caps === "ALL").map((x) => x.name).sort()).toEqual([...declared.values()].filter((s) => s.rootReason && s.kind === "longrun").map((s) => s.id).sort());
  });

  it("still works with less: chronyd (no clock power would stop it) answers root and the agents' user, a DHCP renewal binds, the bus as messagebus, state-check reaches the agents' database", async () => {
    // The network service's pid is udhcpc's (net.sh execs it; its name is busybox's, so no pidof).
    // chronyc as the agent host's user, as the network agent asks it (group _chrony, socket folder 0770).
    const script = String.raw`chronyc -c tracking >/dev/null && echo chrony=ok
setpriv --reuid=aios-agent --regid=aios-agent --init-groups chronyc -c tracking >/dev/null && echo agent-chrony=ok
b=$(grep bound_at /run/aios/net/lease); sleep 1; kill -USR1 ${await pidOf("network")}
for i in $(seq 100); do [ "$(grep bound_at /run/aios/net/lease)" != "$b" ] && { echo renewed; break; }; sleep 0.2; done
dbus-send --system --print-reply --dest=org.aios.Init1 /org/aios/Init1 org.freedesktop.DBus.Introspectable.Introspect | grep -c 'interface name="org.aios.Init1"'
stat -c '%U %a' /run/chrony /run/dbus`;
    const r = await ssh(sshPort, script);
    expect(r.stderr).toBe("");
    expect(r.stdout).toBe("chrony=ok\nagent-chrony=ok\nrenewed\n1\n_chrony 770\nmessagebus 755\n");
    for (const svc of ["ntp", "network", "dbus"]) {
      expect(JSON.parse((await ctl(`status ${svc} --json`)).stdout)).toMatchObject({ state: "ready", restarts: 0 });
      expect((await ctl(`logs ${svc} -n 200`)).stdout).not.toMatch(/not permitted|Permission denied|Fatal|cannot set/i);
    }
    // Once more now that every database exists: the bounded check opens the agents' one too.
    const before = JSON.parse((await ssh(sshPort, "cat /run/aios/state-check.json")).stdout) as { at: number };
    expect((await ctl("restart state-check")).code).toBe(0);
    let report = before as { at: number; findings?: unknown[]; errors?: string[] };
    while (report.at === before.at) { await Bun.sleep(500); report = JSON.parse((await ssh(sshPort, "cat /run/aios/state-check.json")).stdout); }
    expect(report).toMatchObject({ findings: [], errors: [] });
    expect((await ssh(sshPort, "test -s /var/lib/aios/agents/agents.db && echo there")).stdout).toBe("there\n");
  });

  it("still controls services from the web, through the executor, audited with the login; never stops ssh or the web", async () => {
    const added = JSON.parse((await ctl("web-user add olga --role operator --json")).stdout) as { password: string };
    const base = `https://127.0.0.1:${webPort}`;
    const login = await webFetch(`${base}/login`, { method: "POST", redirect: "manual", headers: { "content-type": "application/x-www-form-urlencoded" }, body: new URLSearchParams({ name: "olga", password: added.password }) });
    expect(login.status).toBe(303);
    const cookie = login.headers.get("set-cookie")!.split(";")[0]!;
    const { csrf } = (await (await webFetch(`${base}/api/session`, { headers: { cookie } })).json()) as { csrf: string };
    const post = (path: string) => webFetch(`${base}${path}`, { method: "POST", headers: { cookie, "x-csrf-token": csrf } });
    const before = await pidOf("ntp");
    const r = await post("/api/services/ntp/restart");
    expect(await r.json()).toMatchObject({ status: "done", effects: [{ kind: "service.restart", service: "ntp" }] });
    expect(r.status).toBe(200);
    expect(await pidOf("ntp")).not.toBe(before);
    const calls = (JSON.parse((await ctl("audit tail -n 50 --kind tool.call --json")).stdout) as { entries: { actor: string; subject: string }[] }).entries;
    expect(calls.filter((e) => e.subject === "services.control").at(-1)?.actor).toMatch(/^user:web\/olga@/);
    // An upload lands in the models folder through the aios-models group (admins only: the token).
    const token = (await ctl("web-token")).stdout.trim();
    const up = await webFetch(`${base}/api/models/upload?name=upload-test.gguf`, { method: "POST", headers: { authorization: `Bearer ${token}` }, body: "GGUF-not-really-a-model" });
    expect(up.status, await up.clone().text()).toBe(200);
    expect((await ssh(sshPort, "stat -c '%U:%G' /var/lib/aios/models/upload-test.gguf && rm /var/lib/aios/models/upload-test.gguf")).stdout.trim()).toBe("aios-web:aios-models");
    for (const svc of ["web", "dropbear"]) {
      const no = await post(`/api/services/${svc}/stop`);
      expect(no.status).toBe(403);
      expect(((await no.json()) as { error: string }).error).toContain(`lock-out guard: would cut off access: stopping service ${svc}`);
      expect(JSON.parse((await ctl(`status ${svc} --json`)).stdout).state).toBe("ready");
    }
  });

  it("with the state disk full: status says so, a snapshot and a tool call fail with one clear line, and all comes back once freed", async () => {
    const before = JSON.parse((await ctl("audit verify --json")).stdout) as { count: number };
    // root may use the reserved blocks too, so this fills the filesystem to the last block.
    await ssh(sshPort, "dd if=/dev/zero of=/var/lib/aios/fill bs=1M 2>/dev/null; sync; true");
    try {
      const st = JSON.parse((await ctl("status --json")).stdout) as { degraded: string[] };
      expect(st.degraded).toContain("state disk full");
      expect((await ctl("status")).stdout.split("\n")[0]).toMatch(/^DEGRADED: state disk full/);
      for (const r of [await ctl("snapshot --config-only full"), await ctl(`tool call files.write --input '{"path":"/etc/aios/full.toml","content":"x = 1\\n"}'`)]) {
        expect(r.code).toBe(1);
        expect(r.stderr).toMatch(/^aiosctl: state disk full: \/var\/lib\/aios\S*\nhint: free space on the state disk/);
        expect(r.stderr).not.toMatch(/^\s+at /m);
      }
    } finally {
      await ssh(sshPort, "rm -f /var/lib/aios/fill; sync");
    }
    expect((await ctl("snapshot --config-only freed")).code).toBe(0);
    const after = JSON.parse((await ctl("audit verify --json")).stdout) as { ok: boolean; count: number };
    expect(after.ok).toBe(true);
    expect(after.count).toBeGreaterThan(before.count); // nothing lost, and it records again
  });
});
