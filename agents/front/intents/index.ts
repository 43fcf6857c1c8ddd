// One handler per intent: the table the front agent dispatches on (reactive tier).
import type { Intent } from "../router/types.ts";
import type { Handler } from "../types.ts";
import * as history from "./history.ts";
import * as net from "./network.ts";
import * as pkg from "./packages.ts";
import * as people from "./people.ts";
import * as res from "./resources.ts";
import * as svc from "./services.ts";
import * as snap from "./snapshots.ts";
import * as st from "./status.ts";
import * as sys from "./system.ts";

export const HANDLERS: Record<Intent, Handler> = {
  "help": st.help, "greeting": st.greeting,
  "status.overview": st.overview, "system.info": st.info, "agents.status": st.agents, "models.list": st.models, "goals.list": st.goals,
  "service.status": svc.status, "service.start": svc.controlService("start"), "service.stop": svc.controlService("stop"),
  "service.restart": svc.controlService("restart"), "service.logs": svc.logs,
  "disk.usage": res.disk, "memory.usage": res.memory, "processes.top": res.top,
  "network.show": net.show, "ports.list": net.ports,
  "firewall.show": net.firewall, "firewall.open_port": net.openPort, "firewall.close_port": net.closePort,
  "firewall.block_all_incoming": net.blockAll, "firewall.block_address": net.blockAddress, "firewall.reset": net.reset,
  "packages.install": pkg.install, "packages.remove": pkg.remove, "packages.upgradable": pkg.upgradable, "packages.upgrade": pkg.upgrade,
  "packages.installed": pkg.isInstalled,
  "users.list": people.listUsers, "users.add": people.addUser, "users.remove": people.removeUser,
  "keys.list": people.listKeys, "keys.add": people.addKey, "keys.remove": people.removeKey,
  "snapshots.list": snap.list, "snapshots.create": snap.create, "snapshots.rollback": snap.rollback,
  "incidents.list": history.incidents, "incidents.explain": history.explain, "decision.explain": history.lastDecision, "changes.since": history.changes,
  "autonomy.set": sys.autonomy, "system.reboot": sys.reboot,
};
