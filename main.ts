// The multi-call `aios` binary: one compiled program for every role, picked by the name it was
// invoked as (aiosctl) or by its first argument. Roles are imported lazily, so PID 1 loads only init.
// It sits at the top because it is the composition root: it imports every layer (init, consoles,
// agents, the model runtime), and nothing imports it.
import { basename } from "node:path";
import { takeFlags } from "./runtime/config/flags.ts";

const USAGE = `usage: aios <role> [args]
  init              PID 1: the service manager
  agent <name>      run a system agent (monitor)
  agents            the agent host: every declared agent's loop (unprivileged)
  executor          the agents' executor: carries out approved tool calls (root)
  console           the chat console on this terminal
  web               the management web console (port 9090), unprivileged (aios-web)
  web-state         prepares the web console's folders (root, before it starts)
  model-runtime     the local model runtime (node-llama-cpp), on /run/aios/models.sock
  dbus-bridge       org.aios.Init1 on the system bus
  audit-recorder    records service state changes in the audit log
  notify            sends incidents that need a person and pending approvals (webhook, email)
  settings-env <key>...  settings as shell assignments, for the boot scripts
  state-check       once per boot: checks the databases, moves a damaged one aside
  update-boot       once per boot: boot events into the audit log; commits a healthy trial of an update
  ctl <verb> ...    aiosctl (also when invoked as aiosctl)
Every role takes --set key=value (repeatable) over /etc/aios/config.toml and AIOS_* variables.`;

export async function main(argv0: string, argv: string[]): Promise<void> {
  const args = takeFlags(argv);
  const role = basename(argv0) === "aiosctl" ? "ctl" : args.shift();
  switch (role) {
    case "init": return (await import("./init/main.ts")).runInit();
    case "ctl": case "aiosctl": return (await import("./consoles/aiosctl/aiosctl.ts")).runAiosctl(args);
    case "console": return (await import("./consoles/serial/serial.ts")).runConsole();
    case "web": return (await import("./consoles/web/app.ts")).runWeb();
    case "web-state": return (await import("./consoles/web/prepare.ts")).runWebState();
    case "model-runtime": {
      // Not bundled: node-llama-cpp must be resolved from a node_modules folder on disk, and a bundled
      // import of it would be hoisted and break every other role. The image points this at its bundle.
      const entry = process.env.AIOS_MODEL_RUNTIME_ENTRY ?? "./runtime/model-runtime/main.ts";
      return (await import(entry)).main(args);
    }
    case "dbus-bridge": return (await import("./consoles/dbus/main.ts")).runDbusBridge();
    case "agents": return (await import("./agents/host/main.ts")).runAgentHost();
    case "executor": return (await import("./agents/host/main.ts")).runExecutor();
    case "notify": return (await import("./agents/notify/service.ts")).runNotify();
    case "settings-env": return (await import("./runtime/config/shell-env.ts")).printShellEnv(args);
    case "audit-recorder": return (await import("./runtime/audit/recorder.ts")).runAuditRecorder();
    case "state-check": return (await import("./runtime/health/state-check.ts")).runStateCheck();
    case "update-boot": return (await import("./runtime/update/boot.ts")).runUpdateBoot();
    case "agent": {
      const name = args.shift();
      if (name === "monitor") return (await import("./agents/monitor/index.ts")).runMonitor();
      console.error(`aios agent: unknown agent "${name ?? ""}" (known: monitor)`);
      process.exit(2);
    }
    default:
      console.error(USAGE);
      process.exit(role ? 2 : 0);
  }
}

if (import.meta.main) await main(process.argv0, process.argv.slice(2));
