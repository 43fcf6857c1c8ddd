// Service state changes as an event stream: kept in a short ring (so a late subscriber can catch up
// with ?since=) and pushed to subscribers (the control API's /v1/events, read by the D-Bus bridge, the
// web console and the audit log).

export interface ServiceEvent { seq: number; ts: number; service: string; from: string; to: string; reason: string | null; pid: number | null }

export class EventHub {
  private seq = 0;
  private ring: ServiceEvent[] = [];
  private subs = new Set<(e: ServiceEvent) => void>();
  constructor(private readonly capacity = 1000) {}

  publish(e: Omit<ServiceEvent, "seq" | "ts">): void {
    const event = { seq: ++this.seq, ts: Date.now(), ...e };
    this.ring.push(event);
    if (this.ring.length > this.capacity) this.ring.shift();
    for (const s of this.subs) { try { s(event); } catch { /* a broken subscriber must not hurt init */ } }
  }

  since(seq: number): ServiceEvent[] { return this.ring.filter((e) => e.seq > seq); }

  subscribe(fn: (e: ServiceEvent) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }

  /**
   * NDJSON stream: the events after `since`, then every new one until the client goes away. It opens
   * with an empty line, because the response (headers included) leaves with its first chunk and a
   * client must not wait for the next state change to learn it is subscribed; readers skip empty lines.
   */
  stream(since: number): ReadableStream<Uint8Array> {
    const enc = new TextEncoder();
    let unsubscribe = () => {};
    return new ReadableStream<Uint8Array>({
      start: (controller) => {
        controller.enqueue(enc.encode("\n"));
        for (const e of this.since(since)) controller.enqueue(enc.encode(`${JSON.stringify(e)}\n`));
        unsubscribe = this.subscribe((e) => {
          try { controller.enqueue(enc.encode(`${JSON.stringify(e)}\n`)); } catch { unsubscribe(); }
        });
      },
      cancel: () => unsubscribe(),
    });
  }
}
