// observe(): one read of everything the security agent watches, plus the baselines from its memo.
// First sight of a watch sets its baseline; later changes are measured against it until a person
// accepts them (acceptBaseline). Writing the memo is the agent's memory, not a change to the system.
import type { AgentContext, Memo } from "../loop/types.ts";
import { type IdentityFile, identityPaths, readIdentityCached } from "./identity.ts";
import { type Listener, readOwnedListeners, sessionsOf } from "./listeners.ts";
import { readSockets } from "../../runtime/proc/sockets.ts";
import { join } from "node:path";
import { readSecretModes, scanSuidCached, secretTargets, type SecretMode, type SuidCache, suidCache, type SuidFile } from "./perms.ts";
import { readSettings, type SecuritySettings } from "./settings.ts";
import { type LogSource, readFailuresSince, sourceFor, type SshFailure } from "./sshlog.ts";

export interface Baseline {
  /** "tcp:4444/comm" of each listener seen at first sight. */
  listeners: string[];
  /** path → {sha256, items} at first sight (sha256 null: absent). */
  identity: Record<string, { sha256: string | null; items: string[] }>;
  suid: string[];
}

export interface SecurityObs {
  at: number;
  settings: SecuritySettings;
  listeners: Listener[];
  /** Addresses operators are connected from now (established sessions on the operator ports). */
  sessions: string[];
  identity: IdentityFile[];
  suid: SuidFile[];
  suidTruncated: boolean;
  secrets: SecretMode[];
  /** Failed ssh logins within the brute-force window. */
  sshFailures: SshFailure[];
  baseline: Baseline;
  /** Watches that could not be read this cycle (e.g. init unreachable): shown, never silently dropped. */
  errors: string[];
}

export const listenerId = (l: Listener) => `${l.key}/${l.comm ?? "?"}`;

export async function observeSecurity(ctx: AgentContext, logs?: LogSource): Promise<SecurityObs> {
  const st = readSettings(ctx.settings);
  const errors: string[] = [];
  const paths = identityPaths(ctx.root, st.identityFiles, st.sudoersDir);
  const identity = paths.map((p) => readIdentityCached(ctx.root, p));
  const keyFiles = identity.filter((f) => f.kind === "authorized_keys" && f.sha256 !== null).map((f) => f.path);
  const socks = readSockets(join(ctx.root, "proc")); // once: listeners and sessions both come from it
  const listeners = await readOwnedListeners(ctx.root, ctx.runner, st.ownerRescanS * 1000, Date.now(), socks);
  const suid = scanSuidCached(ctx.root, st.suidDirs, st.suidMaxEntries, suidCacheFor(ctx.root, st.suidDirs), st.suidRescanS * 1000);
  let sshFailures: SshFailure[] = [];
  try {
    sshFailures = await readFailuresSince(logs ?? sourceFor(st.sshLog, st.sshService, ctx.root), ctx.now - st.bruteForceWindowS * 1000);
  } catch (err) {
    errors.push(`ssh log: ${(err as Error).message}`);
  }
  const baseline = baselineOf(ctx.memo, { listeners: listeners.map(listenerId), identity: Object.fromEntries(identity.map((f) => [f.path, { sha256: f.sha256, items: f.items }])), suid: suid.files.map((f) => f.path) });
  return {
    at: ctx.now, settings: st, listeners, sessions: sessionsOf(socks, st.operatorPorts), identity,
    suid: suid.files, suidTruncated: suid.truncated, secrets: readSecretModes(ctx.root, secretTargets(ctx.root, st.secrets, keyFiles)),
    sshFailures, baseline, errors,
  };
}

/** The per-cycle SUID walk's directory listings, by root and directory list (module state: derived, never stale). */
const suidCaches = new Map<string, SuidCache>();
function suidCacheFor(root: string, dirs: readonly string[]): SuidCache {
  const key = `${root}|${dirs.join("|")}`;
  let c = suidCaches.get(key);
  if (!c) suidCaches.set(key, (c = suidCache()));
  return c;
}

const KEYS = { listeners: "baseline.listeners", identity: "baseline.identity", suid: "baseline.suid" } as const;

/** Each part of the baseline from the memo, or (first sight) the current state, which then becomes it. */
function baselineOf(memo: Memo, now: Baseline): Baseline {
  const part = <K extends keyof Baseline>(k: K): Baseline[K] => {
    const have = memo.get<Baseline[K]>(KEYS[k]);
    if (have === undefined) memo.set(KEYS[k], now[k]);
    return have ?? now[k];
  };
  // A watched path first seen after the baseline was set (a new user's authorized_keys) counts as
  // absent before (detectors.ts): its appearance is a change.
  return { listeners: part("listeners"), identity: part("identity"), suid: part("suid") };
}

/** A person accepted what changed: the current state becomes the baseline for these parts. */
export function acceptBaseline(memo: Memo, obs: SecurityObs, parts: (keyof Baseline)[] = ["listeners", "identity", "suid"]): void {
  if (parts.includes("listeners")) memo.set(KEYS.listeners, obs.listeners.map(listenerId));
  if (parts.includes("identity")) memo.set(KEYS.identity, Object.fromEntries(obs.identity.map((f) => [f.path, { sha256: f.sha256, items: f.items }])));
  if (parts.includes("suid")) memo.set(KEYS.suid, obs.suid.map((f) => f.path));
}
