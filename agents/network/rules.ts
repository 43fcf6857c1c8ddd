// The reactive tier: one rule set per finding kind, covering every duty with no model. Resolver and
// firewall restores and service restarts are low risk and run by themselves in normal mode; link,
// address, route, hostname and proxy changes are proposed and wait for approval; what the appliance
// cannot fix (no carrier, a dead gateway, an unreadable firewall) escalates to a person.
import type { Rule } from "../../runtime/models/reactive/reactive-model.ts";
import { always, type Choice } from "../loop/types.ts";
import { PROXY } from "./actions.ts";

const choose = (action: string, reason: string, params: Record<string, unknown> = {}): Choice => ({ action, params, reason });
const escalate = (name: string, reason: string): Rule => always(name, () => choose("escalate", reason));
const has = (k: string) => (f: Record<string, unknown>) => f[k] !== null && f[k] !== undefined && f[k] !== "";
const listed = (k: string) => (f: Record<string, unknown>) => Array.isArray(f[k]) && (f[k] as unknown[]).length > 0;

export const rules: Record<string, Rule[]> = {
  "link.down": [
    always("admin-down", (f) => choose("bring_link_up", `${f.iface} is administratively down`), (f) => f.adminUp === false),
    escalate("no-carrier", "the uplink has no carrier: a cable, switch or virtual NIC problem a person must look at"),
  ],
  "address.missing": [
    always("dhcp-renew", () => choose("renew_dhcp", "no address on the uplink: renew the DHCP lease"), (f) => f.mode === "dhcp"),
    always("static-add", (f) => choose("add_static_address", `the configured ${f.expected} is missing`), (f) => f.mode === "static" && has("expected")(f)),
    escalate("unknown", "no address and no way to get one"),
  ],
  "route.missing": [
    always("dhcp-renew", () => choose("renew_dhcp", "no default route: renew the DHCP lease (it carries the router)"), (f) => f.mode === "dhcp"),
    always("static-add", (f) => choose("add_default_route", `add the default route via ${f.gateway}`), (f) => f.mode === "static" && has("gateway")(f)),
    escalate("no-gateway", "no default route and no gateway configured"),
  ],
  "dhcp.stopped": [always("restart", () => choose("restart_service", "the DHCP client is not running: restart it once", { service: "network" }))],
  "dhcp.lease-expired": [always("renew", () => choose("renew_dhcp", "the lease expired without renewal"))],
  "dns.missing": [
    always("from-source", (f) => choose("restore_resolver", `no nameserver configured: restore from the ${f.source}`), listed("expected")),
    escalate("no-source", "no nameserver configured, and neither a lease nor the settings name one"),
  ],
  "dns.differs": [
    always("from-source", (f) => choose("restore_resolver", `the resolver differs from the ${f.source}: restore it`), listed("expected")),
    escalate("no-source", "the resolver differs and there is nothing to restore it from"),
  ],
  "gateway.unreachable": [escalate("gateway", "the gateway does not answer: upstream network trouble a person must look at")],
  "internet.unreachable": [escalate("upstream", "the gateway answers but the reachability target does not")],
  "firewall.missing": [
    always("restore", () => choose("restore_firewall", "the default firewall is not loaded: restore it"), (f) => f.unreadable !== true),
    escalate("unreadable", "the firewall cannot be read (is nft there?)"),
  ],
  "firewall.drifted": [always("restore", () => choose("restore_firewall", "the inbound policy is no longer drop: restore it"))],
  "clock.unsynced": [
    always("restart-ntp", () => choose("restart_service", "chronyd is not running: restart it once", { service: "ntp" }), (f) => f.ntpRunning === false),
    escalate("no-sync", "chronyd runs but has no synchronised source (servers unreachable?)"),
  ],
  "hostname.differs": [always("set", (f) => choose("set_hostname", `the configured hostname is ${f.expected}`), has("expected"))],
  "proxy.differs": [
    always("set", (f) => choose("set_proxy", f.expected ? `the configured proxy is ${f.expected}` : "no proxy is configured: clear it"),
      (f) => f.expected === "" || PROXY.test(String(f.expected))),
    escalate("bad-setting", "the configured proxy is not a URL"),
  ],
};
