// The command tree is the single source: every leaf verb takes --json, and both completion scripts
// offer every verb and flag at its path. bash's script is also run the way bash runs it on <Tab>.
import { describe, expect, it } from "vitest";
import { spawnSync } from "node:child_process";
import { completionScript, flagWords } from "./completion.ts";
import { describeCommand, walk } from "./spec.ts";
import { aiosctl } from "./tree.ts";

const tree = describeCommand(aiosctl);
const all = [...walk(tree)];
const bash = completionScript("bash", tree);
const zsh = completionScript("zsh", tree);
const has = (cmd: string) => spawnSync("sh", ["-c", `command -v ${cmd}`]).status === 0;

/** The words a script offers at one command path: its line in the generated case statement. */
function offered(script: string, path: string[], shell: "bash" | "zsh"): string[] {
  const key = `"${path.join(" ")}"`;
  const line = script.split("\n").find((l) => l.trim().startsWith(shell === "bash" ? `${key})` : `(${key})`));
  if (!line) throw new Error(`no ${shell} case for ${key}`);
  const m = shell === "bash" ? /words="([^"]*(?:"[^"]*"[^"]*)*)" ;;$/.exec(line) : /cands=\((.*)\) ;;$/.exec(line);
  return m![1]!.split(" ");
}

describe("the aiosctl command tree", () => {
  it("has the verbs the appliance's areas need", () => {
    const verbs = all.map((c) => c.path.join(" "));
    for (const v of ["status", "logs", "agents", "agent", "incidents", "incident", "jobs", "chat", "goals", "approvals", "audit verify", "tool call", "config set", "completion"]) expect(verbs).toContain(v);
  });

  it("gives every leaf verb a boolean --json", () => {
    const leaves = all.filter((c) => c.subs.length === 0);
    expect(leaves.length).toBeGreaterThan(40);
    const without = leaves.filter((c) => !c.flags.some((f) => f.name === "json" && !f.takesValue)).map((c) => c.path.join(" "));
    expect(without).toEqual([]);
  });

  it("puts every verb and flag in both completion scripts, at its path", () => {
    for (const c of all) {
      for (const shell of ["bash", "zsh"] as const) {
        const words = offered(shell === "bash" ? bash : zsh, c.path, shell);
        for (const s of c.subs) expect(words, `${shell}: aiosctl ${c.path.join(" ")}`).toContain(s.name);
        for (const f of flagWords(c)) expect(words, `${shell}: aiosctl ${c.path.join(" ")}`).toContain(f);
      }
    }
    expect(flagWords(all.find((c) => c.path.join(" ") === "backup")!)).toContain("--no-secrets");
    expect(flagWords(all.find((c) => c.path.join(" ") === "logs")!)).toEqual(expect.arrayContaining(["-n", "-f", "--follow", "--since"]));
  });

  it.skipIf(!has("bash"))("completes verbs, subverbs and flags when bash runs the script", () => {
    // aiosctl is not on the test's PATH, so service names complete to nothing, quietly.
    const complete = (line: string) => {
      const words = line.split(" ");
      const script = `${bash}\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(" ")}); COMP_CWORD=${words.length - 1}; _aiosctl; printf '%s\\n' "\${COMPREPLY[@]}"`;
      const r = spawnSync("bash", ["--norc", "-c", script], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
      expect(r.stderr).toBe("");
      return r.stdout.split("\n").filter(Boolean);
    };
    expect(complete("aiosctl sta")).toEqual(["status", "start"]);
    expect(complete("aiosctl audit t")).toEqual(["tail"]);
    expect(complete("aiosctl audit tail --kind x --")).toEqual(["--n", "--kind", "--json"]);
    expect(complete("aiosctl completion ")).toEqual(["--json", "bash", "zsh"]);
    expect(complete("aiosctl config s")).toEqual(["show", "set"]);
    expect(complete("aiosctl autonomy ")).toEqual(["--json", "off", "propose", "on"]);
    expect(complete("aiosctl agent monitor p")).toEqual(["pause"]);
  });

  it.skipIf(!has("zsh"))("completes verbs, subverbs and flags when zsh runs the script", () => {
    expect(spawnSync("zsh", ["-n"], { input: zsh, encoding: "utf8" })).toMatchObject({ status: 0, stderr: "" });
    // compdef and compadd stand in for compinit's: the script's own logic picks the candidates.
    const complete = (line: string) => {
      const words = line.split(" ");
      const script = `compdef() { :; }\ncompadd() { shift; print -l -- "$@"; }\n${zsh}\nwords=(${words.map((w) => `'${w}'`).join(" ")}); CURRENT=${words.length}; _aiosctl`;
      const r = spawnSync("zsh", ["-f", "-c", script], { encoding: "utf8", env: { PATH: "/usr/bin:/bin" } });
      expect(r.stderr).toBe("");
      return r.stdout.split("\n").filter(Boolean);
    };
    expect(complete("aiosctl audit tail ")).toEqual(["--n", "-n", "--kind", "--json"]);
    expect(complete("aiosctl ")).toEqual(tree.subs.map((s) => s.name));
    expect(complete("aiosctl completion ")).toEqual(["--json", "bash", "zsh"]);
  });
});
