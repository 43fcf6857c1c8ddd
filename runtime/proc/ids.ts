// User and group ids by name, from /etc/passwd and /etc/group (no NSS: the appliance has files only).
import { readFileSync } from "node:fs";

function field(file: string, name: string): string[] | undefined {
  try {
    return readFileSync(file, "utf8").split("\n").map((l) => l.split(":")).find((f) => f[0] === name);
  } catch { return undefined; }
}

export function groupId(name: string, file = "/etc/group"): number | undefined {
  const f = field(file, name);
  return f ? Number(f[2]) : undefined;
}

export function userIds(name: string, file = "/etc/passwd"): { uid: number; gid: number } | undefined {
  const f = field(file, name);
  return f ? { uid: Number(f[2]), gid: Number(f[3]) } : undefined;
}
