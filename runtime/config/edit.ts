// `aiosctl config set`: one key written into config.toml, every other line and comment kept. The
// value replaces an active `name = …` line in the key's section, else takes the place of a
// commented-out `# name = …` line there (the shipped file lists every key that way), else is added
// to the section, else a new section is added at the end. The file is replaced atomically.
import { mkdirSync } from "node:fs";
import { writeAtomic } from "../durable.ts";
import { dirname } from "node:path";
import { forgetConfigCache } from "./file.ts";

interface Line { text: string; section: string }

/** The source with `section.name = literal` set; `literal` is already valid TOML. */
export function setKey(source: string, key: string, literal: string): string {
  const dot = key.indexOf(".");
  const section = key.slice(0, dot), name = key.slice(dot + 1);
  const lines = sections(source);
  const assign = `${name} = ${literal}`;
  const active = new RegExp(`^(\\s*)(${esc(name)}|"${esc(name)}")\\s*=`);
  const dotted = new RegExp(`^(\\s*)${esc(section)}\\.${esc(name)}\\s*=`);
  const commented = new RegExp(`^\\s*#\\s*${esc(name)}\\s*=`);

  let at = lines.findIndex((l) => (l.section === section && active.test(l.text)) || (l.section === "" && dotted.test(l.text)));
  if (at >= 0) {
    const l = lines[at]!;
    const indent = /^\s*/.exec(l.text)![0];
    const keyText = l.section === "" ? `${section}.${name}` : name;
    lines[at] = { ...l, text: `${indent}${keyText} = ${literal}${trailingComment(l.text)}` };
    return join(lines);
  }
  at = lines.findIndex((l) => l.section === section && commented.test(l.text));
  if (at >= 0) { lines[at] = { ...lines[at]!, text: assign }; return join(lines); }
  const header = lines.findIndex((l) => l.section === section && isHeader(l.text, section));
  if (header >= 0) {
    let last = header;
    for (let i = header + 1; i < lines.length && lines[i]!.section === section; i++) if (lines[i]!.text.trim() && !lines[i]!.text.trim().startsWith("#")) last = i;
    lines.splice(last + 1, 0, { text: assign, section });
    return join(lines);
  }
  const body = source.replace(/\s*$/, "");
  return `${body}${body ? "\n\n" : ""}[${section}]\n${assign}\n`;
}

/** Writes through a temporary file in the same folder and a rename, mode 0644. */
export function writeAtomically(file: string, content: string): void {
  mkdirSync(dirname(file), { recursive: true });
  writeAtomic(file, content, 0o644); // durable: `aiosctl config set` said done, so a power cut keeps it
  forgetConfigCache();
}

/** Each line with the table it is in ("" before the first header). */
function sections(source: string): Line[] {
  let section = "";
  return source.replace(/\n$/, "").split("\n").map((text) => {
    const h = /^\s*\[\s*([A-Za-z0-9_-]+)\s*\]\s*(#.*)?$/.exec(text);
    if (h) section = h[1]!;
    else if (/^\s*\[/.test(text)) section = "(other)";
    return { text, section };
  });
}

const isHeader = (text: string, section: string) => new RegExp(`^\\s*\\[\\s*${esc(section)}\\s*\\]`).test(text);
const join = (lines: Line[]) => `${lines.map((l) => l.text).join("\n")}\n`;
const esc = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

/** The ` # comment` after a value (with the spaces before it), found outside quotes. */
function trailingComment(line: string): string {
  let quote: string | undefined;
  const eq = line.indexOf("=");
  for (let i = eq + 1; i < line.length; i++) {
    const c = line[i]!;
    if (quote) { if (c === "\\" && quote === '"') i++; else if (c === quote) quote = undefined; }
    else if (c === '"' || c === "'") quote = c;
    else if (c === "#") {
      let j = i;
      while (j > eq + 1 && /\s/.test(line[j - 1]!)) j--;
      return j < i ? line.slice(j) : ` ${line.slice(i)}`;
    }
  }
  return "";
}
