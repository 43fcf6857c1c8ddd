// Client for init's JSON-lines control socket (<control socket>.rpc): one connection per process,
// requests matched to answers by id. The socket holds the process open only while requests are in flight.
import type { Socket } from "bun";

interface Pending { resolve: (r: { status: number; body: unknown }) => void; reject: (e: Error) => void }
interface Conn { socket: Promise<Socket<undefined>>; pending: Map<number, Pending>; buf: string; decoder: TextDecoder }

const conns = new Map<string, Conn>();
let nextId = 1;

function connect(path: string): Conn {
  const existing = conns.get(path);
  if (existing) return existing;
  const conn: Conn = { pending: new Map(), buf: "", decoder: new TextDecoder(), socket: undefined as never };
  const fail = (err: Error) => {
    conns.delete(path);
    for (const p of conn.pending.values()) p.reject(err);
    conn.pending.clear();
  };
  conn.socket = Bun.connect({
    unix: path,
    socket: {
      data(s, chunk) {
        conn.buf += conn.decoder.decode(chunk, { stream: true }); // a character may span two chunks
        let i: number;
        while ((i = conn.buf.indexOf("\n")) >= 0) {
          const line = conn.buf.slice(0, i);
          conn.buf = conn.buf.slice(i + 1);
          const msg = JSON.parse(line) as { id: number; status: number; body: unknown };
          conn.pending.get(msg.id)?.resolve({ status: msg.status, body: msg.body });
          conn.pending.delete(msg.id);
        }
        if (conn.pending.size === 0) s.unref();
      },
      close() { fail(new Error("init closed the control connection")); },
      error(_s, err) { fail(err); },
    },
  }).then((s) => { s.unref(); return s; });
  conn.socket.catch((err: Error) => fail(err));
  conns.set(path, conn);
  return conn;
}

export async function rpc(path: string, method: "GET" | "POST", target: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const conn = connect(path);
  const socket = await conn.socket;
  const id = nextId++;
  const answer = new Promise<{ status: number; body: unknown }>((resolve, reject) => conn.pending.set(id, { resolve, reject }));
  socket.ref();
  socket.write(`${JSON.stringify({ id, method, path: target, body })}\n`);
  return answer;
}
