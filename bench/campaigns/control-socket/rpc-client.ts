// A client for init's JSON-lines socket that sends one line and waits for one answer line; an answer
// that never comes (init hung or dead) is an error after 10 s.
import type { Socket } from "bun";

export class RpcClient {
  private buf = "";
  private waiting?: { resolve: (l: string) => void; reject: (e: Error) => void };
  private closed?: Error;
  private pending: Buffer[] = [];

  private constructor(private socket: Socket<undefined>) {}

  static async connect(path: string): Promise<RpcClient> {
    let client!: RpcClient;
    const socket = await Bun.connect({
      unix: path,
      socket: {
        data(_s, chunk) { client.onData(new TextDecoder().decode(chunk)); },
        drain() { client.flush(); },
        close() { client.onClose(new Error("init closed the RPC socket")); },
        error(_s, e) { client.onClose(e); },
      },
    });
    client = new RpcClient(socket);
    return client;
  }

  private onData(text: string): void {
    this.buf += text;
    const i = this.buf.indexOf("\n");
    if (i < 0 || !this.waiting) return;
    const line = this.buf.slice(0, i);
    this.buf = this.buf.slice(i + 1);
    const w = this.waiting;
    this.waiting = undefined;
    w.resolve(line);
  }

  private onClose(e: Error): void { this.closed = e; this.waiting?.reject(e); this.waiting = undefined; }

  async ask(line: string): Promise<{ id?: unknown; status?: unknown; body?: unknown }> {
    if (this.closed) throw this.closed;
    const answer = new Promise<string>((resolve, reject) => { this.waiting = { resolve, reject }; });
    this.pending.push(Buffer.from(`${line}\n`));
    this.flush();
    const timeout = Bun.sleep(10_000).then(() => { throw new Error("no answer in 10 s"); });
    return JSON.parse(await Promise.race([answer, timeout])) as { id?: unknown; status?: unknown; body?: unknown };
  }

  /** A socket write takes what fits; the rest goes when it drains. */
  private flush(): void {
    while (this.pending.length) {
      const b = this.pending[0]!;
      const n = this.socket.write(b);
      if (n < b.length) { this.pending[0] = b.subarray(Math.max(0, n)); return; }
      this.pending.shift();
    }
  }

  close(): void { this.socket.end(); }
}
