// Parsers for the small text files the network agent reads. Their contents are untrusted data (a DHCP
// server chose the lease): values are checked by pattern and clipped, never interpreted further.

const IP = /^[0-9a-fA-F:.]{2,45}$/;
const DOMAIN = /^[A-Za-z0-9]([A-Za-z0-9.-]{0,251}[A-Za-z0-9])?$/;

export function parseResolvConf(text: string): { nameservers: string[]; search: string[] } {
  const nameservers: string[] = [], search: string[] = [];
  for (const raw of text.split("\n")) {
    const [key, ...rest] = raw.replace(/[#;].*$/, "").trim().split(/\s+/);
    if (key === "nameserver" && rest[0] && IP.test(rest[0])) nameservers.push(rest[0]);
    else if (key === "search" || key === "domain") search.splice(0, search.length, ...rest.filter((d) => DOMAIN.test(d)));
  }
  return { nameservers, search };
}

/** key=value lines (what the udhcpc hook writes). */
export function parseKeyValues(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split("\n")) {
    const i = line.indexOf("=");
    if (i > 0) out[line.slice(0, i).trim()] = line.slice(i + 1).trim().slice(0, 512);
  }
  return out;
}

const words = (v: string | undefined, re: RegExp) => (v ?? "").split(/\s+/).filter((w) => re.test(w));
const intOrNull = (v: string | undefined) => (v !== undefined && /^\d+$/.test(v) ? Number(v) : null);

export function parseLease(text: string) {
  const kv = parseKeyValues(text);
  if (!kv.interface) return null;
  return {
    iface: kv.interface, ip: kv.ip ?? "", routers: words(kv.router, IP), dns: words(kv.dns, IP),
    domain: DOMAIN.test(kv.domain ?? "") ? kv.domain! : "", leaseS: intOrNull(kv.lease_s), boundAt: intOrNull(kv.bound_at),
  };
}

/** `chronyc -c tracking`: CSV whose 3rd field is the stratum and last the leap status. */
export function parseTracking(csv: string): { synced: boolean | null; stratum: number | null; leap: string | null } {
  const f = csv.trim().split("\n")[0]?.split(",") ?? [];
  if (f.length < 14) return { synced: null, stratum: null, leap: null };
  const leap = f.at(-1)!.slice(0, 40);
  return { synced: leap !== "Not synchronised", stratum: intOrNull(f[2]), leap };
}

/** http_proxy (or HTTP_PROXY) from an env file. */
export function parseProxy(text: string): string {
  const kv = parseKeyValues(text.replace(/^export\s+/gm, ""));
  return (kv.http_proxy ?? kv.HTTP_PROXY ?? "").replace(/^["']|["']$/g, "");
}
