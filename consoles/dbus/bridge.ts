// The bridge itself: owns org.aios.Init1 on a bus, exports the manager object and one object per
// service, and turns init's event stream into ServiceStateChanged and PropertiesChanged signals.
import type { EventEmitter } from "node:events";
import { type MessageBus, RequestNameReply, sessionBus } from "dbus-next";
import { control, type StatusReply } from "../../runtime/control/client.ts";
import { SystemError, errorMessage } from "../../runtime/errors.ts";
import { ServiceCache } from "./cache.ts";
import type { BridgeContext } from "./context.ts";
import { followEvents, type InitEvent } from "./follow.ts";
import { ManagerInterface } from "./manager.ts";
import { BUS_NAME, ROOT_PATH, servicePath } from "./names.ts";
import { ServiceInterface } from "./service-object.ts";

export interface BridgeOptions {
  busAddress: string;
  controlSocket: string;
  /** Called once if the bus connection ends: the bridge is useless without it. */
  onBusLost?: (why: string) => void;
  log?: (line: string) => void;
}

export interface Bridge { bus: MessageBus; close(): Promise<void> }

const DO_NOT_QUEUE = 4; // DBUS_NAME_FLAG_DO_NOT_QUEUE: fail at once if another bridge owns the name

export async function startBridge(opts: BridgeOptions): Promise<Bridge> {
  const log = opts.log ?? (() => {});
  const ctx: BridgeContext = {
    call: (method, path, body) => control(method, path, body, opts.controlSocket),
    cache: new ServiceCache(),
  };
  const status = await ctx.call<StatusReply>("GET", "/v1/status");
  const kept = await ctx.call<{ events: InitEvent[] }>("GET", "/v1/events");
  let seq = kept.events.at(-1)?.seq ?? 0;

  const bus = sessionBus({ busAddress: opts.busAddress });
  let lost = false;
  const busLost = (why: string) => { if (!lost) { lost = true; opts.onBusLost?.(why); } };
  bus.on("error", (err: unknown) => busLost(`bus error: ${errorMessage(err)}`));
  // dbus-next does not forward the end of its connection; without this a dead bus goes unnoticed.
  (bus as unknown as { _connection: EventEmitter })._connection.on("end", () => busLost("the bus closed the connection"));

  const manager = new ManagerInterface(ctx);
  const objects = new Map<string, ServiceInterface>();
  const exportService = (id: string) => {
    const obj = new ServiceInterface(id, ctx);
    objects.set(id, obj);
    bus.export(servicePath(id), obj);
  };
  bus.export(ROOT_PATH, manager);
  ctx.cache.replace(status);
  for (const id of ctx.cache.ids()) exportService(id);

  const reply = await bus.requestName(BUS_NAME, DO_NOT_QUEUE);
  if (reply !== RequestNameReply.PRIMARY_OWNER) {
    bus.disconnect();
    throw new SystemError(`cannot own ${BUS_NAME} on the bus (reply ${reply})`, "is another dbus-bridge running, and does the bus policy let root own the name?");
  }

  // Refreshes are serialised and coalesced: a burst of events costs at most one extra /v1/status.
  let refreshing = false;
  let again = false;
  const refresh = async (): Promise<void> => {
    if (refreshing) { again = true; return; }
    refreshing = true;
    try {
      do {
        again = false;
        const { added, removed, changed } = ctx.cache.replace(await ctx.call<StatusReply>("GET", "/v1/status"));
        for (const id of added) exportService(id);
        for (const id of removed) { const obj = objects.get(id); if (obj) bus.unexport(servicePath(id), obj); objects.delete(id); }
        for (const { id, old } of changed) objects.get(id)?.announce(old, ctx.cache.get(id)!);
      } while (again);
    } catch (err) {
      log(`refresh failed: ${errorMessage(err)}`);
    } finally {
      refreshing = false;
    }
  };

  const onEvent = (e: InitEvent) => {
    seq = e.seq;
    const old = ctx.cache.apply(e);
    manager.ServiceStateChanged(e.service, e.from, e.to, e.reason ?? "");
    if (old) objects.get(e.service)?.announce(old, ctx.cache.get(e.service)!);
    void refresh();
  };

  const stop = new AbortController();
  const followed = (async () => {
    while (!stop.signal.aborted) {
      try {
        for await (const e of followEvents(opts.controlSocket, seq, stop.signal)) onEvent(e);
        if (!stop.signal.aborted) log("init closed the event stream; following again");
      } catch (err) {
        if (stop.signal.aborted) break;
        log(`event stream: ${errorMessage(err)}; following again in 1 s`);
      }
      if (!stop.signal.aborted) { await Bun.sleep(1000); void refresh(); }
    }
  })();

  return {
    bus,
    async close() {
      stop.abort();
      await followed;
      lost = true;
      bus.disconnect();
    },
  };
}
