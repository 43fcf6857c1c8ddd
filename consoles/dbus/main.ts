// The D-Bus face of aios init: org.aios.Init1 at /org/aios/Init1 on the system bus, bridged to init's
// control socket (so PID 1 itself never loads a D-Bus library). Runs as the init-dbus service.
import { controlSocket, notifyReady } from "../../runtime/control/client.ts";
import { startBridge } from "./bridge.ts";
import { BUS_NAME } from "./names.ts";

/** The system bus; DBUS_SYSTEM_BUS_ADDRESS points elsewhere (tests run a private bus). */
export const systemBusAddress = () => process.env.DBUS_SYSTEM_BUS_ADDRESS ?? "unix:path=/run/dbus/system_bus_socket";

export async function runDbusBridge(): Promise<void> {
  const bridge = await startBridge({
    busAddress: systemBusAddress(),
    controlSocket: controlSocket(),
    log: (line) => console.log(line),
    // Exit, so init restarts us against the new bus once it is back.
    onBusLost: (why) => { console.error(`dbus-bridge: ${why}`); process.exit(1); },
  });
  console.log(`owning ${BUS_NAME} on ${systemBusAddress()}`);
  await notifyReady();
  const quit = () => { void bridge.close().finally(() => process.exit(0)); };
  process.on("SIGTERM", quit);
  process.on("SIGINT", quit);
}
