// npm run campaigns: every malformed-input campaign against one world, each printing its table, then
// the totals. `bun bench/campaigns/main.ts [kind...] [--runs N] [--seed S]` runs some, or more.
import { startWorld } from "./world.ts";
import type { CampaignOptions, Tally } from "./tally.ts";
import { runHttpRoutes } from "./http-routes/campaign.ts";
import { runControlSocket } from "./control-socket/campaign.ts";
import { runToml } from "./toml/campaign.ts";
import { runAiosctl } from "./aiosctl-args/campaign.ts";
import { runConsole } from "./console/campaign.ts";
import { checkRoutes, leakedInLogs } from "./http-routes/auth-check.ts";

type Campaign = (w: Awaited<ReturnType<typeof startWorld>>, o: CampaignOptions) => Promise<Tally>;
/** Inputs per kind in a full run: at least 1,000 each and 10,000 in all (issue 12, item 4). */
const CAMPAIGNS: Record<string, { run: Campaign; runs: number }> = {
  "http-routes": { run: runHttpRoutes, runs: 4000 },
  "control-socket": { run: runControlSocket, runs: 2000 },
  "aiosctl-args": { run: runAiosctl, runs: 1200 },
  toml: { run: runToml, runs: 4000 },
  console: { run: runConsole, runs: 1000 },
};

const argv = process.argv.slice(2);
const flag = (name: string) => { const i = argv.indexOf(name); if (i < 0) return undefined; const v = argv[i + 1]; argv.splice(i, 2); return v; };
const runs = flag("--runs"), seed = Number(flag("--seed") ?? 12);
const chosen = argv.length ? argv : Object.keys(CAMPAIGNS);
for (const k of chosen) if (!CAMPAIGNS[k]) { console.error(`no campaign "${k}"; known: ${Object.keys(CAMPAIGNS).join(", ")}`); process.exit(2); }

const out = (s: string) => process.stdout.write(`${s}\n`);
const crashes: string[] = [];
process.on("unhandledRejection", (e) => { crashes.push(`unhandled rejection: ${(e as Error)?.stack ?? e}`); });
process.on("uncaughtException", (e) => { crashes.push(`uncaught exception: ${e.stack ?? e}`); });

const world = await startWorld();
const totals: { kind: string; inputs: number; crash: number; s5: number; unclear: number; ms: number }[] = [];
try {
  // Issue 12, item 5 (routes) first: the campaigns' fuzzed logins trip the login rate limit for 127.0.0.1.
  const auth = await checkRoutes(world);
  out(`\n==> routes-auth\n${auth.routes} routes; ${auth.answered401} of ${auth.triedWithoutAuth} requests without a login answered 401; ${auth.csrfRefused} of ${auth.csrfTried} state changes without the right CSRF token refused; ${auth.urlsSeen} generated URLs checked`);
  for (const f of auth.failures) out(`  FAIL ${f.route}: ${f.why}`);
  crashes.push(...auth.failures.map((f) => `routes-auth ${f.route}: ${f.why}`));
  for (const kind of chosen) {
    const c = CAMPAIGNS[kind]!;
    const t0 = performance.now();
    // On stderr as it starts: a run that is stopped part-way shows which campaign it was in.
    process.stderr.write(`campaign ${kind}: ${runs ?? c.runs} inputs, started ${new Date().toISOString()}\n`);
    const tally = await c.run(world, { numRuns: runs ? Number(runs) : c.runs, seed });
    const ms = performance.now() - t0;
    out(`\n==> ${kind} (${(ms / 1000).toFixed(1)} s)\n${tally.table()}`);
    totals.push({ kind, inputs: tally.total(), crash: tally.total("crash"), s5: tally.total("5xx"), unclear: tally.total("unclear"), ms });
  }
  world.secrets.add(world.web.token()); // aiosctl web-token --rotate may have made a new one
} catch (err) {
  crashes.push(`the campaign run itself failed: ${(err as Error).stack ?? err}`);
} finally { await world.close(); }
const leaks = leakedInLogs(world.logs, [...world.secrets]);
const lines = world.logs.reduce((n, l) => n + l.split("\n").filter(Boolean).length, 0);
out(`\n${lines} log lines written meanwhile (in-process, init and its services); ${leaks.length} carry a token, session id, CSRF token or password`);
crashes.push(...leaks.map((l) => `secret in a log line: ${l}`));

out("\n==> totals");
for (const t of totals) out(`${t.kind.padEnd(16)} ${String(t.inputs).padStart(7)} inputs  ${t.crash} crashes  ${t.s5} 5xx  ${t.unclear} unclear  ${(t.ms / 1000).toFixed(1)} s`);
const all = totals.reduce((a, t) => ({ inputs: a.inputs + t.inputs, bad: a.bad + t.crash + t.s5 + t.unclear }), { inputs: 0, bad: 0 });
out(`${"ALL".padEnd(16)} ${String(all.inputs).padStart(7)} inputs  ${all.bad} crashes, 5xx or unclear rejections  ${crashes.length} other failures (route checks, secrets in logs, the process itself)`);
for (const c of crashes.slice(0, 10)) out(`  ${c}`);
process.exit(all.bad + crashes.length ? 1 : 0);
