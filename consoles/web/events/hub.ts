// The web console's event ring: service state changes, incidents, approvals, decisions and monitor samples from their
// several sources, numbered here with one increasing id. The sources number things differently (init's
// seq restarts with init, incidents have no change sequence, the audit seq is durable), so one id
// space has to be made somewhere, and a bounded ring in this process is the cheap place: a reconnect
// with Last-Event-ID is answered from memory. Ids start at the process's start time in µs, so they
// still increase across a restart of the web console and an id from an earlier run is recognised.
export type EventType = "service" | "incident" | "approval" | "decision" | "sample";
export interface WebEvent { id: number; type: EventType; kind: string; ts: number; data: Record<string, unknown> }
export type Delivery = { event: WebEvent } | { comment: string };

export interface Feed { name: string; run(hub: EventHub, signal: AbortSignal): Promise<void> }

const describe = (source: string, state: string) => state === "ok" ? `${source} events following` : `${source} events unavailable: ${state}`;

export class EventHub {
  readonly base = Date.now() * 1000;
  private next = this.base;
  private readonly ring: WebEvent[] = [];
  private readonly subs = new Set<(d: Delivery) => void>();
  /** Per source: "ok", or why its events cannot be had now. */
  private readonly sources = new Map<string, string>();
  private stopper?: AbortController;

  constructor(private readonly feeds: readonly Feed[], readonly capacity = 1000) {}

  /** Starts the feeds once, on the first subscriber; they keep running so a reconnect can resume. */
  start(): void {
    if (this.stopper) return;
    const stopper = (this.stopper = new AbortController());
    for (const f of this.feeds) void f.run(this, stopper.signal).catch((err: Error) => this.problem(f.name, `stopped: ${err.message}`));
  }

  stop(): void { this.stopper?.abort(); }

  publish(e: Omit<WebEvent, "id">): WebEvent {
    const event = { id: ++this.next, ...e };
    this.ring.push(event);
    if (this.ring.length > this.capacity) this.ring.shift();
    this.send({ event });
    return event;
  }

  /** A source is unreachable (text) or being followed (undefined); subscribers are told of each change as a comment. */
  problem(source: string, text: string | undefined): void {
    const now = text ?? "ok";
    if (this.sources.get(source) === now) return;
    this.sources.set(source, now);
    this.send({ comment: describe(source, now) });
  }

  /** Each source's state as the comment a new subscriber is greeted with. */
  currentStates(): string[] { return [...this.sources].map(([s, t]) => describe(s, t)); }

  /** What a client that last saw `lastId` missed, and a note when it cannot be given exactly. */
  after(lastId: number): { events: WebEvent[]; note?: string } {
    const oldest = this.ring[0]?.id;
    if (lastId < this.base) return { events: [...this.ring], note: `id ${lastId} is from an earlier run of the web console: sending all ${this.ring.length} kept since this one started` };
    if (lastId > this.next) return { events: [], note: `id ${lastId} is newer than any event here (${this.next}): sending new events only` };
    if (oldest !== undefined && lastId < oldest - 1) return { events: [...this.ring], note: `events ${lastId + 1}..${oldest - 1} are no longer kept (the ring holds ${this.capacity})` };
    return { events: this.ring.filter((e) => e.id > lastId) };
  }

  subscribe(fn: (d: Delivery) => void): () => void {
    this.subs.add(fn);
    return () => this.subs.delete(fn);
  }

  get subscribers(): number { return this.subs.size; }

  private send(d: Delivery): void {
    for (const s of this.subs) { try { s(d); } catch { /* a broken subscriber must not stop the others */ } }
  }
}
