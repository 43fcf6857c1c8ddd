// The setup's side effects on the appliance: root's authorized_keys on the state disk (/root/.ssh links
// there, so dropbear reads it at once), the hostname and network settings in a config.d drop-in on the
// state disk (the one settings table; the network service applies network.* at every boot), and the marker.
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { auditOnce } from "../../../runtime/audit/append.ts";
import { setKey, writeAtomically } from "../../../runtime/config/edit.ts";
import { setting, value } from "../../../runtime/config/settings.ts";
import { errorMessage } from "../../../runtime/errors.ts";
import type { Runner } from "../../../runtime/proc/exec.ts";
import { personActor } from "../../../tools/appliance.ts";
import { writeAtomic } from "../../../tools/files/paths.ts";
import { readKeys } from "../../../tools/users/passwd.ts";
import { currentCert } from "../../web/tls/cert.ts";
import { webToken } from "../../web/token.ts";
import { reachable, readAddresses } from "../rescue/addresses.ts";
import type { NetChoice, SetupChange, SetupDeps } from "./dialogue.ts";

export const setupMarker = (stateDir = setting("state_dir")) => join(stateDir, "setup.done");
export const rootKeysFile = (stateDir = setting("state_dir")) => join(stateDir, "ssh/root/authorized_keys");
/** The drop-in the setup writes; config.d is on the state disk (stage 1 links it there). */
export const setupDropIn = (configDir = setting("config_dir")) => join(configDir, "config.d/10-setup.toml");

/** False until setup ran (or QEMU's fw_cfg said opt/aios/setup=skip, see rootfs/usr/share/aios/seed.sh). */
export const setupDone = (stateDir = setting("state_dir")) => existsSync(setupMarker(stateDir));

export interface SetupEnv {
  stateDir?: string;
  configDir?: string;
  runner: Runner;
  /** Restarts a service through init (the network service re-reads its settings when it starts). */
  restart(service: string): Promise<void>;
  /** The persistent hostname file the kernel's name is set beside ("/etc/hostname"). */
  hostnameFile?: string;
  /** How long the last screen waits, on first boot, for an address (DHCP) and the web console's certificate. */
  waitMs?: number;
}

const tomlString = (s: string) => JSON.stringify(s);

export function currentNetwork(): NetChoice {
  const address = setting("net_address");
  return address ? { mode: "static", address, gateway: setting("net_gateway"), dns: [...(value("net_dns") as readonly string[])] } : { mode: "dhcp" };
}

export function setupDeps(env: SetupEnv): SetupDeps {
  const stateDir = env.stateDir ?? setting("state_dir"), configDir = env.configDir ?? setting("config_dir");
  const keys = rootKeysFile(stateDir);
  return {
    keys: () => readKeys(keys),
    addKey(key) {
      mkdirSync(dirname(keys), { recursive: true, mode: 0o700 });
      chmodSync(dirname(keys), 0o700); // dropbear refuses keys in a folder others can write
      const before = existsSync(keys) ? readFileSync(keys, "utf8") : "";
      writeAtomic(keys, `${before}${before && !before.endsWith("\n") ? "\n" : ""}${key.line}\n`, 0o600);
    },
    hostname: () => setting("hostname"),
    network: currentNetwork,
    async apply(change: SetupChange) {
      const file = setupDropIn(configDir);
      let text = existsSync(file) ? readFileSync(file, "utf8") : "# written by the first-boot setup (/setup on the console); config.d overrides config.toml\n";
      if (change.hostname) text = setKey(text, "system.hostname", tomlString(change.hostname));
      const n = change.network;
      if (n) {
        text = setKey(text, "network.address", tomlString(n.mode === "static" ? n.address : ""));
        text = setKey(text, "network.gateway", tomlString(n.mode === "static" ? n.gateway : ""));
        text = setKey(text, "network.dns", `[${(n.mode === "static" ? n.dns : []).map(tomlString).join(", ")}]`);
      }
      writeAtomically(file, text);
      const done = [`kept in ${file}`];
      // Audited like any change to the system (a full state disk does not undo the setup: it says so).
      try { auditOnce({ kind: "config.setup", actor: personActor("serial"), subject: file, data: { hostname: change.hostname ?? null, network: n ?? null } }); } catch (err) {
        done.push(`not recorded in the audit log: ${errorMessage(err)}`);
      }
      let hostNow = "";
      if (change.hostname) {
        // Set here, now, before any network restart (whose DHCP asks with /etc/hostname's name): the
        // network service has no power to set the kernel's hostname. The hostname alone does not
        // restart the network (which would renew the lease).
        try {
          writeAtomic(env.hostnameFile ?? "/etc/hostname", `${change.hostname}\n`, 0o644);
          await env.runner.run(["hostname", change.hostname], { timeoutMs: 5000 });
          hostNow = `hostname is now ${change.hostname}`;
        } catch (err) { hostNow = `hostname not set now (${errorMessage(err)}); the network agent proposes it`; }
        if (!n) done.push(hostNow);
      }
      if (n) {
        try {
          await env.restart("network");
          done.push(`network restarted: ${n.mode === "dhcp" ? "asking DHCP for an address" : `${n.address} is set`}${hostNow ? `; ${hostNow}` : ""}`);
        } catch (err) { done.push(`the network service could not be restarted (${errorMessage(err)}); the settings apply at the next boot`); }
      }
      return done;
    },
    async reach() {
      const port = setting("web_port");
      const deadline = Date.now() + (env.waitMs ?? 0);
      // The network service marks the uplink online (a DHCP lease or the static address); an IPv6
      // autoconfigured address alone comes earlier and is not what a person types.
      const online = join(setting("run_dir"), "net/online");
      const look = async () => ({ online: existsSync(online), addrs: (await readAddresses(env.runner)).flatMap(reachable).map((a) => a.split("/")[0]!), cert: currentCert() });
      let seen = await look();
      while ((!seen.online || !seen.cert) && Date.now() < deadline) { await Bun.sleep(1000); seen = await look(); }
      const { cert } = seen;
      const hosts = seen.addrs.map((a) => (a.includes(":") ? `[${a}]` : a));
      return [
        ...(hosts.length ? hosts.map((h) => `web console: https://${h}:${port}/`) : ["web console: no network address yet (the rescue menu, /rescue, shows the links)"]),
        "  under QEMU with npm start: https://127.0.0.1:9090/ on the host",
        `certificate SHA-256: ${cert?.fingerprint ?? "not made yet (the web console makes it when it starts; /web shows it later)"}`,
        "  the browser warns about the self-signed certificate: go on only if it shows this fingerprint",
        "first login: leave the user name empty and give this token as the password",
        `  ${webToken(join(stateDir, "web/token"))}`,
        "  then make named logins: aiosctl web-user add <name> --role admin",
        ...(hosts.length ? [`ssh: ssh root@${hosts[0]!.replace(/^\[|\]$/g, "")} (with the key from step 1)`] : []),
      ];
    },
    markDone() {
      mkdirSync(stateDir, { recursive: true });
      writeFileSync(setupMarker(stateDir), `setup done ${new Date().toISOString()}\n`);
    },
  };
}
