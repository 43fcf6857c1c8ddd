// The shipped default firewall (rootfs/etc/aios/firewall.nft) with real packets: two namespaces on a
// veth pair, the ruleset loaded in `a`, connections from `b`. ssh and 9090 connect, an unlisted port
// is dropped (not refused), ICMP echo is answered, `a`'s own outgoing connections get their replies,
// over IPv4 and IPv6. Loading it twice is idempotent and leaves other tables alone.
import { execFileSync, spawn, type ChildProcess } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { findNft, canNetns, nsNft } from "./netns.ts";
import { makePair, type Pair } from "./pair.ts";

const nft = findNft();
const skip = nft === null ? "nft not found" : canNetns();
const RULESET = new URL("../../../rootfs/etc/aios/firewall.nft", import.meta.url).pathname;
const PROBE = new URL("./tcp-probe.ts", import.meta.url).pathname;
const hasPing = (() => { try { execFileSync("ping", ["-V"], { stdio: "ignore" }); return true; } catch { return false; } })();

describe.skipIf(skip !== null)("default firewall, packets through a veth pair", () => {
  let p: Pair;
  const servers: ChildProcess[] = [];
  const serve = (ns: string, ports: number[]) => new Promise<void>((resolve, reject) => {
    const c = spawn("ip", ["netns", "exec", ns, process.execPath, PROBE, "serve", ...ports.map(String)], { stdio: ["ignore", "pipe", "inherit"] });
    servers.push(c);
    c.stdout!.on("data", (d) => { if (String(d).includes("ready")) resolve(); });
    c.on("exit", (code) => reject(new Error(`server exited ${code}`)));
  });
  const connect = (ns: string, host: string, ports: number[]) =>
    JSON.parse(execFileSync("ip", ["netns", "exec", ns, process.execPath, PROBE, "connect", host, ...ports.map(String)], { encoding: "utf8", timeout: 30_000 })) as Record<string, string>;
  const ping = (ns: string, host: string) => { try { execFileSync("ip", ["netns", "exec", ns, "ping", "-c", "1", "-W", "2", host], { stdio: "ignore" }); return true; } catch { return false; } };

  beforeAll(async () => {
    p = makePair("fwd");
    nsNft(p.a, nft!, ["add", "table", "ip", "other"]); // someone else's table: must survive reloads
    nsNft(p.a, nft!, ["-f", RULESET]);
    await serve(p.a, [22, 9090, 8080]);
    await serve(p.b, [7000]);
  });
  afterAll(() => { for (const s of servers) s.kill("SIGKILL"); p?.close(); });

  it("loads idempotently, replacing only its own table", () => {
    const once = nsNft(p.a, nft!, ["list", "ruleset"]);
    nsNft(p.a, nft!, ["-f", RULESET]);
    expect(nsNft(p.a, nft!, ["list", "ruleset"])).toBe(once);
    expect(once).toContain("table ip other");
    expect(once).toContain("policy drop;");
  });

  it("lets ssh and the web console in and drops an unlisted port (IPv4)", () => {
    expect(connect(p.b, p.a4, [22, 9090, 8080])).toEqual({ 22: "open", 9090: "open", 8080: "dropped" });
  });

  it("does the same over IPv6", () => {
    expect(connect(p.b, p.a6, [22, 9090, 8080])).toEqual({ 22: "open", 9090: "open", 8080: "dropped" });
  });

  it("lets the replies to its own connections back in", () => {
    expect(connect(p.a, p.b4, [7000])).toEqual({ 7000: "open" });
    expect(connect(p.a, p.b6, [7000])).toEqual({ 7000: "open" });
  });

  it.skipIf(!hasPing)("answers ICMP echo on v4 and v6 (neighbour discovery passes)", () => {
    expect(ping(p.b, p.a4)).toBe(true);
    expect(ping(p.b, p.a6)).toBe(true);
  });

  it("without the table, the unlisted port answers: the drop came from the ruleset", () => {
    nsNft(p.a, nft!, ["delete", "table", "inet", "aios"]);
    try { expect(connect(p.b, p.a4, [8080])).toEqual({ 8080: "open" }); } finally { nsNft(p.a, nft!, ["-f", RULESET]); }
  });
});
