// What the bridge knows of init's services: the last /v1/status answer, refreshed after every event.
// D-Bus property getters are synchronous, so they read from here; uptime is aged on read.
import type { StatusReply } from "../../runtime/control/client.ts";

export type ServiceInfo = StatusReply["services"][number] & { depends_on?: string[] };

const RUNNING = new Set(["starting", "ready", "degraded", "stopping"]);

export class ServiceCache {
  private views = new Map<string, { view: ServiceInfo; at: number }>();
  boot: StatusReply["boot"] | undefined;

  constructor(private readonly now: () => number = Date.now) {}

  ids(): string[] { return [...this.views.keys()]; }
  get(id: string): ServiceInfo | undefined { return this.views.get(id)?.view; }

  /** Seconds since the current process started, as of now (not as of the last refresh). */
  uptime(id: string): number {
    const e = this.views.get(id);
    if (!e || !e.view.pid || !RUNNING.has(e.view.state)) return 0;
    return e.view.uptime_s + (this.now() - e.at) / 1000;
  }

  /**
   * Takes a full status. Returns the services that appeared, vanished, and changed in a way a
   * PropertiesChanged signal should carry (state, pid, restarts, reason).
   */
  replace(status: StatusReply): { added: string[]; removed: string[]; changed: { id: string; old: ServiceInfo }[] } {
    const at = this.now();
    this.boot = status.boot;
    const seen = new Set<string>();
    const added: string[] = [];
    const changed: { id: string; old: ServiceInfo }[] = [];
    for (const view of status.services) {
      seen.add(view.name);
      const old = this.views.get(view.name)?.view;
      if (!old) added.push(view.name);
      else if (old.state !== view.state || old.pid !== view.pid || old.restarts !== view.restarts || old.reason !== view.reason) changed.push({ id: view.name, old });
      this.views.set(view.name, { view, at });
    }
    const removed = this.ids().filter((id) => !seen.has(id));
    for (const id of removed) this.views.delete(id);
    return { added, removed, changed };
  }

  /** Applies one event at once, so a Get right after the signal agrees with it. Returns the old view. */
  apply(e: { service: string; to: string; reason: string | null; pid: number | null }): ServiceInfo | undefined {
    const entry = this.views.get(e.service);
    if (!entry) return undefined;
    const view = { ...entry.view, state: e.to, reason: e.reason ?? entry.view.reason, pid: e.pid };
    const restarted = view.pid !== entry.view.pid;
    this.views.set(e.service, { view: restarted ? { ...view, uptime_s: 0 } : view, at: restarted ? this.now() : entry.at });
    return entry.view;
  }
}
