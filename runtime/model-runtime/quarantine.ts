// Remembers models that must not be loaded again, and why. A model is known by path, size and mtime,
// so replacing the file clears its quarantine. The busy marker catches what no try/catch can: a
// GGML_ASSERT abort kills the whole runtime, and the next start finds the marker and blames the model.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";

interface Entry { reason: string; since: number; fingerprint: string }
interface Strikes { count: number; fingerprint: string }
interface State { quarantined: Record<string, Entry>; strikes: Record<string, Strikes> }

/** A crash while running (not loading) could be the machine's fault (OOM killer): blame on the second. */
export const RUN_STRIKES = 2;

export class Quarantine {
  private state: State = { quarantined: {}, strikes: {} };
  private readonly file: string;
  private readonly marker: string;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.file = `${stateDir}/quarantine.json`;
    this.marker = `${stateDir}/busy`;
    try { this.state = { quarantined: {}, strikes: {}, ...JSON.parse(readFileSync(this.file, "utf8")) }; } catch { /* first start */ }
  }

  static fingerprint(path: string): string {
    try { const s = statSync(path); return `${s.size}:${Math.floor(s.mtimeMs)}`; } catch { return "missing"; }
  }

  private save() { writeFileSync(this.file, JSON.stringify(this.state, null, 2)); }

  reasonFor(path: string): string | undefined {
    const e = this.state.quarantined[path];
    return e && e.fingerprint === Quarantine.fingerprint(path) ? e.reason : undefined;
  }

  add(path: string, reason: string) {
    this.state.quarantined[path] = { reason, since: Date.now(), fingerprint: Quarantine.fingerprint(path) };
    this.save();
  }

  /** Written synchronously before llama.cpp touches the model, removed after; one job runs at a time. */
  markBusy(kind: "load" | "run", path: string) { writeFileSync(this.marker, `${kind} ${path}`); }
  clearBusy() { rmSync(this.marker, { force: true }); }

  /** On start: a leftover marker means the previous runtime died loading or running that model. */
  blameCrash(): string | undefined {
    if (!existsSync(this.marker)) return undefined;
    const [kind, ...rest] = readFileSync(this.marker, "utf8").trim().split(" ");
    const path = rest.join(" ");
    this.clearBusy();
    if (!path) return undefined;
    if (kind === "load") {
      this.add(path, "the model runtime died while loading this model (llama.cpp aborted); it is not loaded again");
      return path;
    }
    const fingerprint = Quarantine.fingerprint(path);
    const prior = this.state.strikes[path];
    const count = prior && prior.fingerprint === fingerprint ? prior.count + 1 : 1;
    this.state.strikes[path] = { count, fingerprint };
    if (count >= RUN_STRIKES) this.add(path, `the model runtime died ${count} times while running this model; it is not loaded again`);
    else this.save();
    return count >= RUN_STRIKES ? path : undefined;
  }
}
