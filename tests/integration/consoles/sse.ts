// Reads a Server-Sent Events response as a test would watch it: frames (id, event, data, comments)
// collected as they arrive, and a wait for the first frame that matches.
export interface Frame { id?: string; event?: string; data?: unknown; comments: string[] }

export class SseReader {
  readonly frames: Frame[] = [];
  private buf = "";
  private closed = false;
  readonly done: Promise<void>;

  constructor(res: Response) {
    const dec = new TextDecoder();
    this.done = (async () => {
      try {
        for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
          this.buf += dec.decode(chunk, { stream: true });
          let i: number;
          while ((i = this.buf.indexOf("\n\n")) >= 0) {
            this.frames.push(parse(this.buf.slice(0, i)));
            this.buf = this.buf.slice(i + 2);
          }
        }
      } catch { /* aborted by the test */ } finally { this.closed = true; }
    })();
  }

  /** Polls until a frame after index `from` matches (the test timeout bounds the wait). */
  async until(pred: (f: Frame) => boolean, from = 0): Promise<Frame> {
    for (;;) {
      const f = this.frames.slice(from).find(pred);
      if (f) return f;
      if (this.closed) throw new Error(`stream ended; frames: ${JSON.stringify(this.frames)}`);
      await Bun.sleep(20);
    }
  }

  events(): (Frame & { id: string })[] { return this.frames.filter((f): f is Frame & { id: string } => f.id !== undefined); }
}

function parse(block: string): Frame {
  const f: Frame = { comments: [] };
  for (const line of block.split("\n")) {
    if (line.startsWith(":")) f.comments.push(line.slice(1).trim());
    else if (line.startsWith("id: ")) f.id = line.slice(4);
    else if (line.startsWith("event: ")) f.event = line.slice(7);
    else if (line.startsWith("data: ")) f.data = JSON.parse(line.slice(6));
  }
  return f;
}
