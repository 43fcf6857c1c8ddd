// One object per service at /org/aios/Init1/service/<id> (interface org.aios.Init1.Service): its state
// as properties (PropertiesChanged on every change) and its own Start/Stop/Restart.
import { DBusError, interface as dbusInterface } from "dbus-next";
import type { ServiceInfo } from "./cache.ts";
import { type BridgeContext, seg } from "./context.ts";
import { asDBus } from "./errors.ts";
import { ERRORS, SERVICE_IFACE } from "./names.ts";

export class ServiceInterface extends dbusInterface.Interface {
  constructor(readonly id: string, private readonly ctx: BridgeContext) { super(SERVICE_IFACE); }

  private view<T>(pick: (s: ServiceInfo) => T): T | DBusError {
    const s = this.ctx.cache.get(this.id);
    return s ? pick(s) : new DBusError(ERRORS.NoSuchService, `no such service "${this.id}"`);
  }

  get Id() { return this.id; }
  get Description() { return this.view((s) => s.description); }
  get Kind() { return this.view((s) => s.kind); }
  get State() { return this.view((s) => s.state); }
  /** 0 when no process runs. */
  get Pid() { return this.view((s) => s.pid ?? 0); }
  get Restarts() { return this.view((s) => s.restarts); }
  /** Seconds the current process has run (0 when none); aged on read, so never in PropertiesChanged. */
  get Uptime() { return this.view(() => this.ctx.cache.uptime(this.id)); }
  /** Why it is in its state (exit, death tally, dependency); empty when there is nothing to say. */
  get Reason() { return this.view((s) => s.reason ?? ""); }
  get DependsOn() { return this.view((s) => s.depends_on ?? []); }

  async Start(): Promise<void> { await asDBus(() => this.ctx.call("POST", `/v1/services/${seg(this.id)}/start`)); }
  async Stop(): Promise<void> { await asDBus(() => this.ctx.call("POST", `/v1/services/${seg(this.id)}/stop`)); }
  async Restart(): Promise<void> { await asDBus(() => this.ctx.call("POST", `/v1/services/${seg(this.id)}/restart`)); }

  /** Tells watchers what changed since `old` (the properties that are not aged on read). */
  announce(old: ServiceInfo | undefined, now: ServiceInfo): void {
    const changed: Record<string, unknown> = {};
    if (old?.state !== now.state) changed.State = now.state;
    if (old?.pid !== now.pid) changed.Pid = now.pid ?? 0;
    if (old?.restarts !== now.restarts) changed.Restarts = now.restarts;
    if (old?.reason !== now.reason) changed.Reason = now.reason ?? "";
    if (Object.keys(changed).length) ServiceInterface.emitPropertiesChanged(this, changed, ["Uptime"]);
  }
}

ServiceInterface.configureMembers({
  properties: {
    Id: { signature: "s", access: "read" },
    Description: { signature: "s", access: "read" },
    Kind: { signature: "s", access: "read" },
    State: { signature: "s", access: "read" },
    Pid: { signature: "u", access: "read" },
    Restarts: { signature: "u", access: "read" },
    Uptime: { signature: "d", access: "read" },
    Reason: { signature: "s", access: "read" },
    DependsOn: { signature: "as", access: "read" },
  },
  methods: {
    Start: {},
    Stop: {},
    Restart: {},
  },
});
