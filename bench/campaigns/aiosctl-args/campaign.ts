// Campaign: aiosctl's arguments. Every verb path of the real command tree (tree.ts) gets generated
// argument lists — its own flags with garbage values, unknown flags, positionals of every shape, stray
// `--` and `-` — and the program runs as a process (its error boundary exits the process) against the
// world. It must end with 0, or a non-zero code and a message on stderr; never a stack trace, a
// signal, or a hang.
import fc from "fast-check";
import { cpSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { bun, repo } from "../../../tests/integration/init/fixture.ts";
import type { World } from "../world.ts";
import { type CampaignOptions, type Outcome, Tally } from "../tally.ts";
import { type Verb, verbs } from "./tree.ts";

/** Left out, with why: each would end the world, act on this build host, or wait for a person. */
export const NOT_FUZZED: Record<string, string> = {
  reboot: "ends the world's init", poweroff: "ends the world's init",
  "tool call": "runs the appliance's tools in-process, on this build host (nft, apt)",
  "agent * cycle": "runs a real agent cycle, which observes this build host",
  "logs -f": "follows forever, as it should", "chat --yes": "approves whatever the front agent plans, on this build host",
  shadow: "replays every recorded decision through a model: minutes, not an input check",
};

const word = fc.oneof(
  fc.string({ maxLength: 20 }), fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom("", "-", "--", "alpha", "beta", "models", "nope", "monitor", "apr-00000000", "snap-0", "#1", "0", "-1", "1e9", "300s", "bash", "zsh",
    "show", "get", "set", "check", "verify", "tail", "export", "add", "list", "remove", "passwd", "pause", "resume", "web.port", "9091", "{}", '{"a":1}', "x".repeat(5000), "\u001b[2J", "%s%n"),
).map((s) => (s.startsWith("/") ? `x${s}` : s).replace(/\u0000/g, "")); // argv cannot carry NUL; no absolute paths (backup writes where it is told)

function argvFor(v: Verb): fc.Arbitrary<string[]> {
  const flag = v.flags.length
    ? fc.constantFrom(...v.flags).chain((f) => (f.type === "boolean" ? fc.constantFrom([`--${f.name}`], [`--no-${f.name}`], ...(f.alias ? [[`-${f.alias}`]] : [])) : fc.tuple(fc.constantFrom(`--${f.name}`, ...(f.alias ? [`-${f.alias}`] : [])), word, fc.boolean()).map(([k, val, joined]) => (joined ? [`${k}=${val}`] : [k, val]))))
    : fc.constant<string[]>([]);
  const part = fc.oneof({ weight: 3, arbitrary: word.map((w) => [w]) }, { weight: 3, arbitrary: flag }, { weight: 1, arbitrary: fc.string({ minLength: 1, maxLength: 8 }).map((s) => [`--${s}`]) });
  return fc.array(part, { maxLength: Math.max(2, v.positionals + 2) }).map((parts) => [...v.path, ...parts.flat()]);
}

const excluded = (argv: string[]) => ["reboot", "poweroff", "shadow"].includes(argv[0]!) || (argv[0] === "tool" && argv[1] === "call") || (argv[0] === "agent" && argv.includes("cycle"))
  || (argv[0] === "logs" && argv.some((a) => /^-(f|-follow)/.test(a))) || (argv[0] === "chat" && argv.some((a) => /^(-y|--yes)/.test(a)));

function judge(code: number | null, signal: string | null, stdout: string, stderr: string, timedOut: boolean): { outcome: Outcome; detail: string } {
  if (timedOut) return { outcome: "crash", detail: "no exit in 30 s" };
  if (signal || code === null || code > 125) return { outcome: "crash", detail: `ended by ${signal ?? code}: ${stderr.slice(0, 300)}` };
  if (/unexpected error|^\s+at .+:\d+:\d+\)?$/m.test(stderr)) return { outcome: "5xx", detail: stderr.slice(0, 400) };
  if (code === 0) return { outcome: "2xx", detail: "" };
  // --json answers go to stdout, problems included (config check --json lists them and exits 1).
  return stderr.trim() || stdout.trim() ? { outcome: "4xx", detail: (stderr || stdout).slice(0, 200) } : { outcome: "unclear", detail: `exit ${code} and nothing said` };
}

export async function runAiosctl(w: World, o: CampaignOptions): Promise<Tally> {
  const tally = new Tally("aiosctl-args");
  // Its own config dir and cwd: `config set` and `backup <file>` write where they are told.
  const scratch = join(w.dir, "aiosctl");
  mkdirSync(scratch, { recursive: true });
  cpSync(w.env.AIOS_CONFIG_DIR!, join(scratch, "etc"), { recursive: true });
  const env = { ...process.env, ...w.env, AIOS_CONFIG_DIR: join(scratch, "etc"), NO_COLOR: "1" };
  const tree = (await verbs()).filter((v) => !excluded(v.path));
  const per = Math.max(1, Math.ceil(o.numRuns / tree.length));
  let i = 0;
  for (const v of tree) {
    const samples = fc.sample(argvFor(v).filter((a) => !excluded(a)), { numRuns: per, seed: o.seed + i++ });
    // Three at a time: each is a process start (~0.2 s), mostly waiting.
    for (let k = 0; k < samples.length; k += 3) {
      await Promise.all(samples.slice(k, k + 3).map(async (argv) => {
        const t0 = performance.now();
        const p = Bun.spawn([bun, `${repo}/main.ts`, "ctl", ...argv], { cwd: scratch, env, stdio: ["ignore", "pipe", "pipe"] });
        let timedOut = false;
        const timer = setTimeout(() => { timedOut = true; p.kill("SIGKILL"); }, 30_000);
        const [stdout, stderr] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
        clearTimeout(timer);
        const j = judge(p.exitCode, p.signalCode === null ? null : String(p.signalCode), stdout, stderr, timedOut);
        tally.record(`aiosctl ${v.path.join(" ")}`, j.outcome, performance.now() - t0, () => JSON.stringify(argv), j.detail);
      }));
    }
  }
  await w.heal();
  return tally;
}
