// Finds nft and creates throwaway network namespaces (named aiost-*) for firewall and network tests.
// The host's own namespace is never touched. nft may be installed, or extracted from the Debian
// package without installing it (see fetch-nft.sh); tests skip with the reason when neither is there.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";

export function findNft(): string | null {
  for (const p of [process.env.AIOS_NFT, "/usr/sbin/nft", "/sbin/nft", "/tmp/aios-nft/nft"]) {
    if (p && existsSync(p)) return p;
  }
  return null;
}

export function canNetns(): string | null {
  if (process.getuid?.() !== 0) return "needs root for ip netns";
  try { execFileSync("ip", ["netns", "list"], { stdio: "ignore" }); } catch { return "ip netns is not available"; }
  return null;
}

export function addNetns(tag: string): string {
  const name = `aiost-${tag}-${process.pid}-${Math.random().toString(36).slice(2, 6)}`;
  execFileSync("ip", ["netns", "add", name]);
  execFileSync("ip", ["-n", name, "link", "set", "lo", "up"]);
  return name;
}

export function delNetns(name: string): void {
  if (!name.startsWith("aiost-")) throw new Error(`refusing to delete namespace ${name}`);
  execFileSync("ip", ["netns", "del", name]);
}

export function nsNft(ns: string, nft: string, args: string[], input?: string): string {
  return execFileSync("ip", ["netns", "exec", ns, nft, ...args], { encoding: "utf8", input });
}
