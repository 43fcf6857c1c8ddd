// Two throwaway namespaces joined by a veth pair, with IPv4 and IPv6 addresses, for tests that send
// real packets through a firewall; and a Runner that runs every command inside one namespace.
import { execFileSync } from "node:child_process";
import { realRunner, type Runner } from "../../../runtime/proc/exec.ts";
import { addNetns, delNetns } from "./netns.ts";

export interface Pair { a: string; b: string; a4: string; b4: string; a6: string; b6: string; close(): void }

/** `a` gets .1 / ::1, `b` gets .2 / ::2; the link is up on both ends and IPv6 skips DAD. */
export function makePair(tag: string, net4 = "10.199.0", net6 = "fd99::"): Pair {
  const a = addNetns(`${tag}a`), b = addNetns(`${tag}b`);
  const ip = (...args: string[]) => execFileSync("ip", args);
  ip("-n", a, "link", "add", "va", "type", "veth", "peer", "name", "vb", "netns", b);
  for (const [ns, dev, n] of [[a, "va", "1"], [b, "vb", "2"]] as const) {
    ip("-n", ns, "addr", "add", `${net4}.${n}/24`, "dev", dev);
    ip("-n", ns, "addr", "add", `${net6}${n}/64`, "dev", dev, "nodad");
    ip("-n", ns, "link", "set", dev, "up");
  }
  return { a, b, a4: `${net4}.1`, b4: `${net4}.2`, a6: `${net6}1`, b6: `${net6}2`, close: () => { delNetns(a); delNetns(b); } };
}

/** The real runner, every command prefixed with `ip netns exec <ns>`: real ip, nft and ping in that namespace. */
export function netnsRunner(ns: string): Runner {
  return { run: (argv, opts) => realRunner.run(["ip", "netns", "exec", ns, ...argv], opts) };
}
