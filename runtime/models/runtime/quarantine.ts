// Remembers models that must not be loaded again, and why. A model is known by path, size and mtime,
// so replacing the file clears its quarantine. The crash marker catches what no try/catch can: a
// GGML_ASSERT abort kills the whole runtime, and the next start finds the marker and blames the model.
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";

interface Entry { reason: string; since: number; fingerprint: string }

export class Quarantine {
  private entries: Record<string, Entry> = {};
  private readonly file: string;
  private readonly marker: string;

  constructor(stateDir: string) {
    mkdirSync(stateDir, { recursive: true });
    this.file = `${stateDir}/quarantine.json`;
    this.marker = `${stateDir}/loading`;
    try { this.entries = JSON.parse(readFileSync(this.file, "utf8")); } catch { this.entries = {}; }
  }

  static fingerprint(path: string): string {
    try { const s = statSync(path); return `${s.size}:${Math.floor(s.mtimeMs)}`; } catch { return "missing"; }
  }

  reasonFor(path: string): string | undefined {
    const e = this.entries[path];
    return e && e.fingerprint === Quarantine.fingerprint(path) ? e.reason : undefined;
  }

  add(path: string, reason: string) {
    this.entries[path] = { reason, since: Date.now(), fingerprint: Quarantine.fingerprint(path) };
    writeFileSync(this.file, JSON.stringify(this.entries, null, 2));
  }

  /** Written (synchronously, before llama.cpp touches the file) and removed around every load. */
  markLoading(path: string) { writeFileSync(this.marker, path); }
  clearLoading() { rmSync(this.marker, { force: true }); }

  /** On start: a leftover marker means the previous runtime died loading that model. */
  blameCrash(): string | undefined {
    if (!existsSync(this.marker)) return undefined;
    const path = readFileSync(this.marker, "utf8").trim();
    this.clearLoading();
    if (path) this.add(path, "the model runtime died while loading this model (llama.cpp aborted); it is not loaded again");
    return path || undefined;
  }
}
