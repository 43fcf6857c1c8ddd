// aiosctl config against a temp /etc/aios, run as a person would (the real entry, a child process):
// show and get with provenance, set keeping comments and naming the restart, check listing every
// problem in config.toml, config.d, models.toml, secrets.toml and an agent override, with file:line:key.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { compileImageAgents } from "../../../agents/spec/image.ts";
import { withAuditReadonly } from "../../../runtime/audit/read.ts";
import { configTemplate } from "../../../runtime/config/template.ts";
import { bun, repo } from "../init/fixture.ts";

let etc: string;
const env = () => ({ PATH: process.env.PATH ?? "/usr/bin:/bin", HOME: tmpdir(), AIOS_CONFIG_DIR: etc, AIOS_STATE_DIR: join(etc, "..", "state") });

async function ctl(args: string[], extra: Record<string, string> = {}) {
  const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", "config", ...args], { env: { ...env(), ...extra }, stdio: ["ignore", "pipe", "pipe"] });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { stdout, stderr, code };
}

beforeAll(() => {
  etc = join(mkdtempSync(join(tmpdir(), "aios-ctl-config-")), "etc");
  mkdirSync(join(etc, "config.d"), { recursive: true });
  writeFileSync(join(etc, "config.toml"), configTemplate());
  writeFileSync(join(etc, "agents.json"), JSON.stringify(compileImageAgents(join(repo, "image/agents"))));
});
afterAll(() => rmSync(join(etc, ".."), { recursive: true, force: true }));

describe("aiosctl config", () => {
  it("sets a key in the shipped file, keeping its comments, and says what to restart", async () => {
    const r = await ctl(["set", "web.port", "8080"]);
    expect(r).toMatchObject({ code: 0, stderr: "" });
    expect(r.stdout).toMatch(/^web\.port = 8080 in .*config\.toml:\d+\nrestart to apply: aiosctl restart web\n$/);
    const file = readFileSync(join(etc, "config.toml"), "utf8");
    expect(file).toBe(configTemplate().replace("# port = 9090", "port = 8080"));
    expect(statSync(join(etc, "config.toml")).mode & 0o777).toBe(0o644);
    const json = JSON.parse((await ctl(["set", "policy.approval_ttl", "2h", "--json"])).stdout);
    expect(json).toMatchObject({ toml: "policy.approval_ttl", text: "2h", value: 7_200_000, previous: null, restart: ["executor", "web"] });
    // Each change is in the audit chain, as the person who made it, with the old and new text.
    const audit = withAuditReadonly((log) => log.tail(10), [], join(etc, "..", "state", "audit.db")).filter((e) => e.kind === "config.set");
    expect(audit.map((e) => [e.subject, e.data])).toEqual([["web.port", { from: null, to: "8080", file: join(etc, "config.toml") }], ["policy.approval_ttl", { from: null, to: "2h", file: join(etc, "config.toml") }]]);
  });

  it("refuses a bad value, an unknown key and the key that locates the file, with usage errors", async () => {
    expect(await ctl(["set", "web.port", "http"])).toMatchObject({ code: 2, stderr: expect.stringContaining("web.port: must be an integer from 1 to 65535") });
    expect(await ctl(["set", "web.prot", "1"])).toMatchObject({ code: 2, stderr: expect.stringContaining('did you mean "web.port"?') });
    expect((await ctl(["set", "paths.config_dir", "/x"])).code).toBe(2);
  });

  it("gets a value with where it came from, and shows only what is not a default", async () => {
    writeFileSync(join(etc, "config.d", "50-site.toml"), "[web]\nport = 8081\n");
    const got = await ctl(["get", "web.port"]);
    expect(got.stdout).toBe("8081\n");
    expect(got.stderr).toMatch(/^# from .*config\.d\/50-site\.toml:2, over .*config\.toml:\d+ \(8080\), over default \(9090\)\n$/);
    const flagged = JSON.parse((await ctl(["get", "web.port", "--json", "--set", "web.port=9000"], { AIOS_WEB_PORT: "8082" })).stdout);
    expect(flagged).toMatchObject({ value: 9000, source: { layer: "flag" }, shadowed: [{ source: { layer: "env", env: "AIOS_WEB_PORT" } }, {}, {}, {}] });
    const shown = (await ctl(["show"])).stdout;
    expect(shown).toMatch(/^web\.port\s+8081\s+.*50-site\.toml:2 \(over .*config\.toml:\d+\)$/m);
    expect(shown).not.toContain("sockets.control");
    const all = JSON.parse((await ctl(["show", "--all", "--json"])).stdout);
    expect(all.settings.find((s: { toml: string }) => s.toml === "sockets.control")).toMatchObject({ text: "/run/aios/init.sock", source: { layer: "default" } });
  });

  it("checks every configuration file, lists every problem with file:line: key, and exits 1", async () => {
    expect(await ctl(["check"])).toMatchObject({ code: 0, stdout: expect.stringMatching(/^ok: .*config\.toml, .*50-site\.toml\n$/) });
    writeFileSync(join(etc, "config.d", "60-bad.toml"), "[web]\nbnd = \"::1\"\n[system]\ntimezone = \"Mars/Olympus\"\n");
    writeFileSync(join(etc, "models.toml"), "[runtime]\nprofile = \"huge\"\n");
    writeFileSync(join(etc, "secrets.toml"), "[providers.x]\napi_key = \"k\"\n");
    chmodSync(join(etc, "secrets.toml"), 0o644);
    mkdirSync(join(etc, "agents"), { recursive: true });
    writeFileSync(join(etc, "agents", "network.toml"), "[settings]\nproxy = \"\"\n\n[escalation]\nverify_cycle = 3\n");
    const r = await ctl(["check"]);
    expect(r.code).toBe(1);
    const lines = r.stderr.split("\n").filter((l) => !l.startsWith("  hint:"));
    expect(lines).toEqual([
      `${etc}/config.d/60-bad.toml:2: web.bnd: unknown key`,
      `${etc}/config.d/60-bad.toml:4: system.timezone: must be an IANA time zone such as UTC or Europe/Berlin, got "Mars/Olympus"`,
      `${etc}/models.toml:2: runtime.profile: unknown profile huge`,
      `${etc}/secrets.toml: (permissions): mode is 0644; secrets must not be readable or writable by group or others`,
      `${etc}/agents/network.toml:5: escalation.verify_cycle: unknown key`,
      "5 problems in 4 file(s)", "",
    ]);
    expect(r.stderr).toContain('hint: did you mean "bind"?');
    expect(r.stderr).toContain(`hint: run: chmod 600 ${etc}/secrets.toml`);
    const one = JSON.parse((await ctl(["check", join(etc, "models.toml"), "--json"])).stdout);
    expect(one).toMatchObject({ ok: false, checked: [join(etc, "models.toml")], errors: [{ line: 2, key: "runtime.profile" }] });
  });

  it("leaves readers working on a broken file: other verbs warn and go on", async () => {
    writeFileSync(join(etc, "config.d", "60-bad.toml"), "[web\n");
    const got = await ctl(["get", "web.port"]);
    expect(got.stdout).toBe("8081\n");
    expect(got.stderr).toMatch(/warning: .*60-bad\.toml:1: \(syntax\)/);
  });
});
