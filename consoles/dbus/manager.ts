// The org.aios.Init1 interface at /org/aios/Init1: init's verbs as D-Bus methods, and the
// ServiceStateChanged signal. Reads are answered fresh from init; the cache only feeds properties.
import { interface as dbusInterface } from "dbus-next";
import type { StatusReply } from "../../runtime/control/client.ts";
import { type BridgeContext, SERVICE_STRUCT, type ServiceStruct, seg, toStruct } from "./context.ts";
import { asDBus } from "./errors.ts";
import { MANAGER_IFACE } from "./names.ts";

export class ManagerInterface extends dbusInterface.Interface {
  constructor(private readonly ctx: BridgeContext) { super(MANAGER_IFACE); }

  /** Service ids, in init's start order. */
  get Services(): string[] { return this.ctx.cache.ids(); }
  /** Whether init has announced "aios ready" (every service settled). */
  get Ready(): boolean { return this.ctx.cache.boot?.ready ?? false; }

  async ListServices(): Promise<ServiceStruct[]> {
    return asDBus(async () => (await this.ctx.call<StatusReply>("GET", "/v1/status")).services.map(toStruct));
  }

  async GetService(id: string): Promise<ServiceStruct> {
    return asDBus(async () => toStruct(await this.ctx.call<StatusReply["services"][number]>("GET", `/v1/services/${seg(id)}`)));
  }

  /** The whole /v1/status answer as JSON (boot facts, last exits, dependencies) for scripts. */
  async Status(): Promise<string> {
    return asDBus(async () => JSON.stringify(await this.ctx.call("GET", "/v1/status")));
  }

  async Start(id: string): Promise<void> { await asDBus(() => this.ctx.call("POST", `/v1/services/${seg(id)}/start`)); }
  async Stop(id: string): Promise<void> { await asDBus(() => this.ctx.call("POST", `/v1/services/${seg(id)}/stop`)); }
  async Restart(id: string): Promise<void> { await asDBus(() => this.ctx.call("POST", `/v1/services/${seg(id)}/restart`)); }
  async Reboot(): Promise<void> { await asDBus(() => this.ctx.call("POST", "/v1/system/reboot")); }
  async PowerOff(): Promise<void> { await asDBus(() => this.ctx.call("POST", "/v1/system/poweroff")); }

  ServiceStateChanged(id: string, from: string, to: string, reason: string): string[] { return [id, from, to, reason]; }
}

ManagerInterface.configureMembers({
  properties: {
    Services: { signature: "as", access: "read" },
    Ready: { signature: "b", access: "read" },
  },
  methods: {
    ListServices: { outSignature: `a${SERVICE_STRUCT}` },
    GetService: { inSignature: "s", outSignature: SERVICE_STRUCT },
    Status: { outSignature: "s" },
    Start: { inSignature: "s" },
    Stop: { inSignature: "s" },
    Restart: { inSignature: "s" },
    Reboot: {},
    PowerOff: {},
  },
  signals: {
    ServiceStateChanged: { signature: "ssss" },
  },
});
