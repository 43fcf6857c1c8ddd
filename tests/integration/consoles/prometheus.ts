// A real Prometheus (Debian's `prometheus` package) with its own config and data dir on a free
// loopback port, scraping one target every second; queried back through its HTTP API.
import { existsSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import type { Subprocess } from "bun";

export const PROMETHEUS = "/usr/bin/prometheus";
export const havePrometheus = existsSync(PROMETHEUS);

function freePort(): number {
  const s = Bun.serve({ port: 0, hostname: "127.0.0.1", fetch: () => new Response() });
  const port = s.port!;
  s.stop(true);
  return port;
}

export class PrometheusUnderTest {
  readonly dir = mkdtempSync(`${tmpdir()}/aios-prom-`);
  readonly port = freePort();
  proc?: Subprocess;
  log = "";

  /** caFile: the target speaks https with this (self-signed) certificate, which Prometheus is told to trust. */
  constructor(target: string, token: string, caFile?: string) {
    writeFileSync(`${this.dir}/prometheus.yml`, [
      "global: { scrape_interval: 1s, scrape_timeout: 1s }",
      "scrape_configs:",
      "  - job_name: aios",
      "    metrics_path: /metrics",
      ...(caFile ? ["    scheme: https", `    tls_config: { ca_file: ${JSON.stringify(caFile)} }`] : []),
      `    authorization: { credentials: ${JSON.stringify(token)} }`,
      `    static_configs: [{ targets: [${JSON.stringify(target)}] }]`,
    ].join("\n"));
  }

  async start(): Promise<void> {
    this.proc = Bun.spawn([PROMETHEUS, `--config.file=${this.dir}/prometheus.yml`, `--storage.tsdb.path=${this.dir}/data`,
      `--web.listen-address=127.0.0.1:${this.port}`], { stdio: ["ignore", "ignore", "pipe"] });
    void (async () => { for await (const c of this.proc!.stderr as ReadableStream<Uint8Array>) this.log += new TextDecoder().decode(c); })();
    for (;;) {
      if (this.proc.exitCode !== null) throw new Error(`prometheus exited: ${this.log}`);
      try { if ((await fetch(`http://127.0.0.1:${this.port}/-/ready`)).ok) return; } catch { /* not yet */ }
      await Bun.sleep(100);
    }
  }

  /** An instant query; the vector's samples as {labels, value}. */
  async query(q: string): Promise<{ metric: Record<string, string>; value: number }[]> {
    const r = (await (await fetch(`http://127.0.0.1:${this.port}/api/v1/query?query=${encodeURIComponent(q)}`)).json()) as
      { status: string; error?: string; data: { result: { metric: Record<string, string>; value: [number, string] }[] } };
    if (r.status !== "success") throw new Error(`prometheus: ${r.error}`);
    return r.data.result.map((s) => ({ metric: s.metric, value: Number(s.value[1]) }));
  }

  /** Polls `q` until `pred` holds on its result (Prometheus scrapes every second). */
  async until(q: string, pred: (r: Awaited<ReturnType<PrometheusUnderTest["query"]>>) => boolean) {
    for (;;) {
      const r = await this.query(q);
      if (pred(r)) return r;
      if (this.proc?.exitCode !== null) throw new Error(`prometheus exited: ${this.log}`);
      await Bun.sleep(200);
    }
  }

  async stop(): Promise<void> {
    this.proc?.kill("SIGTERM");
    await this.proc?.exited;
    rmSync(this.dir, { recursive: true, force: true });
  }
}
