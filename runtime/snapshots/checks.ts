// Ready-made health checks for the settle period: a TCP port accepts connections, a command exits 0.
// The appliance passes e.g. tcpCheck("ssh", 22) and tcpCheck("web console", 9090) to every change.
import { errorMessage } from "../errors.ts";
import type { Runner } from "../proc/exec.ts";
import type { HealthCheck } from "./health.ts";

export function tcpCheck(name: string, port: number, host = "127.0.0.1", timeoutMs = 2000): HealthCheck {
  return {
    name,
    check: () => new Promise<true | string>((resolve) => {
      const timer = setTimeout(() => resolve(`${host}:${port} did not answer in ${timeoutMs} ms`), timeoutMs);
      Bun.connect({
        hostname: host, port,
        socket: { open(s) { clearTimeout(timer); s.end(); resolve(true); }, data() {}, error(_, err) { clearTimeout(timer); resolve(`${host}:${port}: ${err.message}`); } },
      }).catch((err) => { clearTimeout(timer); resolve(`${host}:${port}: ${errorMessage(err)}`); });
    }),
  };
}

export function commandCheck(name: string, runner: Runner, argv: string[], timeoutMs = 5000): HealthCheck {
  return {
    name,
    async check() {
      const r = await runner.run(argv, { check: false, timeoutMs }).catch((err) => ({ code: -1, stderr: errorMessage(err) }));
      return r.code === 0 ? true : `${argv.join(" ")} exited ${r.code}: ${r.stderr.trim().split("\n").at(-1) ?? ""}`;
    },
  };
}
