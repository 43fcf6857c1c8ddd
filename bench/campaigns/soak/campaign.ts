// The soak campaign's host half: starts guest.sh in a booted appliance (load inside, samples every
// interval), adds load from outside (the web console's API, /metrics and the OpenAI-compatible /v1,
// with the Bearer token), then reads the samples: per service, RSS growth and fd growth from the
// first sample after the warm-up (the second sample; in runs of 10 minutes or more, the first after a
// quarter of the run, at most 15 minutes) to the last, and `aiosctl status` time, first vs last quarter.
import { ssh, webFetch } from "../../../tests/boot/helpers.ts";
import { readFileSync } from "node:fs";

export interface ServiceSoak { name: string; restarts: number; rssFirstKb: number; rssLastKb: number; rssGrowth: number; fdsFirst: number; fdsLast: number; rssQuartersKb: number[] }
export interface SoakReport { seconds: number; samples: number; services: ServiceSoak[]; statusMs: { first: number; last: number }; webRequests: number; webErrors: number; v1Status?: Record<number, number> }

const guest = readFileSync(new URL("guest.sh", import.meta.url), "utf8");
const median = (xs: number[]) => { const s = [...xs].sort((a, b) => a - b); return s.length ? s[Math.floor(s.length / 2)]! : NaN; };

export async function runSoak(sshPort: number, webPort: number, seconds: number, every: number, onLine?: (l: string) => void): Promise<SoakReport> {
  const put = await ssh(sshPort, `cat > /run/soak.sh <<'AIOS_GUEST_EOF'\n${guest}AIOS_GUEST_EOF\nrm -f /run/soak.log; setsid nohup sh /run/soak.sh ${seconds} ${every} > /run/soak.log 2>&1 < /dev/null &`);
  if (put.code !== 0) throw new Error(`could not start the guest half: ${put.stderr}`);
  const token = (await ssh(sshPort, "aiosctl web-token")).stdout.trim().split("\n").at(-1)!.trim();
  const auth = { headers: { authorization: `Bearer ${token}` } };
  const base = `https://127.0.0.1:${webPort}`;
  let webRequests = 0;
  let webErrors = 0;
  const v1Status = new Map<number, number>();
  const until = Date.now() + seconds * 1000;
  const outside = (async () => {
    while (Date.now() < until) {
      for (const path of ["/api/status", "/api/agents", "/api/incidents", "/api/samples", "/metrics"]) {
        webRequests++;
        try { const r = await webFetch(`${base}${path}`, auth); await r.arrayBuffer(); if (r.status >= 500) webErrors++; } catch { webErrors++; }
      }
      webRequests++;
      try {
        const r = await webFetch(`${base}/v1/chat/completions`, { method: "POST", headers: { ...auth.headers, "content-type": "application/json" }, body: JSON.stringify({ model: "aios", messages: [{ role: "user", content: "how is the memory?" }] }) });
        await r.arrayBuffer();
        v1Status.set(r.status, (v1Status.get(r.status) ?? 0) + 1);
        if (r.status >= 500) webErrors++; // model `aios` answers through the reactive tier when no model can
      } catch { webErrors++; }
      await Bun.sleep(1000);
    }
  })();
  let log = "";
  let seen = 0;
  for (;;) {
    await Bun.sleep(Math.min(30_000, every * 1000));
    const r = await ssh(sshPort, "cat /run/soak.log");
    if (r.code !== 0) continue;
    log = r.stdout;
    const lines = log.split("\n").filter(Boolean);
    for (const l of lines.slice(seen)) onLine?.(l);
    seen = lines.length;
    if (/^DONE$/m.test(log)) break;
  }
  await outside;
  return { ...summarize(log, seconds, webRequests, webErrors), v1Status: Object.fromEntries(v1Status) };
}

export function summarize(log: string, seconds: number, webRequests: number, webErrors: number): SoakReport {
  const lines = log.split("\n");
  const status = lines.filter((l) => l.startsWith("T ")).map((l) => Number(l.split(" ")[2]));
  const rows = lines.filter((l) => l.startsWith("S ")).map((l) => { const [, t, name, pid, rss, fds] = l.split(" "); return { t: Number(t), name: name!, pid: Number(pid), rss: Number(rss), fds: Number(fds) }; });
  const times = [...new Set(rows.map((r) => r.t))].sort((a, b) => a - b);
  // The first sample is taken before the load settles; a long run also leaves out its first quarter, up
  // to 15 minutes, where the services' caches and windows fill by design (the monitor keeps ~11 minutes
  // of observations for its detectors): growth is judged after that, where a leak keeps climbing.
  const warmS = seconds >= 600 ? Math.min(900, seconds / 4) : 0;
  const warm = times.find((t, i) => i >= 1 && t - times[0]! >= warmS) ?? times[Math.min(1, times.length - 1)];
  const names = [...new Set(rows.map((r) => r.name))].filter((n) => n !== "chatty");
  const services = names.map((name) => {
    const mine = rows.filter((r) => r.name === name && r.t >= (warm ?? 0));
    const first = mine[0]!;
    const last = mine.at(-1)!;
    // A service that restarted (the crashed ntp) is compared within its last life.
    const life = mine.filter((r) => r.pid === last.pid);
    const from = life[0] ?? first;
    // RSS at each quarter of the run: a heap that settles (JIT, caches) flattens; a leak keeps climbing.
    const rssQuartersKb = [1, 2, 3].map((k) => life[Math.floor((life.length - 1) * k / 4)]?.rss ?? last.rss);
    return { name, restarts: new Set(mine.map((r) => r.pid)).size - 1, rssFirstKb: from.rss, rssLastKb: last.rss, rssGrowth: (last.rss - from.rss) / from.rss, fdsFirst: from.fds, fdsLast: last.fds, rssQuartersKb };
  });
  const q = Math.max(1, Math.floor(status.length / 4));
  return { seconds, samples: times.length, services, statusMs: { first: median(status.slice(0, q)), last: median(status.slice(-q)) }, webRequests, webErrors };
}

export function formatSoak(r: SoakReport): string {
  return [
    `soak: ${r.seconds} s, ${r.samples} samples; web/API/v1 requests from outside ${r.webRequests}, 5xx or failed ${r.webErrors}; /v1 answers by status ${JSON.stringify(r.v1Status ?? {})}`,
    `aiosctl status: median ${r.statusMs.first} ms in the first quarter, ${r.statusMs.last} ms in the last (ratio ${(r.statusMs.last / r.statusMs.first).toFixed(2)})`,
    "service         RSS first → last (KiB)   growth   fds first → last   restarts   RSS at 1/4, 1/2, 3/4 (KiB)",
    ...r.services.map((s) => `${s.name.padEnd(15)} ${String(s.rssFirstKb).padStart(8)} → ${String(s.rssLastKb).padEnd(9)} ${`${(s.rssGrowth * 100).toFixed(1)}%`.padStart(7)}   ${String(s.fdsFirst).padStart(5)} → ${String(s.fdsLast).padEnd(5)}      ${String(s.restarts).padEnd(10)} ${s.rssQuartersKb.join(", ")}`),
  ].join("\n");
}
