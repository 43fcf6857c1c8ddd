// Command lines checked against the tree before anything runs: unknown verbs and flags are usage
// errors (exit 2) naming the nearest one, and with --json the error is JSON on stdout too.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { EXIT, errorJson } from "./fail.ts";
import { checkLine, usageLine } from "./run.ts";
import { describeCommand } from "./spec.ts";
import { aiosctl } from "./tree.ts";

const tree = describeCommand(aiosctl);
const check = (line: string) => checkLine(tree, line ? line.split(" ") : []);
const entry = join(import.meta.dirname, "aiosctl.ts");
const run = (...args: string[]) => {
  const r = spawnSync(process.execPath, [entry, ...args], { encoding: "utf8", env: { ...process.env, AIOS_CONTROL: "/nonexistent/init.sock" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
};

describe("checking a command line against the tree", () => {
  it("accepts verbs, subverbs, flags, aliases, values and negations", () => {
    for (const ok of ["status", "status web --json", "logs -n 5 web -f", "logs -n5 --since=300s", "audit tail --kind tool.call -n 3",
      "tool call services.list --input {} --json", "backup /tmp/x --no-secrets", "config set web.port 8080", "chat open port 8080 --yes",
      "config set some.key -1", "start -- -odd-name"]) {
      expect(check(ok), ok).toMatchObject({ ok: true, help: false });
    }
    expect(check("audit tail --kind verify").ok && check("audit tail --kind verify").spec.path).toEqual(["audit", "tail"]);
  });

  it("names the nearest verb for an unknown one, at any depth", () => {
    expect(check("stauts")).toMatchObject({ ok: false, message: 'unknown verb "stauts"', hint: expect.stringContaining('did you mean "status"?') });
    expect(check("audit tial")).toMatchObject({ ok: false, message: 'unknown verb "tial" for aiosctl audit', hint: expect.stringContaining('did you mean "tail"?') });
    expect(check("frobnicate")).toMatchObject({ ok: false, hint: "(aiosctl --help lists every verb)" });
  });

  it("names the nearest flag for an unknown one, and refuses flags before the verb", () => {
    expect(check("status --jsn")).toMatchObject({ ok: false, message: "unknown flag --jsn for aiosctl status", hint: expect.stringMatching(/^did you mean --json\? usage: aiosctl status \[service\] \[--json\]$/) });
    expect(check("logs --folow")).toMatchObject({ ok: false, hint: expect.stringContaining("did you mean --follow?") });
    expect(check("status -x")).toMatchObject({ ok: false, message: "unknown flag -x for aiosctl status" });
    expect(check("--json status")).toMatchObject({ ok: false, message: "--json is not a flag of aiosctl", hint: "flags go after the verb, e.g. aiosctl status --json" });
  });

  it("runs a group's default verb with its flags (incidents is incidents list)", () => {
    expect(check("incidents -n 200 --json")).toMatchObject({ ok: true, spec: { path: ["incidents", "list"] } });
    expect(check("incidents --search disk --open")).toMatchObject({ ok: true, spec: { path: ["incidents", "list"] } });
    expect(check("incidents show 3 --json")).toMatchObject({ ok: true, spec: { path: ["incidents", "show"] } });
    expect(check("incidents --jsn")).toMatchObject({ ok: false, message: "unknown flag --jsn for aiosctl incidents list", hint: expect.stringContaining("did you mean --json?") });
    expect(check("incidents --open show 3")).toMatchObject({ ok: false, message: "--open is not a flag of aiosctl incidents" });
    expect(check("incidents sohw 3")).toMatchObject({ ok: false, hint: expect.stringContaining('did you mean "show"?') });
    expect(check("incidents 3")).toMatchObject({ ok: false, hint: expect.stringContaining('did you mean "show 3"?') });
  });

  it("wants the required positionals and the verb of a group", () => {
    expect(check("start")).toMatchObject({ ok: false, message: "start: missing <service> (service name)", hint: "usage: aiosctl start <service> [--json]" });
    expect(check("config set web.port")).toMatchObject({ ok: false, message: "config set: missing <value> (e.g. 8080)" });
    expect(check("start --json")).toMatchObject({ ok: false });
    expect(check("audit")).toMatchObject({ ok: false, message: "audit: missing verb", hint: expect.stringContaining("aiosctl audit verify|tail|export") });
  });

  it("treats --help, -h and a bare aiosctl as a request for usage", () => {
    expect(check("")).toMatchObject({ ok: true, help: true });
    expect(check("start --help")).toMatchObject({ ok: true, help: true, spec: { path: ["start"] } });
    expect(check("audit -h")).toMatchObject({ ok: true, help: true, spec: { path: ["audit"] } });
    expect(usageLine(tree.subs.find((s) => s.name === "logs")!)).toBe("aiosctl logs [service] [--n N] [--follow] [--since SINCE] [--json]");
  });
});

describe("exit codes and JSON errors (the real program)", () => {
  it("has one table", () => {
    expect(EXIT).toEqual({ ok: 0, failure: 1, usage: 2, notRunning: 3, notFound: 4, notInstalled: 5 });
    expect(errorJson("no such service x", undefined, 4)).toEqual({ error: "no such service x", hint: null, code: 4 });
  });

  it("exits 2 for an unknown verb, with the suggestion on stderr, and as JSON on stdout under --json", () => {
    const human = run("stauts");
    expect(human).toMatchObject({ code: 2, stdout: "" });
    expect(human.stderr).toBe('aiosctl: unknown verb "stauts"\nhint: did you mean "status"? (aiosctl --help lists every verb)\n');
    const json = run("restart", "--jsno");
    expect(json.code).toBe(2);
    const js = run("stauts", "--json");
    expect(JSON.parse(js.stdout)).toEqual({ error: 'unknown verb "stauts"', hint: 'did you mean "status"? (aiosctl --help lists every verb)', code: 2 });
    expect(js.stderr).toContain("did you mean");
  });

  it("exits 2 with the usage for a missing positional, 0 with the usage for --help, and 1 without a stack when init is down", () => {
    expect(run("start")).toMatchObject({ code: 2, stderr: expect.stringContaining("usage: aiosctl start <service> [--json]") });
    const help = run("start", "--help");
    expect(help.code).toBe(0);
    expect(help.stdout).toContain("USAGE");
    const down = run("status", "--json");
    expect(down.code).toBe(1);
    expect(JSON.parse(down.stdout)).toMatchObject({ error: expect.stringContaining("cannot reach aios init"), code: 1 });
    expect(down.stderr).not.toMatch(/\n\s+at /);
  });
});
