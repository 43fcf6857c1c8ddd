// The monitor's [settings] (image/agents/monitor.toml), typed, with the defaults the declaration
// ships. A missing or mistyped value falls back to its default: the build checks the declaration.
export const DEFAULTS = {
  cpu_hog_percent: 90,          // of one core, like top
  cpu_hog_seconds: 120,         // above the threshold this long, continuously
  memory_available_percent: 5,  // MemAvailable below this share of MemTotal, two cycles running
  memory_psi_some_avg60: 20,    // PSI "some" avg60 at or above this (percent of time stalled)
  memory_psi_full_avg10: 10,    // PSI "full" avg10 at or above this
  forecast_hours: 24,           // disk.filling when the state disk is forecast full within this
  forecast_window_s: 3600,      // least-squares fit over the samples of this window
  forecast_min_samples: 6,
  forecast_min_span_s: 600,     // no forecast from a few seconds of data
  smart_interval_s: 3600,       // smartctl at most this often
  forecast_every_s: 60,         // the samples table is queried for the fill rate at most this often
  services_max_age_s: 60,       // init's status is asked at least this often; sooner when a service's process changed or one is not steady
  flap_restarts: 3,             // service.flapping: this many restarts ...
  flap_window_s: 600,           // ... within this window
  restart_reset_s: 3600,        // a service up this long has its one spent restart back
  state_dir: "/var/lib/aios",
  control_socket: "",           // "" = init's default socket (AIOS_CONTROL or /run/aios/init.sock)
  exclude_commands: ["^/usr/bin/aios( |$)"], // never cpu hogs: the agents themselves
};

export type MonitorSettings = typeof DEFAULTS;

export function readSettings(raw: Record<string, unknown>): MonitorSettings {
  const out: Record<string, unknown> = { ...DEFAULTS };
  for (const [k, d] of Object.entries(DEFAULTS)) {
    const v = raw[k];
    if (typeof d === "number" && typeof v === "number" && Number.isFinite(v)) out[k] = v;
    else if (typeof d === "string" && typeof v === "string") out[k] = v;
    else if (Array.isArray(d) && Array.isArray(v) && v.every((x) => typeof x === "string")) out[k] = v;
  }
  return out as MonitorSettings;
}
