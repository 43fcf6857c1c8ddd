// Linux capability names as services declare them (capabilities(7), without the cap_ prefix), each at
// its bit number: the build rejects a name setpriv would refuse at start, and a test decodes CapEff.
export const CAPABILITIES = [
  "chown", "dac_override", "dac_read_search", "fowner", "fsetid", "kill", "setgid", "setuid", "setpcap",
  "linux_immutable", "net_bind_service", "net_broadcast", "net_admin", "net_raw", "ipc_lock", "ipc_owner",
  "sys_module", "sys_rawio", "sys_chroot", "sys_ptrace", "sys_pacct", "sys_admin", "sys_boot", "sys_nice",
  "sys_resource", "sys_time", "sys_tty_config", "mknod", "lease", "audit_write", "audit_control", "setfcap",
  "mac_override", "mac_admin", "syslog", "wake_alarm", "block_suspend", "audit_read", "perfmon", "bpf",
  "checkpoint_restore",
] as const;

/** The CapEff/CapBnd mask of a set of capabilities, as /proc/<pid>/status prints it (16 hex digits). */
export function capMask(names: readonly string[]): string {
  let mask = 0n;
  for (const n of names) mask |= 1n << BigInt((CAPABILITIES as readonly string[]).indexOf(n));
  return mask.toString(16).padStart(16, "0");
}

/** The capability names in a /proc/<pid>/status mask. */
export function capNames(hex: string): string[] {
  const mask = BigInt(`0x${hex}`);
  return CAPABILITIES.filter((_, i) => (mask >> BigInt(i)) & 1n);
}
