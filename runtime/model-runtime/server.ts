// The model runtime's HTTP API on a unix socket. It is the one error boundary of this process: every
// typed error leaves as {error: {type, message, hint}} with a matching status, nothing is thrown past it.
import { UserError } from "../errors.ts";
import { httpStatusOf, toWire } from "../models/errors.ts";
import type { Catalog } from "./catalog.ts";
import type { Engine } from "./engine.ts";
import type { ChatStreamLine, ModelInfo } from "./protocol.ts";
import { checkChatCall, checkEmbedCall } from "./check.ts";
import { PriorityQueue } from "./queue.ts";

export function modelInfos(catalog: Catalog, engine: Engine): ModelInfo[] {
  return catalog.list().map(({ path: _path, ...e }) => ({ ...e, loaded: engine.isLoaded(e.id) }));
}

async function body<T>(req: Request): Promise<T> {
  try { return (await req.json()) as T; } catch { throw new UserError("request body is not JSON"); }
}

export function handler(catalog: Catalog, engine: Engine, queue = new PriorityQueue()) {
  const routes: Record<string, (req: Request) => Promise<Response>> = {
    "GET /health": async () => Response.json({ ok: true, models: catalog.list().length, pending: queue.pending }),
    "GET /models": async () => { await catalog.refreshIfChanged(); return Response.json(modelInfos(catalog, engine)); },
    "POST /rescan": async () => { await catalog.scan(); return Response.json(modelInfos(catalog, engine)); },
    "POST /unload": async (req) => { const { model } = await body<{ model: string }>(req); await queue.push(() => engine.unload(model), 100); return Response.json({ ok: true }); },
    "POST /embed": async (req) => {
      const call = checkEmbedCall(await body<unknown>(req));
      return Response.json(await queue.push(() => engine.embed(call), call.priority ?? 0, req.signal));
    },
    "POST /chat": async (req) => {
      const call = checkChatCall(await body<unknown>(req));
      if (new URL(req.url).searchParams.get("stream") !== "1") {
        return Response.json(await queue.push(() => engine.chat(call, undefined, req.signal), call.priority ?? 0, req.signal));
      }
      const stream = new ReadableStream<Uint8Array>({
        async start(controller) {
          const send = (line: ChatStreamLine) => controller.enqueue(new TextEncoder().encode(`${JSON.stringify(line)}\n`));
          try {
            const reply = await queue.push(() => engine.chat(call, (text) => send({ type: "text", text }), req.signal), call.priority ?? 0, req.signal);
            send({ type: "done", reply });
          } catch (err) {
            send({ type: "error", error: toWire(err) });
          }
          controller.close();
        },
      });
      return new Response(stream, { headers: { "content-type": "application/x-ndjson" } });
    },
  };
  return async (req: Request): Promise<Response> => {
    const route = routes[`${req.method} ${new URL(req.url).pathname}`];
    if (!route) return Response.json({ error: { type: "NotFoundError", message: `no route ${req.method} ${new URL(req.url).pathname}` } }, { status: 404 });
    try {
      return await route(req);
    } catch (err) {
      return Response.json({ error: toWire(err) }, { status: httpStatusOf(err) });
    }
  };
}
