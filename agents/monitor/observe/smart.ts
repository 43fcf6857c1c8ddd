// Disk health from smartctl's JSON, where smartctl is installed and the disk reports SMART (virtual
// disks usually do not). Run at most every smart_interval_s; the last result waits in the memo.
import type { Memo } from "../../loop/types.ts";
import type { Runner } from "../../../runtime/proc/exec.ts";
import { clip, type SmartDevice, type SmartObs } from "../observation.ts";

type Json = Record<string, any>; // smartctl -j output: read defensively, field by field

/** One device's `smartctl -H -A -j` output. */
export function parseSmart(device: string, text: string): SmartDevice {
  let j: Json;
  try { j = JSON.parse(text) as Json; } catch { return { device, supported: false }; }
  const supported = j.smart_support?.available !== false && (j.smart_status !== undefined || j.nvme_smart_health_information_log !== undefined);
  if (!supported) return { device, supported: false };
  const attr = (id: number): number | undefined => {
    const a = (j.ata_smart_attributes?.table as Json[] | undefined)?.find((x) => x.id === id);
    return typeof a?.raw?.value === "number" ? a.raw.value : undefined;
  };
  const nvme = j.nvme_smart_health_information_log as Json | undefined;
  const d: SmartDevice = { device, supported: true };
  if (typeof j.smart_status?.passed === "boolean") d.passed = j.smart_status.passed;
  const set = (k: keyof SmartDevice, v: unknown) => { if (typeof v === "number") (d as unknown as Json)[k] = v; };
  set("reallocated", attr(5));
  set("pending", attr(197));
  set("uncorrectable", attr(198));
  set("nvmeCriticalWarning", nvme?.critical_warning);
  set("mediaErrors", nvme?.media_errors);
  set("percentUsed", nvme?.percentage_used);
  return d;
}

export async function readSmart(runner: Runner, memo: Memo, now: number, intervalS: number): Promise<SmartObs> {
  // Cached either way: a missing smartctl is not worth a failed spawn every cycle.
  const cached = memo.get<{ at: number; obs: SmartObs }>("smart");
  if (cached && now - cached.at < intervalS * 1000) return cached.obs;
  let scan: Json;
  try {
    const r = await runner.run(["smartctl", "--scan", "-j"], { timeoutMs: 10_000, check: false });
    scan = JSON.parse(r.stdout) as Json;
  } catch {
    const none: SmartObs = { available: false, note: "smartctl is not installed (or failed): disk health is not checked" };
    memo.set("smart", { at: now, obs: none });
    return none;
  }
  const devices: SmartDevice[] = [];
  for (const dev of (scan.devices as Json[] | undefined) ?? []) {
    const name = typeof dev.name === "string" ? dev.name : "";
    if (!/^\/dev\/[\w/-]+$/.test(name)) continue;
    // smartctl's exit status is a bit mask of findings, not success: read the JSON whatever it is.
    const r = await runner.run(["smartctl", "-H", "-A", "-j", name], { timeoutMs: 20_000, check: false }).catch(() => null);
    devices.push(parseSmart(clip(name, 64), r?.stdout ?? ""));
  }
  const obs: SmartObs = { available: true, at: now, devices };
  memo.set("smart", { at: now, obs });
  return obs;
}
