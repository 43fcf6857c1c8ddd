import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { ConfigError } from "../../../runtime/errors.ts";
import { compileServiceDir, orderServices } from "../../../init/spec/compile.ts";
import { validateService } from "../../../init/spec/validate.ts";
import { loadServices } from "../../../init/load.ts";

const ok = (id: string, extra = "") => validateService(id, `command = ["/bin/true"]\n${extra}`, `${id}.toml`);
const err = (fn: () => unknown) => { try { fn(); } catch (e) { return e as ConfigError; } throw new Error("expected a ConfigError"); };

describe("service declarations", () => {
  it("fills defaults", () => {
    const s = ok("a");
    expect(s).toMatchObject({ kind: "longrun", restart: "always", ready: { kind: "started" }, dependsOn: [], deathTallyCount: 10 });
    expect(ok("b", 'kind = "oneshot"').restart).toBe("never");
  });

  it("names file, line and key of an unknown key", () => {
    const e = err(() => validateService("web", 'command = ["/bin/true"]\n\nrestrat = "always"\n', "/etc/aios/services/web.toml"));
    expect(e).toBeInstanceOf(ConfigError);
    expect(e.message).toBe("/etc/aios/services/web.toml:3: restrat: unknown key");
    expect(e.hint).toContain("restart");
  });

  it("rejects bad values with the key and line", () => {
    expect(err(() => validateService("x", 'command = ["/bin/true"]\nrestart = "sometimes"', "x.toml")).message).toBe("x.toml:2: restart: must be one of always, on-failure, never");
    expect(err(() => validateService("x", 'command = ["true"]', "x.toml")).message).toContain("command: the program must be an absolute path");
    expect(err(() => validateService("x", 'command = ["/bin/true"]\nready = { tcp = 22, file = "/x" }', "x.toml")).message).toContain("choose one readiness check");
    expect(err(() => validateService("x", 'command = ["/bin/true"]\nready = { tcp = -1 }', "x.toml")).message).toContain("ready.tcp: must be an integer");
    expect(err(() => validateService("x", 'command = ["/bin/true"]\nenv = { A = 1 }', "x.toml")).message).toContain("env.A: must be a string");
    expect(err(() => validateService("Bad_Name", 'command = ["/bin/true"]', "x.toml")).message).toContain("lowercase");
  });

  it("reports TOML syntax errors with their line", () => {
    const e = err(() => validateService("x", 'command = ["/bin/true"]\nready = {', "x.toml"));
    expect(e.line).toBe(2);
    expect(e.message).toMatch(/^x\.toml:2: \(syntax\)/);
  });

  it("orders dependencies first and rejects missing dependencies and cycles", () => {
    const order = orderServices([ok("c", 'depends_on = ["b"]'), ok("b", 'depends_on = ["a"]'), ok("a")]).map((s) => s.id);
    expect(order).toEqual(["a", "b", "c"]);
    expect(err(() => orderServices([ok("a", 'depends_on = ["nope"]')])).message).toContain('unknown service "nope"');
    expect(err(() => orderServices([ok("a", 'depends_on = ["b"]'), ok("b", 'depends_on = ["a"]')])).message).toContain("dependency cycle: a → b → a");
  });

  it("compiles the appliance's own declarations", () => {
    const db = compileServiceDir(`${fileURLToPath(new URL("../../..", import.meta.url))}/image/services`);
    const ids = db.services.map((s) => s.id);
    expect(ids).toEqual(expect.arrayContaining(["dbus", "dropbear", "web", "console", "monitor", "network"]));
    expect(ids.indexOf("ssh-hostkeys")).toBeLessThan(ids.indexOf("dropbear"));
  });

  it("skips a bad operator service with a clear error and keeps the rest", () => {
    const dir = mkdtempSync(`${tmpdir()}/aios-ops-`);
    writeFileSync(`${dir}/services.json`, JSON.stringify({ version: 1, services: [ok("base")] }));
    writeFileSync(`${dir}/good.toml`, 'command = ["/bin/sleep", "1"]\ndepends_on = ["base"]');
    writeFileSync(`${dir}/bad.toml`, 'command = ["/bin/sleep"]\ncolour = "blue"');
    writeFileSync(`${dir}/loop.toml`, 'command = ["/bin/true"]\ndepends_on = ["loop"]');
    const { specs, errors } = loadServices(`${dir}/services.json`, dir);
    expect(specs.map((s) => s.id)).toEqual(["base", "good"]);
    expect(errors).toHaveLength(2);
    expect(errors[0]).toBe(`${dir}/bad.toml:2: colour: unknown key`);
    expect(errors[1]).toContain("dependency cycle");
  });
});
