// What node_uname_info labels, read from /proc/sys/kernel (the same strings uname(2) returns) so no
// process is spawned; the machine comes from the runtime, which asked uname(2) once.
import { readFileSync } from "node:fs";
import { machine } from "node:os";

export interface Uname { sysname: string; release: string; version: string; machine: string; nodename: string; domainname: string }

export function readUname(proc = "/proc", arch = machine()): Uname {
  const k = (f: string) => { try { return readFileSync(`${proc}/sys/kernel/${f}`, "utf8").trim(); } catch { return ""; } };
  return { sysname: k("ostype") || "Linux", release: k("osrelease"), version: k("version"), machine: arch, nodename: k("hostname"), domainname: k("domainname") };
}
