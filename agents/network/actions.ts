// The actions a network decision may name, and the tool calls each becomes. Values come from the
// finding's facts (what was observed in the lease or read from the settings), never from the
// decision's parameters, so neither a rule nor a model can invent a nameserver, address or port.
import type { ActionSpec, Finding, ToolCall } from "../loop/types.ts";
import { s } from "../../tools/schema.ts";

const none = s.object({});
const fact = (f: Finding, k: string) => f.facts[k];
const strings = (v: unknown) => (Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : []);
const restart = (id: string): ToolCall => ({ tool: "services.control", input: { id, action: "restart" } });

/** Services the agent may restart: the DHCP client (network) and the clock (ntp). */
export const RESTARTABLE = ["network", "ntp"] as const;
export const PROXY = /^[A-Za-z][A-Za-z0-9+.-]*:\/\/[^\s'"\\$`]{1,255}$/;

export const actions: Record<string, ActionSpec> = {
  renew_dhcp: {
    description: "Renew the DHCP lease by restarting the supervised DHCP client (service network).",
    params: none,
    calls: () => [restart("network")],
  },
  restart_service: {
    description: "Restart a crashed or stuck network service once (network = DHCP client, ntp = clock).",
    params: s.object({ service: s.enum([...RESTARTABLE]) }),
    calls: (p, f) => [restart(String(p.service ?? fact(f, "service")))],
  },
  restore_resolver: {
    description: "Write /etc/resolv.conf from the DHCP lease (or the static settings) as the finding recorded them.",
    params: none,
    calls: (_, f) => [{ tool: "network.resolver", input: { nameservers: strings(fact(f, "expected")), search: strings(fact(f, "search")) } }],
  },
  restore_firewall: {
    description: "Put the default firewall table back (reload it, or set its input policy back to drop).",
    params: none,
    calls: () => [{ tool: "firewall.restore", input: {} }],
  },
  bring_link_up: {
    description: "Set the uplink administratively up (waits for approval: link changes are high risk).",
    params: none,
    calls: (_, f) => [{ tool: "network.link", input: { iface: fact(f, "iface"), state: "up" } }],
  },
  add_static_address: {
    description: "Add the configured static address to the uplink (waits for approval).",
    params: none,
    calls: (_, f) => [{ tool: "network.address", input: { iface: fact(f, "iface"), addr: fact(f, "expected"), action: "add" } }],
  },
  add_default_route: {
    description: "Add the default route via the configured or leased gateway (waits for approval).",
    params: none,
    calls: (_, f) => [{ tool: "network.route", input: { dst: "default", via: fact(f, "gateway"), dev: fact(f, "iface"), action: "add" } }],
  },
  set_hostname: {
    description: "Set the hostname to the configured one (waits for approval).",
    params: none,
    calls: (_, f) => [{ tool: "network.hostname", input: { name: fact(f, "expected") } }],
  },
  set_proxy: {
    description: "Write the configured proxy to the proxy file (waits for approval).",
    params: none,
    calls: (_, f) => {
      const p = String(fact(f, "expected") ?? "");
      return [{ tool: "files.write", input: { path: String(fact(f, "file")), content: p ? `http_proxy=${p}\nhttps_proxy=${p}\nno_proxy=localhost,127.0.0.1,::1\n` : "" } }];
    },
  },
};
