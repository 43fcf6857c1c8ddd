// What the bridge's D-Bus objects need: a way to ask init, and the cache their properties read.
import type { ServiceCache, ServiceInfo } from "./cache.ts";
import { servicePath } from "./names.ts";

export interface BridgeContext {
  call<T = unknown>(method: "GET" | "POST", path: string, body?: unknown): Promise<T>;
  cache: ServiceCache;
}

/** One service as a D-Bus struct: (id, description, state, pid, restarts, uptime_s, object path). */
export const SERVICE_STRUCT = "(sssuudo)";
export type ServiceStruct = [string, string, string, number, number, number, string];

export const toStruct = (s: ServiceInfo): ServiceStruct =>
  [s.name, s.description, s.state, s.pid ?? 0, s.restarts, s.uptime_s, servicePath(s.name)];

/** A service id as a URL path segment (ids from the bus are untrusted strings). */
export const seg = (id: string) => encodeURIComponent(id);
