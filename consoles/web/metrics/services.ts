// aios_service_* from init's control socket: each service's state as a labelled gauge (one series per
// state, 1 for the current one, as kube-state-metrics does, so `== 1` selects and changes show as
// flips), restarts as a counter, and the cgroup's memory and CPU where init reports them.
import type { StatusReply } from "../../../runtime/control/client.ts";
import type { Source } from "./scrape.ts";

/** init's service states (init/service.ts); a state init adds later still shows, as an extra series. */
export const SERVICE_STATES = ["waiting", "starting", "ready", "degraded", "backoff", "stopping", "stopped", "done", "failed"];

export function serviceSource(status: () => Promise<StatusReply>): Source {
  return {
    name: "init",
    async collect(f) {
      const st = await status();
      const state = f.gauge("aios_service_state", "1 for the state the service is in now, 0 for the others", ["service", "state"]);
      const restarts = f.counter("aios_service_restarts_total", "Times init restarted the service since boot", ["service"]);
      const uptime = f.gauge("aios_service_uptime_seconds", "Seconds since the service last started", ["service"]);
      const mem = f.gauge("aios_service_memory_bytes", "The service's cgroup memory use", ["service"]);
      const cpu = f.counter("aios_service_cpu_seconds_total", "CPU time the service's cgroup used", ["service"]);
      for (const s of st.services) {
        for (const k of new Set([...SERVICE_STATES, s.state])) state.set({ service: s.name, state: k }, k === s.state ? 1 : 0);
        restarts.set({ service: s.name }, s.restarts);
        uptime.set({ service: s.name }, s.uptime_s);
        if (typeof s.memory_bytes === "number") mem.set({ service: s.name }, s.memory_bytes);
        if (typeof s.cpu_usec === "number") cpu.set({ service: s.name }, s.cpu_usec / 1e6);
      }
      f.gauge("aios_init_uptime_seconds", "Seconds since init started").set(st.boot.uptime_s);
      f.gauge("aios_boot_ready", "1 once every wanted service came up after boot").set(st.boot.ready ? 1 : 0);
    },
  };
}
