// The control API's fast path: the same requests as the HTTP socket, as JSON lines on a second
// root-only unix socket (<control socket>.rpc). One line in, {id, status, body} one line out, so
// aiosctl's round trip skips HTTP framing. Streams (follow=1) stay on the HTTP socket.
import type { Socket } from "bun";
import { rmSync } from "node:fs";
import { type Access, dispatch, restrict, type ControlDeps } from "./control.ts";

interface Conn { buf: string; queue: Buffer[]; decoder: TextDecoder }

/** Writes what the socket takes now and queues the rest (in bytes: a write counts bytes, not chars). */
function send(s: Socket<Conn>, line: string): void {
  const bytes = Buffer.from(line);
  if (s.data.queue.length) { s.data.queue.push(bytes); return; }
  const n = s.write(bytes);
  if (n < bytes.length) s.data.queue.push(bytes.subarray(Math.max(0, n)));
}

async function answer(s: Socket<Conn>, line: string, deps: ControlDeps, access: Access): Promise<void> {
  let req: { id?: unknown; method?: string; path?: string; body?: unknown };
  try { req = JSON.parse(line) as typeof req; } catch { req = undefined as never; }
  // null, a number or a list parse as JSON too, and reading .id of null would reject unseen.
  if (req === null || typeof req !== "object" || Array.isArray(req)) { send(s, `{"id":null,"status":400,"body":{"error":"each request is one line of JSON: {id, method, path, body?}"}}\n`); return; }
  const id = JSON.stringify(req.id ?? null);
  if ((req.method !== "GET" && req.method !== "POST") || typeof req.path !== "string" || !req.path.startsWith("/")) {
    send(s, `{"id":${id},"status":400,"body":{"error":"method must be GET or POST and path must start with /"}}\n`);
    return;
  }
  if (/[?&]follow=1/.test(req.path)) {
    send(s, `{"id":${id},"status":400,"body":{"error":"follow streams are served on the HTTP control socket"}}\n`);
    return;
  }
  let status = 500, text = "";
  try {
    // Joined, not resolved: a path such as "//x/y" would otherwise name a host.
    if (!URL.canParse(`http://init${req.path}`)) { send(s, `{"id":${id},"status":400,"body":{"error":"path is not a valid URL path"}}\n`); return; }
    const a = await dispatch(req.method, new URL(`http://init${req.path}`), () => req.body, deps, access);
    status = a.status;
    text = "body" in a ? JSON.stringify(a.body ?? null) : "null";
  } catch (err) {
    text = JSON.stringify({ error: `internal error: ${(err as Error).message}` });
  }
  send(s, `{"id":${id},"status":${status},"body":${text}}\n`);
}

export function serveRpc(path: string, deps: ControlDeps, access: Access = "full", gid?: number) {
  rmSync(path, { force: true });
  const listener = Bun.listen<Conn>({
    unix: path,
    socket: {
      open(s) { s.data = { buf: "", queue: [], decoder: new TextDecoder() }; },
      data(s, chunk) {
        s.data.buf += s.data.decoder.decode(chunk, { stream: true }); // a character may span two chunks
        let i: number;
        while ((i = s.data.buf.indexOf("\n")) >= 0) {
          const line = s.data.buf.slice(0, i);
          s.data.buf = s.data.buf.slice(i + 1);
          // PID 1 must not carry an unhandled rejection: whatever slipped past answer() is still an answer.
          if (line.trim()) answer(s, line, deps, access).catch((err) => send(s, `${JSON.stringify({ id: null, status: 500, body: { error: `internal error: ${(err as Error)?.message}` } })}\n`));
        }
      },
      drain(s) {
        while (s.data.queue.length) {
          const bytes = s.data.queue[0]!;
          const n = s.write(bytes);
          if (n < bytes.length) { s.data.queue[0] = bytes.subarray(Math.max(0, n)); return; }
          s.data.queue.shift();
        }
      },
    },
  });
  restrict(path, access, gid);
  return listener;
}
