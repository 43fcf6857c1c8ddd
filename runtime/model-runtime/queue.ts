// One priority queue in front of llama.cpp: a single job runs at a time (a 2-core appliance gains
// nothing from interleaving), higher priority first, first-come within a priority.
interface Job<T> { priority: number; seq: number; run: () => Promise<T>; resolve: (v: T) => void; reject: (e: unknown) => void; signal?: AbortSignal }

export class PriorityQueue {
  private jobs: Job<unknown>[] = [];
  private running = false;
  private seq = 0;

  get pending() { return this.jobs.length; }
  get busy() { return this.running; }

  push<T>(run: () => Promise<T>, priority = 0, signal?: AbortSignal): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      this.jobs.push({ priority, seq: this.seq++, run, resolve, reject, signal } as Job<unknown>);
      this.jobs.sort((a, b) => b.priority - a.priority || a.seq - b.seq);
      void this.pump();
    });
  }

  private async pump() {
    if (this.running) return;
    const job = this.jobs.shift();
    if (!job) return;
    this.running = true;
    try {
      // A caller that gave up while waiting is not worth a model's time.
      if (job.signal?.aborted) throw job.signal.reason ?? new Error("aborted");
      job.resolve(await job.run());
    } catch (err) {
      job.reject(err);
    } finally {
      this.running = false;
      void this.pump();
    }
  }
}
