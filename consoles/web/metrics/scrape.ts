// One scrape: every source fills its own registry, at once and each within a deadline. A source that
// throws or is late is left out whole (no half-written families) and reported as
// aios_scrape_source_up{source} 0; the scrape itself never fails because a source did.
import { Registry } from "prom-client";
import { errorMessage } from "../../../runtime/errors.ts";
import { Families } from "./families.ts";

export interface Source {
  name: string;
  collect(f: Families): Promise<void> | void;
}

export interface ScrapeResult { text: string; contentType: string; failures: { source: string; error: string }[] }

function deadline(ms: number, source: string): { promise: Promise<never>; cancel(): void } {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const promise = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`${source} took over ${ms} ms`)), ms); });
  return { promise, cancel: () => clearTimeout(timer) };
}

export async function scrape(sources: readonly Source[], timeoutMs = 2000): Promise<ScrapeResult> {
  const meta = new Families();
  const up = meta.gauge("aios_scrape_source_up", "1 when the source answered this scrape, 0 when its series are missing", ["source"]);
  const took = meta.gauge("aios_scrape_source_duration_seconds", "How long the source took in this scrape", ["source"]);
  const failures: ScrapeResult["failures"] = [];
  const done = await Promise.all(sources.map(async (s) => {
    const f = new Families();
    const t0 = performance.now();
    const d = deadline(timeoutMs, s.name);
    try {
      await Promise.race([Promise.resolve().then(() => s.collect(f)), d.promise]);
      up.set({ source: s.name }, 1);
      return f.registry;
    } catch (err) {
      up.set({ source: s.name }, 0);
      failures.push({ source: s.name, error: errorMessage(err) });
      return undefined;
    } finally {
      d.cancel();
      took.set({ source: s.name }, (performance.now() - t0) / 1000);
    }
  }));
  const registry = Registry.merge([...done.filter((r): r is Registry => r !== undefined), meta.registry]);
  return { text: await registry.metrics(), contentType: registry.contentType, failures };
}
