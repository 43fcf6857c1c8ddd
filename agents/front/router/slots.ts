// Slot extraction: the values an intent reads, from the lifted spans, the marked tokens and, for
// names (packages, users, unknown services), the content words the cues did not use.
import type { Lexed, Token } from "./lex.ts";
import { stem } from "./normalize.ts";
import type { Intent, Slots } from "./types.ts";

/** The slots each intent reads; others found in the text are not reported. */
const READS: Partial<Record<Intent, readonly (keyof Slots)[]>> = {
  "service.status": ["service"], "service.start": ["service"], "service.stop": ["service"], "service.restart": ["service"],
  "service.logs": ["service", "lines", "since"],
  "disk.usage": ["path"], "ports.list": ["port", "proto"],
  "firewall.open_port": ["port", "proto", "purpose"], "firewall.close_port": ["port", "proto"], "firewall.block_address": ["addr"],
  "packages.install": ["package"], "packages.remove": ["package"], "packages.installed": ["package"],
  "users.add": ["user"], "users.remove": ["user"], "keys.add": ["key", "label"], "keys.remove": ["label"],
  "snapshots.rollback": ["snapshot"], "incidents.list": ["since"], "incidents.explain": ["incident"],
  "changes.since": ["since"], "autonomy.set": ["autonomy"],
};

const DEBIAN_NAME = /^[a-z0-9][a-z0-9+.-]+$/;
const USER_NAME = /^[a-z_][a-z0-9_-]{0,31}$/;
const PURPOSE_STOP = new Set(["on", "at", "port", "please", "and", "so", "because", "to", "from", "via", "using", "now", "thanks", "thank"]);
const DETERMINERS = new Set(["my", "the", "a", "an", "our", "some", "this", "that"]);

/** Content words, in order, skipping typos the cues already read as a cue word. */
function names(toks: readonly Token[], used: ReadonlySet<number>): Token[] {
  return toks.filter((t, i) => t.word && !(used.has(i) && t.w !== stem(t.raw)));
}

/** The token after one of `words`, skipping determiners. */
function after(toks: readonly Token[], words: readonly string[]): Token | undefined {
  for (let i = 0; i < toks.length - 1; i++) {
    if (!words.includes(toks[i]!.w)) continue;
    let j = i + 1;
    while (j < toks.length && DETERMINERS.has(toks[j]!.raw)) j++;
    if (toks[j]) return toks[j];
  }
  return undefined;
}

const nums = (toks: readonly Token[]) => toks.filter((t) => t.tag === "num").map((t) => Number(t.raw));

function port(lx: Lexed): number | undefined {
  if (lx.found.port !== undefined) return lx.found.port;
  const n = after(lx.toks, ["port"]);
  const cand = n?.tag === "num" ? Number(n.raw) : nums(lx.toks)[0];
  return cand !== undefined && cand >= 1 && cand <= 65535 ? cand : undefined;
}

function proto(lx: Lexed): "tcp" | "udp" | undefined {
  return lx.found.proto ?? (lx.toks.find((t) => t.raw === "tcp" || t.raw === "udp")?.raw as "tcp" | "udp" | undefined);
}

/** "open port 8080 for my web app" → "web app". */
function purpose(toks: readonly Token[]): string | undefined {
  const at = toks.findIndex((t) => t.raw === "for");
  if (at < 0) return undefined;
  const out: string[] = [];
  for (const t of toks.slice(at + 1)) {
    if (t.tag || PURPOSE_STOP.has(t.raw)) break;
    if (out.length === 0 && DETERMINERS.has(t.raw)) continue;
    out.push(t.raw);
  }
  return out.length ? out.slice(0, 6).join(" ") : undefined;
}

function lines(toks: readonly Token[]): number | undefined {
  for (let i = 0; i < toks.length; i++) {
    if (toks[i]!.tag !== "num") continue;
    if (toks[i + 1]?.w === "line" || ["last", "first", "tail", "latest"].includes(toks[i - 1]?.raw ?? "")) return Number(toks[i]!.raw);
  }
  return undefined;
}

function incident(lx: Lexed): number | undefined {
  if (lx.found.incident !== undefined) return lx.found.incident;
  const i = lx.toks.findIndex((t) => t.w === "incident");
  if (i < 0) return undefined;
  const next = lx.toks.slice(i + 1, i + 3).find((t) => t.tag === "num");
  return next ? Number(next.raw) : undefined;
}

function snapshot(lx: Lexed): string | undefined {
  if (lx.found.snapshot) return lx.found.snapshot;
  const i = lx.toks.findIndex((t) => t.w === "snapshot");
  const t = i < 0 ? undefined : lx.toks.slice(i + 1, i + 3).find((x) => !x.time && (x.tag === "num" || (!x.tag && /^[\w-]*\d[\w-]*$/.test(x.raw))));
  return t?.raw;
}

const PROPOSE = new Set(["propose", "proposal", "suggest", "ask", "asking", "approval", "approve", "permission", "confirm", "confirmation", "consent"]);
const OFF = new Set(["off", "disable", "disabled", "stop", "never", "not", "manual", "manually", "no", "pause", "halt"]);
const ON = new Set(["on", "enable", "enabled", "resume", "allow", "may", "can", "again", "full", "fully", "yes", "auto", "autonomous"]);

export function autonomy(toks: readonly Token[]): Slots["autonomy"] {
  const raws = toks.map((t) => t.raw);
  if (raws.some((w) => PROPOSE.has(w))) return "propose";
  if (raws.some((w) => OFF.has(w))) return "off";
  if (raws.some((w) => ON.has(w))) return "on";
  return undefined;
}

function service(lx: Lexed, used: ReadonlySet<number>): string | undefined {
  return lx.toks.find((t) => t.svc)?.svc ?? names(lx.toks, used).find((t) => DEBIAN_NAME.test(t.raw))?.raw;
}

function pkg(lx: Lexed, used: ReadonlySet<number>): string | undefined {
  const word = names(lx.toks, used).find((t) => DEBIAN_NAME.test(t.raw));
  return word?.raw ?? lx.toks.find((t) => t.svc && DEBIAN_NAME.test(t.raw))?.raw;
}

function user(lx: Lexed, used: ReadonlySet<number>, known?: readonly string[]): string | undefined {
  const k = known && lx.toks.find((t) => known.includes(t.raw));
  if (k) return k.raw;
  const named = after(lx.toks, ["called", "named"]);
  if (named && USER_NAME.test(named.raw) && !named.tag) return named.raw;
  return names(lx.toks, used).find((t) => USER_NAME.test(t.raw))?.raw;
}

/** The slots `intent` reads, from the lexed text. `used`: tokens the winning cues consumed. */
export function extractSlots(intent: Intent, lx: Lexed, used: ReadonlySet<number>, users?: readonly string[]): Slots {
  const reads = READS[intent] ?? [];
  const s: Slots = {};
  const want = (k: keyof Slots) => reads.includes(k);
  if (want("service")) s.service = service(lx, used);
  if (want("port")) s.port = port(lx);
  if (want("proto")) s.proto = proto(lx) ?? (s.port !== undefined && intent !== "ports.list" ? "tcp" : undefined);
  if (want("purpose")) s.purpose = purpose(lx.toks);
  if (want("addr")) s.addr = lx.found.addr;
  if (want("path")) s.path = lx.found.path;
  if (want("package")) s.package = pkg(lx, used);
  if (want("user")) s.user = user(lx, used, users);
  if (want("key")) s.key = lx.found.key;
  if (want("label")) s.label = lx.found.label ?? lx.found.keyComment ?? (intent === "keys.remove" ? names(lx.toks, used)[0]?.raw : undefined);
  if (want("snapshot")) s.snapshot = snapshot(lx);
  if (want("incident")) s.incident = incident(lx);
  if (want("since")) s.since = lx.since;
  if (want("lines")) s.lines = lines(lx.toks);
  if (want("autonomy")) s.autonomy = autonomy(lx.toks);
  for (const k of Object.keys(s) as (keyof Slots)[]) if (s[k] === undefined) delete s[k];
  return s;
}
