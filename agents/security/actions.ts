// The actions a security decision may name, each a typed schema and the tool calls it becomes.
import type { ActionSpec } from "../loop/types.ts";
import { s } from "../../tools/schema.ts";

const where = { family: s.enum(["inet", "ip", "ip6"]), table: s.string("nft table", { pattern: "^[A-Za-z0-9_-]{1,64}$" }), chain: s.string("nft chain", { pattern: "^[A-Za-z0-9_-]{1,64}$" }) };
const path = s.string("absolute path", { pattern: "^/", maxLength: 4096 });

export const actions: Record<string, ActionSpec> = {
  stop_process: {
    description: "Stop the process that owns an unexpected listener.",
    params: s.object({ pid: s.int("process id", 2), signal: s.enum(["TERM", "KILL"]) }),
    calls: (p) => [{ tool: "processes.signal", input: { pid: p.pid, signal: p.signal } }],
  },
  close_port: {
    description: "Drop inbound traffic to a port in the appliance's input chain.",
    params: s.object({ port: s.int("port", 1, 65535), proto: s.enum(["tcp", "udp"]), ...where }),
    calls: (p) => [{ tool: "firewall.port", input: { action: "block", port: p.port, proto: p.proto, family: p.family, table: p.table, chain: p.chain } }],
  },
  remove_suid: {
    description: "Remove the setuid/setgid bits of a file.",
    params: s.object({ path, mode: s.int("new mode (the old one without 0o6000)", 0, 0o1777) }),
    calls: (p) => [{ tool: "files.chmod", input: { path: p.path, mode: p.mode } }],
  },
  tighten_mode: {
    description: "Tighten a secret's permission bits to the allowed ones.",
    params: s.object({ path, mode: s.int("new mode", 0, 0o777) }),
    calls: (p) => [{ tool: "files.chmod", input: { path: p.path, mode: p.mode } }],
  },
  block_address: {
    description: "Drop all traffic from an address that is brute-forcing ssh.",
    params: s.object({ addr: s.string("IPv4 or IPv6 address", { pattern: "^[0-9A-Fa-f:.]{2,45}$" }), ...where }),
    calls: (p) => [{ tool: "firewall.block", input: { addr: p.addr, family: p.family, table: p.table, chain: p.chain } }],
  },
};
