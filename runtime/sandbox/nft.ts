// How to reach nft for one target: the host, or a named network namespace (tests, and any future
// per-namespace firewall). Tools and snapshots build nft command lines only through this.
export interface NftTarget {
  /** Path of the nft binary ("nft" on the appliance). */
  nft: string;
  /** Run inside `ip netns exec <netns>` when set. */
  netns?: string;
}

export const HOST_NFT: NftTarget = { nft: "nft" };

export function nftArgv(t: NftTarget, args: readonly string[]): string[] {
  return t.netns ? ["ip", "netns", "exec", t.netns, t.nft, ...args] : [t.nft, ...args];
}
