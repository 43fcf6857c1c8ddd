// What the banner and the rescue menu show, gathered with no model, no network and no agent host:
// addresses, the web console's address, the state disk, init's view of the services (when it answers
// in time), the audit tail with its chain verified, and the newest automatic snapshot.
import { existsSync } from "node:fs";
import { withAuditReadonly, EMPTY_VERIFY } from "../../../runtime/audit/read.ts";
import type { AuditEntry } from "../../../runtime/audit/log.ts";
import type { VerifyResult } from "../../../runtime/audit/verify.ts";
import { setting } from "../../../runtime/config/settings.ts";
import { control, controlSocket, type StatusReply } from "../../../runtime/control/client.ts";
import { errorMessage } from "../../../runtime/errors.ts";
import { degradedReasons, serviceReasons } from "../../../runtime/health/degraded.ts";
import type { Runner } from "../../../runtime/proc/exec.ts";
import { SnapshotStore, type SnapshotManifest } from "../../../runtime/snapshots/store.ts";
import { type Iface, readAddresses } from "./addresses.ts";
import { readStateDisk } from "./disk.ts";

export type InitView = { ok: true; status: StatusReply } | { ok: false; socket: string; why: string };

export interface BannerFacts {
  addresses: Iface[];
  web: { port: string; bind: string };
  stateDisk: string;
  init: InitView;
  /** Why the appliance runs degraded (runtime/health/degraded.ts); empty when it does not. */
  degraded?: string[];
}

export interface RescueFacts extends BannerFacts {
  audit: { verify: VerifyResult; tail: AuditEntry[] } | { error: string };
}

/** Resolves to `fallback` when `p` takes longer than `ms` (a hung init must not hang the console). */
export function within<T>(p: Promise<T>, ms: number, fallback: () => T): Promise<T> {
  let timer: ReturnType<typeof setTimeout>;
  const late = new Promise<T>((resolve) => { timer = setTimeout(() => resolve(fallback()), ms); });
  return Promise.race([p, late]).finally(() => clearTimeout(timer));
}

export async function readInit(ms: number): Promise<InitView> {
  const socket = controlSocket();
  const asked = control<StatusReply>("GET", "/v1/status")
    .then((status): InitView => ({ ok: true, status }))
    .catch((err): InitView => ({ ok: false, socket, why: errorMessage(err) }));
  return within(asked, ms, () => ({ ok: false, socket, why: `no answer within ${ms / 1000} s` }));
}

export function readAudit(n = 20, path?: string): RescueFacts["audit"] {
  try {
    return withAuditReadonly((log) => ({ verify: log.verify(), tail: log.tail(n) }), { verify: EMPTY_VERIFY, tail: [] }, path);
  } catch (err) {
    return { error: errorMessage(err) };
  }
}

/** The newest automatic snapshot (the one taken before the last change by a tool), if any. */
export function latestAutoSnapshot(dir = setting("snapshot_dir")): SnapshotManifest | undefined {
  if (!existsSync(dir)) return undefined;
  const noRunner: Runner = { run: () => Promise.reject(new Error("listing needs no commands")) };
  return new SnapshotStore(dir, { runner: noRunner }).list().filter((m) => m.auto).at(-1);
}

export async function bannerFacts(runner: Runner, initMs: number): Promise<BannerFacts> {
  const [addresses, init] = await Promise.all([readAddresses(runner), readInit(initMs)]);
  const device = init.ok ? init.status.boot.state_device : undefined;
  const stateDisk = device === "ram" ? "RAM: no AIOS-STATE disk, changes are lost at reboot" : readStateDisk(setting("state_dir"));
  return { addresses, web: { port: setting("web_port"), bind: setting("web_bind") }, stateDisk, init, degraded: [...degradedReasons(), ...(init.ok ? serviceReasons(init.status.services) : [])] };
}

export async function rescueFacts(runner: Runner, initMs: number): Promise<RescueFacts> {
  return { ...(await bannerFacts(runner, initMs)), audit: readAudit() };
}
