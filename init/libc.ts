// The few libc calls PID 1 needs that Bun does not offer: waitpid (to reap orphans), reboot, sync,
// mount (remount read-only), umount2, prctl (child subreaper, for tests on a host). Loaded lazily so importing is free.
import { dlopen, FFIType } from "bun:ffi";

const RB_POWER_OFF = 0x4321fedc;
const RB_AUTOBOOT = 0x01234567;
const WNOHANG = 1;
const PR_SET_CHILD_SUBREAPER = 36;
const MNT_DETACH = 2;
const MS_RDONLY = 1;
const MS_REMOUNT = 32;

let lib: ReturnType<typeof open> | undefined;
function open() {
  return dlopen("libc.so.6", {
    waitpid: { args: [FFIType.i32, FFIType.ptr, FFIType.i32], returns: FFIType.i32 },
    reboot: { args: [FFIType.i32], returns: FFIType.i32 },
    sync: { args: [], returns: FFIType.void },
    umount2: { args: [FFIType.cstring, FFIType.i32], returns: FFIType.i32 },
    mount: { args: [FFIType.cstring, FFIType.cstring, FFIType.ptr, FFIType.u64, FFIType.ptr], returns: FFIType.i32 },
    prctl: { args: [FFIType.i32, FFIType.u64, FFIType.u64, FFIType.u64, FFIType.u64], returns: FFIType.i32 },
  });
}
const libc = () => (lib ??= open()).symbols;

/** Reaps `pid` if it has exited; returns true when it was reaped. Never blocks. */
export function reap(pid: number): boolean {
  const status = new Int32Array(1);
  return libc().waitpid(pid, status, WNOHANG) === pid;
}

export function sync(): void { libc().sync(); }

export function umountLazy(path: string): number {
  return libc().umount2(Buffer.from(`${path}\0`), MNT_DETACH);
}

/**
 * Makes the filesystem mounted at `path` read-only, which closes an ext4 journal cleanly. Unmounting is
 * not enough when the state disk also holds the root overlay's upper layer: the overlay keeps it busy.
 * Fails (non-zero) while a file on it is still open for writing.
 */
export function remountReadOnly(path: string): number {
  const p = Buffer.from(`${path}\0`);
  return libc().mount(p, p, null, MS_REMOUNT | MS_RDONLY, null);
}

export function rebootSystem(how: "poweroff" | "reboot"): number {
  return libc().reboot(how === "poweroff" ? RB_POWER_OFF : RB_AUTOBOOT);
}

/** Makes this process adopt orphaned descendants, as PID 1 does; used when init runs on a host. */
export function becomeSubreaper(): boolean {
  return libc().prctl(PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) === 0;
}
