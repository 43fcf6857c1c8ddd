// aiosctl backup and restore as a person runs them (the real entry, a child process) on temp
// /etc/aios and state folders: a round trip onto a fresh appliance, a wrong passphrase, a tampered
// part, secrets refused without a passphrase, and no restore without confirmation.
import { afterAll, describe, expect, it } from "vitest";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync, gzipSync } from "node:zlib";
import { AuditLog } from "../../../runtime/audit/log.ts";
import { verifyExport } from "../../../runtime/audit/verify.ts";
import { openDatabase } from "../../../runtime/db/open.ts";
import { Memory } from "../../../runtime/memory/index.ts";
import { bun, repo } from "../init/fixture.ts";

const root = mkdtempSync(join(tmpdir(), "aios-backup-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

/** A fresh appliance: /etc/aios, a state folder and a run folder of its own. */
function appliance(name: string) {
  const etc = join(root, name, "etc"), state = join(root, name, "state");
  mkdirSync(join(etc, "agents"), { recursive: true });
  mkdirSync(state, { recursive: true });
  writeFileSync(join(etc, "config.toml"), `# ${name}\n`);
  writeFileSync(join(etc, "services.json"), `{"image":"${name}"}`);
  const env = { PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), AIOS_CONFIG_DIR: etc, AIOS_STATE_DIR: state, AIOS_RUN_DIR: join(root, name, "run") };
  const ctl = async (args: string[]) => {
    const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", ...args], { env, stdio: ["ignore", "pipe", "pipe"] });
    const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
    return { stdout, stderr, code };
  };
  return { etc, state, db: join(state, "aios.db"), audit: join(state, "audit.db"), ctl };
}

const pass = join(root, "pass"), wrong = join(root, "wrong");
writeFileSync(pass, "correct horse battery staple\n");
writeFileSync(wrong, "not it\n");

const a = appliance("a");
writeFileSync(join(a.etc, "config.toml"), "[web]\nport = 8080\n");
writeFileSync(join(a.etc, "models.toml"), "[tiers]\n");
writeFileSync(join(a.etc, "agents", "monitor.toml"), "[settings]\ncpu = 90\n");
writeFileSync(join(a.etc, "secrets.toml"), '[openai]\napi_key = "sk-test"\n', { mode: 0o600 });
chmodSync(join(a.etc, "secrets.toml"), 0o600);
{
  const mem = new Memory(openDatabase(a.db));
  const audit = AuditLog.open(a.audit);
  mem.db.transaction(() => {
    for (let i = 0; i < 2000; i++) mem.operational.record("service.state", "monitor", `service monitor event ${i} ready`, { i });
  })();
  audit.appendMany(Array.from({ length: 2000 }, (_, i) => ({ kind: "service.state", actor: "init", subject: "monitor", data: { i } })));
  audit.db.close();
  const goal = mem.working.addGoal("front", "keep the disk below 80%");
  mem.working.addTask(goal.id, "rotate logs");
  await mem.longterm.remember({ kind: "fact", title: "disk", body: "the state disk fills with logs on Mondays", tags: ["disk"] });
  mem.db.query("UPDATE mem_facts SET embedding = ? WHERE id = 1").run(new Uint8Array([1, 2, 3, 250]));
  mem.db.close();
}

describe("aiosctl backup and restore", () => {
  const file = join(root, "a.aiosbak");

  it("refuses to include secrets without a passphrase, and leaves them out with --no-secrets", async () => {
    const r = await a.ctl(["backup", join(root, "x.aiosbak")]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("holds secrets");
    expect(r.stderr).toContain("--passphrase-file");
    const ok = await a.ctl(["backup", join(root, "nosecrets.aiosbak"), "--no-secrets", "--json"]);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).manifest.parts.map((p: { name: string }) => p.name)).toEqual(["config.json", "memory.ndjson", "audit.ndjson"]);
  });

  it("writes one file with a manifest: configuration, sealed secrets, memory and the audit export", async () => {
    const r = await a.ctl(["backup", file, "--passphrase-file", pass, "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    console.log(`backup of 2000 memory events + 2000 audit entries: ${out.bytes} bytes in ${out.ms} ms`);
    expect(out.manifest.parts.map((p: { name: string }) => p.name)).toEqual(["config.json", "secrets.toml.sealed", "memory.ndjson", "audit.ndjson"]);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file).includes(Buffer.from("sk-test"))).toBe(false);
  });

  const b = appliance("b");

  it("will not restore without confirmation, nor with a wrong passphrase, and changes nothing", async () => {
    const ask = await b.ctl(["restore", file, "--passphrase-file", pass]);
    expect(ask.code).toBe(2);
    expect(ask.stderr).toContain("pass --yes");
    const bad = await b.ctl(["restore", file, "--passphrase-file", wrong, "--yes"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain("wrong passphrase");
    const none = await b.ctl(["restore", file, "--yes"]);
    expect(none.stderr).toContain("holds sealed secrets");
    expect(readFileSync(join(b.etc, "config.toml"), "utf8")).toBe("# b\n");
    expect(existsSync(join(b.etc, "secrets.toml"))).toBe(false);
  });

  it("names the part that fails its sha256 when the file was altered", async () => {
    const bytes = readFileSync(file);
    const body = gunzipSync(bytes.subarray(9));
    const at = body.indexOf("event 1999");
    body[at + 6] = "7".charCodeAt(0);
    const tampered = join(root, "tampered.aiosbak");
    writeFileSync(tampered, Buffer.concat([bytes.subarray(0, 9), gzipSync(body)]));
    const r = await b.ctl(["restore", tampered, "--passphrase-file", pass, "--yes"]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("part memory.ndjson failed its sha256 check");
    writeFileSync(tampered, bytes.subarray(0, bytes.length - 100));
    expect((await b.ctl(["restore", tampered, "--yes", "--no-secrets"])).stderr).toContain("is damaged");
  });

  it("restores onto a fresh appliance: config, secrets 0600, memory; the audit log is archived, not replayed", async () => {
    { const log = AuditLog.open(b.audit); log.append({ kind: "boot", actor: "init", subject: "b" }); log.db.close(); }
    const r = await b.ctl(["restore", file, "--passphrase-file", pass, "--yes", "--json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(readFileSync(join(b.etc, "config.toml"), "utf8")).toBe("[web]\nport = 8080\n");
    expect(readFileSync(join(b.etc, "agents", "monitor.toml"), "utf8")).toContain("cpu = 90");
    expect(readFileSync(join(b.etc, "services.json"), "utf8")).toBe('{"image":"b"}'); // the image's own
    expect(readFileSync(join(b.etc, "secrets.toml"), "utf8")).toContain("sk-test");
    expect(statSync(join(b.etc, "secrets.toml")).mode & 0o777).toBe(0o600);

    const mem = new Memory(openDatabase(b.db));
    expect(mem.db.query("SELECT count(*) AS n FROM mem_events").get()).toEqual({ n: 2000 });
    expect((await mem.search("Mondays")).hits.length).toBeGreaterThan(0);
    expect(mem.db.query<{ embedding: Uint8Array }, []>("SELECT embedding FROM mem_facts WHERE id = 1").get()!.embedding).toEqual(new Uint8Array([1, 2, 3, 250]));
    expect(mem.db.query("SELECT title, parent_id FROM mem_work ORDER BY id").all()).toEqual([{ title: "keep the disk below 80%", parent_id: null }, { title: "rotate logs", parent_id: 1 }]);

    const log = AuditLog.open(b.audit);
    expect(log.verify().ok).toBe(true);
    const last = log.tail(1)[0]!;
    expect(last.kind).toBe("backup.restore");
    expect(log.tail(10).map((e) => e.kind)).toEqual(["boot", "snapshot", "backup.restore"]);
    const archive = readFileSync(out.archive, "utf8");
    const v = verifyExport(archive.split("\n"));
    expect(v).toMatchObject({ ok: true, count: 2001 }); // + the entry of the --no-secrets backup before
    expect((last.data as { archiveHead: unknown }).archiveHead).toEqual((v as { head: unknown }).head);
    mem.db.close();
    log.db.close();
    expect(readdirSync(join(b.state, "snapshots"))).toContain(out.snapshot);
  });
});
