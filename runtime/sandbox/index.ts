// The sandbox: the Runner every tool command goes through, and how nft is reached per target.
export { SandboxRunner, DEFAULT_LIMITS, type SandboxOptions, type SandboxRunOptions } from "./runner.ts";
export { probeCgroup, type Limits, type CgroupProbe } from "./cgroup.ts";
export { nftArgv, HOST_NFT, type NftTarget } from "./nft.ts";
