// Campaign: init's control API, both framings — HTTP on the control socket and JSON lines on its .rpc
// twin — fed generated methods, paths (the real areas, ids and verbs, near-misses, garbage), query
// strings and bodies, plus raw garbage and oversized lines on the RPC socket. Init must answer every
// one with a 2xx or a 4xx that says what was wrong, and never die (it is PID 1 on the appliance).
import fc from "fast-check";
import type { World } from "../world.ts";
import { type CampaignOptions, clip, Tally } from "../tally.ts";
import { classify, send } from "../http-routes/campaign.ts";
import { RpcClient } from "./rpc-client.ts";

/** Left out: it ends the world's init (the boot tests power the appliance off and on). */
export const NOT_FUZZED = { "POST /v1/system/poweroff|reboot": "shuts init down" };
/** As init reads a path: its non-empty segments, so "/v1//system/poweroff/" counts too. */
const shutsDown = (path: string) => /^v1\/system\/(poweroff|reboot)(\/|$)/.test((path.split("?")[0] ?? "").split("/").filter(Boolean).join("/"));

const word = fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("", "..", "%2F", "%", "%zz", "\u0000", "a".repeat(3000)));
const area = fc.oneof({ weight: 4, arbitrary: fc.constantFrom("status", "services", "logs", "events", "notify", "reload", "system") }, { weight: 1, arbitrary: word });
const id = fc.oneof(fc.constantFrom("alpha", "beta", "nope", "web", "1", "poweroff", "reboot"), word);
const verb = fc.oneof(fc.constantFrom("start", "stop", "restart", "enable", "disable", "kill"), word);
const value = fc.oneof(fc.string({ maxLength: 12 }), fc.integer().map(String), fc.double().map(String), fc.constantFrom("1", "0", "-1", "1e400", "NaN", "alpha"));
const query = fc.dictionary(fc.constantFrom("service", "n", "since", "follow", "x"), value, { maxKeys: 3 }).map((d) => (Object.keys(d).length ? `?${new URLSearchParams(d)}` : ""));
const path = fc.tuple(fc.constantFrom("/v1", "/v1", "/v1", "/v2", "", "/v1/"), area, fc.option(id), fc.option(verb), query)
  .map(([v, a, i, vb, q]) => `${v}/${[a, i, vb].filter((x) => x !== null).map((x) => encodeURIComponent(x!)).join("/")}${q}`)
  .filter((p) => !shutsDown(p));
const body = fc.oneof(
  fc.constant(undefined),
  fc.jsonValue(),
  fc.record({ service: fc.oneof(fc.constantFrom("alpha", "beta", "nope"), fc.string()), status: fc.constantFrom("ready", "watchdog", "x", ""), pid: fc.oneof(fc.integer(), fc.string()) }, { requiredKeys: [] }),
);
const method = fc.oneof({ weight: 5, arbitrary: fc.constantFrom("GET", "POST") }, { weight: 1, arbitrary: fc.constantFrom("PUT", "DELETE", "PATCH", "HEAD", "OPTIONS") });

export async function runControlSocket(w: World, o: CampaignOptions): Promise<Tally> {
  const tally = new Tally("control-socket");
  const httpRuns = Math.ceil(o.numRuns / 2);
  const host = fc.oneof({ weight: 5, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.constantFrom("", " ", "a b", "x/y", "[::1", ":") });
  await fc.assert(fc.asyncProperty(method, path, body, fc.boolean(), host, async (m, p, b, garbage, h) => {
    const input = () => `${m} ${p}${h === undefined ? "" : ` [Host: ${JSON.stringify(h)}]`} ${b === undefined ? "" : JSON.stringify(b).slice(0, 200)}`;
    const sendBody = m === "GET" || m === "HEAD" ? undefined : garbage ? "{not json" : b === undefined ? undefined : JSON.stringify(b);
    try {
      const a = await send(`http://init${p}`, { method: m, headers: h === undefined ? {} : { host: h }, body: sendBody }, w.init.socket);
      tally.record(`http ${m === "GET" || m === "POST" ? m : "other"}`, classify(a, m), a.ms, input, `${a.status} ${a.text.slice(0, 300)}`);
    } catch (err) {
      tally.record(`http ${m === "GET" || m === "POST" ? m : "other"}`, "crash", 0, input, `no answer: ${(err as Error).message}`);
    }
  }), { numRuns: httpRuns, seed: o.seed, endOnFailure: true });

  const rpc = await RpcClient.connect(`${w.init.socket}.rpc`);
  const line = fc.oneof(
    { weight: 4, arbitrary: fc.record({ id: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.jsonValue()), method, path: fc.oneof(path, word), body }, { requiredKeys: [] }).filter((r) => typeof r.path !== "string" || !shutsDown(r.path)).map((r) => JSON.stringify(r)) },
    { weight: 1, arbitrary: fc.string({ maxLength: 200 }) },
    { weight: 1, arbitrary: fc.uint8Array({ maxLength: 300 }).map((b) => new TextDecoder().decode(b)) },
    { weight: 1, arbitrary: fc.constantFrom(`{"id":1,"method":"GET","path":"/v1/status","body":"${"x".repeat(1 << 20)}"}`, "{".repeat(50_000), "[]", "null", "1", '"x"', `{"id":2,"method":"GET","path":"/v1/logs?follow=1"}`) },
  ).map((l) => l.replace(/[\r\n]/g, " ")).filter((l) => l.trim() !== "");
  await fc.assert(fc.asyncProperty(line, async (l) => {
    const t0 = performance.now();
    try {
      const r = await rpc.ask(l);
      const status = typeof r.status === "number" ? r.status : 0;
      const e = (r.body as { error?: unknown } | null)?.error;
      const outcome = status >= 500 ? "5xx" : status >= 400 ? (typeof e === "string" && e.length > 3 ? "4xx" : "unclear") : status >= 200 ? "2xx" : "unclear";
      tally.record("rpc line", outcome, performance.now() - t0, () => l, clip(JSON.stringify(r), 300));
    } catch (err) {
      tally.record("rpc line", "crash", performance.now() - t0, () => l, (err as Error).message);
    }
  }), { numRuns: o.numRuns - httpRuns, seed: o.seed + 1, endOnFailure: true });
  rpc.close();
  await w.heal();
  return tally;
}
