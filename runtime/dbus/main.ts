// The D-Bus face of aios init: org.aios.Init1 at /org/aios/Init1 on the system bus, bridged to init's
// control socket (so PID 1 itself never loads a D-Bus library).

export async function runDbusBridge(): Promise<void> {
  throw new Error("the D-Bus bridge is not built yet");
}
