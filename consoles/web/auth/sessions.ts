// Logged-in browsers, in the console's memory (a restart of the console logs everyone out). The cookie
// holds a 256-bit random id; the session knows who it is, their role, its CSRF token, a short public
// tag for the audit log (never the id: that is the credential), and what it was granted against —
// the token's or the user's password hash's fingerprint — so a rotated token or a changed password
// ends it. Sessions end after `idleMs` without a request and `maxMs` after login, whichever is first.
import { createHash, randomBytes } from "node:crypto";
import type { Role } from "./roles.ts";

export interface Session {
  id: string;
  /** Shown in the audit log: user:web/<name>, or token:<tag> for the break-glass login. */
  tag: string;
  /** A named user, or undefined for a login with the shared token. */
  user?: string;
  role: Role;
  csrf: string;
  /** Fingerprint of the secret it logged in with; a change ends the session. */
  grant: string;
  created: number;
  seen: number;
}

export interface SessionLimits { idleMs: number; maxMs: number; maxSessions?: number }

export const fingerprint = (secret: string) => createHash("sha256").update(secret).digest("hex").slice(0, 16);

export class SessionStore {
  readonly #all = new Map<string, Session>();
  constructor(readonly limits: SessionLimits, private readonly now: () => number = Date.now) {}

  start(who: { user?: string; role: Role; grant: string }): Session {
    const t = this.now();
    const s: Session = { id: randomBytes(32).toString("base64url"), tag: randomBytes(4).toString("hex"), csrf: randomBytes(24).toString("base64url"), created: t, seen: t, ...who };
    this.#all.set(s.id, s);
    const max = this.limits.maxSessions ?? 1000;
    if (this.#all.size > max) this.#all.delete(this.#all.keys().next().value!); // the oldest login goes first
    return s;
  }

  /** The live session for a cookie value, touched; expired ones are dropped. */
  get(id: string | undefined): Session | undefined {
    if (!id) return undefined;
    const s = this.#all.get(id);
    if (!s) return undefined;
    const t = this.now();
    if (t - s.seen > this.limits.idleMs || t - s.created > this.limits.maxMs) { this.#all.delete(id); return undefined; }
    s.seen = t;
    return s;
  }

  end(id: string): void { this.#all.delete(id); }

  /** Ends the sessions that match (all of them without a test); returns how many ended. */
  endWhere(test: (s: Session) => boolean = () => true): number {
    let n = 0;
    for (const [id, s] of this.#all) if (test(s)) { this.#all.delete(id); n++; }
    return n;
  }

  get size(): number { return this.#all.size; }
}
