// Thin helpers over prom-client for values read from elsewhere: every scrape builds fresh registries,
// so a counter is set once to the source's total (no reset dance) and a series that vanished at the
// source vanishes here. Histograms whose buckets were counted elsewhere (SQL) go through `histogram`.
import { Counter, Gauge, Registry, type Metric } from "prom-client";

export type Labels = Record<string, string | number>;
export interface BucketedSeries { labels: Labels; buckets: readonly (readonly [le: number, cumulative: number])[]; sum: number; count: number }

export class Families {
  readonly registry = new Registry();

  gauge(name: string, help: string, labelNames: readonly string[] = []): Gauge {
    return new Gauge({ name, help, labelNames, registers: [this.registry] });
  }

  /** A counter whose total is kept by the source: `set` it once per label set. */
  counter(name: string, help: string, labelNames: readonly string[] = []): { set(labels: Labels, total: number): void } {
    const c = new Counter({ name, help, labelNames, registers: [this.registry] });
    return { set: (labels, total) => c.inc(labels, Math.max(0, total)) };
  }

  /**
   * A histogram from pre-counted cumulative buckets. prom-client's Histogram can only observe() one
   * value at a time; its registry formats any object with name, help, type and get(), so this one
   * hands it the _bucket/_sum/_count samples directly and prom-client does the escaping and layout.
   */
  histogram(name: string, help: string, series: readonly BucketedSeries[]): void {
    const values = series.flatMap((s) => [
      ...s.buckets.map(([le, n]) => ({ metricName: `${name}_bucket`, labels: { ...s.labels, le }, value: n })),
      { metricName: `${name}_bucket`, labels: { ...s.labels, le: "+Inf" }, value: s.count },
      { metricName: `${name}_sum`, labels: s.labels, value: s.sum },
      { metricName: `${name}_count`, labels: s.labels, value: s.count },
    ]);
    const metric = { name, help, type: "histogram", aggregator: "sum", get: async () => ({ name, help, type: "histogram", aggregator: "sum", values }) };
    this.registry.registerMetric(metric as unknown as Metric);
  }
}
