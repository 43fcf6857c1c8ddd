// Network settings that live in files: the resolver (/etc/resolv.conf) and the hostname. Inputs are
// addresses and names checked by pattern, never free text, so a decision cannot smuggle in options.
import { existsSync, readFileSync } from "node:fs";
import type { Effect } from "../../runtime/policy/effects.ts";
import { tool, type ToolDeclaration } from "../declaration.ts";
import { sha256, writeAtomic } from "../files/paths.ts";
import { s } from "../schema.ts";

export interface ConfigFiles {
  /** Where the resolver configuration lives ("/etc/resolv.conf"). */
  resolvConf?: string;
  /** The persistent hostname ("/etc/hostname"). */
  hostnameFile?: string;
}

const ipAddr = s.string("IPv4 or IPv6 address", { pattern: "^[0-9a-fA-F:.]{2,45}$" });
const domain = s.string("DNS domain", { pattern: "^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$" });
const hostname = s.string("hostname (RFC 1123 label)", { pattern: "^[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?$" });

/** The resolv.conf the udhcpc hook would write for these values (same order, same lines). */
export function resolvConfText(nameservers: readonly string[], search: readonly string[] = []): string {
  return [...(search.length ? [`search ${search.join(" ")}`] : []), ...nameservers.map((n) => `nameserver ${n}`)].join("\n") + "\n";
}

function writeEffect(path: string, content: string): Effect[] {
  const existed = existsSync(path);
  const previous = existed ? readFileSync(path, "utf8") : null;
  if (previous === content) return [];
  return [{ kind: "file.write", path, existed, bytes: Buffer.byteLength(content), sha256: sha256(content), ...(previous !== null ? { previousSha256: sha256(previous) } : {}) }];
}

export function configFileTools(cfg: ConfigFiles = {}): ToolDeclaration[] {
  const resolv = cfg.resolvConf ?? "/etc/resolv.conf";
  const hostFile = cfg.hostnameFile ?? "/etc/hostname";
  return [
    tool<{ nameservers: string[]; search?: string[] }>({
      name: "network.resolver",
      description: "Write the resolver configuration (nameservers, search domains), as the DHCP lease or the static settings give them.",
      input: s.object({ nameservers: { type: "array", items: ipAddr, description: "nameservers, in order", minItems: 1, maxItems: 3 }, search: s.array(domain, "search domains", 6) }, ["nameservers"]),
      capabilities: ["net.dns.write"],
      destructive: true,
      timeoutMs: 5000,
      plan: async (i) => ({ effects: writeEffect(resolv, resolvConfText(i.nameservers, i.search)) }),
      async execute(i) {
        writeAtomic(resolv, resolvConfText(i.nameservers, i.search), 0o644);
        return { path: resolv, nameservers: i.nameservers };
      },
    }),
    tool<{ name: string }>({
      name: "network.hostname",
      description: "Set the hostname, now (kernel) and across reboots (/etc/hostname).",
      input: s.object({ name: hostname }),
      capabilities: ["net.write"],
      destructive: true,
      timeoutMs: 5000,
      plan: async ({ name }) => ({ effects: writeEffect(hostFile, `${name}\n`) }),
      async execute({ name }, ctx) {
        writeAtomic(hostFile, `${name}\n`, 0o644);
        await ctx.runner.run(["hostname", name]);
        return { hostname: name };
      },
    }),
  ];
}
