// Web console routes for the read-mostly areas: firewall (the ruleset through the firewall.list tool
// and the listening sockets with their processes, both from the executor: the console cannot see
// other processes' sockets), packages (dpkg-query and a simulated apt-get upgrade, unprivileged),
// models (the hierarchy's listing; an admin uploads a GGUF into the models folder, group aios-models),
// snapshots and jobs (list; create and restore through the executor's registry as the operator, so
// policy, approvals and audit apply), and settings (the effective configuration as `aiosctl config
// show` gives it; the autonomy switch, admin only, through the executor).
import { createWriteStream, existsSync, mkdirSync, renameSync, rmSync } from "node:fs";
import { join } from "node:path";
import type { Hono } from "hono";
import { AUTONOMY } from "../../../agents/host/executor/api.ts";
import { listJobsReadonly } from "../../../agents/scheduler/read.ts";
import { explain, SETTINGS } from "../../../runtime/config/settings.ts";
import { errorMessage, UserError } from "../../../runtime/errors.ts";
import { listModels, modelsDir } from "../../../runtime/models/operator.ts";
import { realRunner } from "../../../runtime/proc/exec.ts";
import { parseSimulation } from "../../../tools/packages/apt.ts";
import { sourceText } from "../../aiosctl/commands/config.ts";
import { webActor } from "../session.ts";
import { ask, relay } from "../executor.ts";
import { webIntelligence } from "./models.ts";

async function run(argv: string[]): Promise<string> {
  const r = await realRunner.run(argv, { timeoutMs: 60_000 });
  return r.stdout;
}

export function mountSystem(app: Hono): void {
  app.get("/api/firewall", (c) => relay(c, "GET", "/v1/firewall"));
  app.get("/api/update", (c) => relay(c, "GET", "/v1/update"));

  app.get("/api/packages", async (c) => {
    const installed = (await run(["dpkg-query", "-W", "-f=${db:Status-Abbrev}\n"]).catch(() => "")).split("\n").filter((l) => l.startsWith("ii")).length;
    const sim = await run(["apt-get", "-s", "-o", "Debug::NoLocking=1", "upgrade"]).catch(() => "");
    const security = new Set(sim.split("\n").filter((l) => l.startsWith("Inst ") && /security/i.test(l)).map((l) => l.split(" ")[1]));
    const upgradable = parseSimulation(sim).filter((e) => e.kind === "package.upgrade").map((e) => ({ ...(e as object), security: security.has((e as { name: string }).name) }));
    return c.json({ installed, upgradable, security: upgradable.filter((u) => u.security).length });
  });

  app.get("/api/models", async (c) => {
    const stack = webIntelligence();
    try { return c.json(await listModels(stack)); } finally { await stack.close(); }
  });
  // The body is the file itself, streamed to a temporary name in the models folder, then renamed, so
  // the registry never sees half a model. Admins only (../auth/roles.ts).
  app.post("/api/models/upload", async (c) => {
    const name = c.req.query("name") ?? "";
    if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,120}\.gguf$/.test(name)) throw new UserError(`"${name}" is not a model file name`, "send ?name=<name>.gguf (letters, digits, . _ -)");
    const body = c.req.raw.body;
    if (!body) throw new UserError("the body is empty", "send the GGUF file as the request body");
    const dir = modelsDir(); // root:aios-models 2775 (the web-state service), so the console may add files
    mkdirSync(dir, { recursive: true });
    const tmp = join(dir, `.${name}.${process.pid}.upload`);
    const out = createWriteStream(tmp);
    let bytes = 0, head: Uint8Array | undefined;
    try {
      for await (const chunk of body as unknown as AsyncIterable<Uint8Array>) {
        head ??= chunk;
        bytes += chunk.length;
        if (!out.write(chunk)) await new Promise((r) => out.once("drain", r));
      }
      await new Promise<void>((resolve, reject) => out.end((e?: Error | null) => (e ? reject(e) : resolve())));
      if (!head || new TextDecoder().decode(head.slice(0, 4)) !== "GGUF") throw new UserError(`${name} is not a GGUF file (it does not start with "GGUF")`);
      const existed = existsSync(join(dir, name));
      renameSync(tmp, join(dir, name));
      return c.json({ name, bytes, replaced: existed, by: webActor(c) });
    } finally { rmSync(tmp, { force: true }); }
  });

  app.get("/api/snapshots", async (c) => {
    const list = await ask<{ status: string; result?: unknown }>(c, "GET", "/v1/snapshots").catch((e): { status: string; result?: unknown } => ({ status: "failed", error: errorMessage(e) } as never));
    return c.json({ snapshots: list.status === "done" ? list.result : [], jobs: (() => { try { return listJobsReadonly(); } catch { return []; } })(), error: list.status === "done" ? null : list });
  });
  app.post("/api/snapshots", async (c) => {
    const b = ((await c.req.json().catch(() => ({}))) ?? {}) as { desc?: unknown }; // JSON null parses too
    return relay(c, "POST", "/v1/snapshots", { desc: typeof b.desc === "string" ? b.desc : undefined });
  });
  app.post("/api/snapshots/:id/restore", (c) => relay(c, "POST", `/v1/snapshots/${encodeURIComponent(c.req.param("id"))}/restore`));

  app.get("/api/config", (c) => {
    const all = c.req.query("all") === "1";
    const rows = SETTINGS.map((s) => ({ s, x: explain(s.key) })).filter(({ x }) => all || x.source.layer !== "default");
    return c.json({ settings: rows.map(({ s, x }) => ({ key: s.toml, value: x.text, from: sourceText(x.source), restart: s.restart, help: s.help })) });
  });
  app.get("/api/autonomy", async (c) => {
    const autonomy = await ask<{ autonomy: string }>(c, "GET", "/v1/autonomy").then((r) => r.autonomy, () => "unknown (executor down)");
    return c.json({ autonomy, modes: AUTONOMY });
  });
  app.post("/api/settings/autonomy", async (c) => {
    const b = ((await c.req.json().catch(() => ({}))) ?? {}) as { mode?: unknown }; // JSON null parses too
    if (typeof b.mode !== "string") throw new UserError("the body must be JSON {mode}");
    return relay(c, "POST", "/v1/autonomy", { value: b.mode });
  });
}
