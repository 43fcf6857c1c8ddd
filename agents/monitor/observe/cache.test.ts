import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { MapMemo, svc } from "../fixture.ts";
import { machineCouldHog, parseMachineBusy } from "./procs.ts";
import { standing } from "./services.ts";

const stat = (pid: number, start: number) => `${pid} (x) S 1 ${pid} ${pid} 0 -1 0 0 0 0 0 0 0 0 0 20 0 1 0 ${start} 1000 10 0`;

describe("monitor observe caches", () => {
  const root = mkdtempSync(join(tmpdir(), "aios-mon-cache-"));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  const put = (p: string, text: string) => { mkdirSync(join(root, p, ".."), { recursive: true }); writeFileSync(join(root, p), text); };

  it("skips per-process reads only when the whole machine was busy less than the hog threshold", () => {
    expect(parseMachineBusy("cpu  100 5 50 1000 40 3 2 0 0 0\ncpu0 1 2 3\n")).toBe(160);
    const memo = new MapMemo();
    const at = (uptime: number, busy: number) => { put("proc/uptime", `${uptime} 0\n`); put("proc/stat", `cpu  ${busy} 0 0 99999 0 0 0 0 0 0\n`); };
    at(100, 1000);
    expect(machineCouldHog(join(root, "proc"), memo, 90)).toBe(true);   // first reading
    at(105, 1100);                                                       // 100 ticks in 5 s: 20 % of a core
    expect(machineCouldHog(join(root, "proc"), memo, 90)).toBe(false);
    at(110, 1500);                                                       // 400 ticks in 5 s: 80 %, near enough
    expect(machineCouldHog(join(root, "proc"), memo, 90)).toBe(true);
    at(5, 10);                                                           // a reboot
    expect(machineCouldHog(join(root, "proc"), memo, 90)).toBe(true);
  });

  it("lets init's last status stand only while it is young, every service steady and every process the same", () => {
    const procRoot = join(root, "proc");
    put("proc/200/stat", stat(200, 5000));
    const last = { at: 0, services: [svc("a", { pid: 200, uptimeS: 10, seen: null }), svc("b", { pid: null, state: "stopped" })], starts: { 200: 5000 } };
    expect(standing(last, 5000, 60, procRoot)).toEqual([
      svc("a", { pid: 200, uptimeS: 15, seen: { restarts: 0, state: "ready" } }), svc("b", { pid: null, state: "stopped", seen: { restarts: 0, state: "stopped" } })]);
    expect(standing(last, 60_000, 60, procRoot)).toBeNull();                                  // too old
    expect(standing(undefined, 5000, 60, procRoot)).toBeNull();
    expect(standing({ ...last, services: [svc("a", { pid: null, state: "backoff" })] }, 5000, 60, procRoot)).toBeNull(); // not steady
    put("proc/200/stat", stat(200, 7000));                                                     // pid reused: another process
    expect(standing(last, 5000, 60, procRoot)).toBeNull();
    rmSync(join(procRoot, "200"), { recursive: true });                                        // gone
    expect(standing(last, 5000, 60, procRoot)).toBeNull();
  });
});
