// A private system-like bus for tests: dbus-daemon with Debian's default system policy (deny by
// default) plus the policy file the image ships, listening on a unix path in a scratch directory.
import type { Subprocess } from "bun";
import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { repo } from "../init/fixture.ts";

const config = (socket: string) => `<!DOCTYPE busconfig PUBLIC "-//freedesktop//DTD D-Bus Bus Configuration 1.0//EN"
 "http://www.freedesktop.org/standards/dbus/1.0/busconfig.dtd">
<busconfig>
  <type>system</type>
  <listen>unix:path=${socket}</listen>
  <auth>EXTERNAL</auth>
  <policy context="default">
    <allow user="*"/>
    <deny own="*"/>
    <deny send_type="method_call"/>
    <allow send_type="signal"/>
    <allow send_requested_reply="true" send_type="method_return"/>
    <allow send_requested_reply="true" send_type="error"/>
    <allow receive_type="method_call"/>
    <allow receive_type="method_return"/>
    <allow receive_type="error"/>
    <allow receive_type="signal"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Introspectable"/>
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Properties"/>
  </policy>
  <policy user="root">
    <allow send_destination="org.freedesktop.DBus" send_interface="org.freedesktop.DBus.Monitoring"/>
  </policy>
  <include>${repo}rootfs/etc/dbus-1/system.d/org.aios.Init1.conf</include>
</busconfig>
`;

export class PrivateBus {
  readonly dir = mkdtempSync(`${tmpdir()}/aios-bus-`);
  readonly socket = `${this.dir}/system_bus_socket`;
  readonly address = `unix:path=${this.socket}`;
  private proc?: Subprocess;

  async start(): Promise<void> {
    chmodSync(this.dir, 0o755); // so an unprivileged client can reach the socket
    writeFileSync(`${this.dir}/bus.conf`, config(this.socket));
    this.proc = Bun.spawn(["dbus-daemon", `--config-file=${this.dir}/bus.conf`, "--nofork", "--nopidfile", "--print-address"], { stdio: ["ignore", "pipe", "pipe"] });
    // --print-address writes the address once the bus listens.
    const reader = (this.proc.stdout as ReadableStream<Uint8Array>).getReader();
    const { value } = await reader.read();
    reader.releaseLock();
    if (!value || !new TextDecoder().decode(value).includes(this.socket)) {
      throw new Error(`dbus-daemon did not start: ${await new Response(this.proc.stderr as ReadableStream).text()}`);
    }
  }

  async stop(): Promise<void> {
    this.proc?.kill("SIGTERM");
    await this.proc?.exited;
  }
}

/** busctl against the private bus; `as` runs it as another user (uid:gid) through setpriv. */
export async function busctl(address: string, args: string[], as?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  const run = as ? ["setpriv", `--reuid=${as.split(":")[0]}`, `--regid=${as.split(":")[1]}`, "--clear-groups"] : [];
  const p = Bun.spawn([...run, "busctl", `--address=${address}`, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  const [stdout, stderr, code] = await Promise.all([new Response(p.stdout).text(), new Response(p.stderr).text(), p.exited]);
  return { code, stdout, stderr };
}
