// The commented /etc/aios/config.toml the image ships: every setting of the table, commented out
// with its default, so an operator sees every key; `aiosctl config set` uncomments the line it sets.
import { describe } from "./kinds.ts";
import { defaultText } from "./resolve.ts";
import { type Setting, SETTINGS } from "./settings.ts";

const HEAD = `# /etc/aios/config.toml: the appliance's settings (generated from runtime/config/settings.ts).
# Every key is listed, commented out, with its default: uncomment to change it, or run
#   aiosctl config set <key> <value>      (checks the value, keeps these comments, says what to restart)
# Later layers override earlier ones: this file, then config.d/*.toml (lexical order), then the AIOS_*
# variables, then --set flags. \`aiosctl config show\` says where each value comes from and
# \`aiosctl config check\` lists every problem with its file, line and key; a broken file is skipped,
# never fatal. models.toml, agents/*.toml and secrets.toml (mode 0600) sit beside this file.
`;

export function restartText(s: Pick<Setting, "restart">): string {
  if (s.restart.length === 0) return "applies at once";
  return s.restart.includes("reboot") ? "needs a reboot" : `restart ${s.restart.join(", ")}`;
}

/** The table grouped by section, sections in order of first appearance. */
export function bySection(table: readonly Setting[]): [string, Setting[]][] {
  const groups = new Map<string, Setting[]>();
  for (const s of table) {
    const sec = s.toml.split(".")[0]!;
    groups.set(sec, [...(groups.get(sec) ?? []), s]);
  }
  return [...groups];
}

export function literalDefault(table: readonly Setting[], s: Setting): string {
  const d = defaultText(table, s.key);
  if (s.kind.type === "list") return `[${d.split(",").map((x) => x.trim()).filter(Boolean).map((x) => JSON.stringify(x)).join(", ")}]`;
  return s.kind.type === "int" || s.kind.type === "bool" ? d : JSON.stringify(d);
}

export function configTemplate(table: readonly Setting[] = SETTINGS): string {
  const out = [HEAD];
  for (const [section, settings] of bySection(table)) {
    out.push(`[${section}]`);
    for (const s of settings) {
      const follows = /\{(\w+)\}/.exec(s.default)?.[1];
      out.push(`# ${s.help}`);
      out.push(`# ${describe(s.kind)} · ${restartText(s)} · ${s.env}${follows ? ` · follows ${follows}` : ""}`);
      out.push(s.inFile === false ? `# (set only by ${s.env} or --set ${s.toml}=…: it locates this file)` : `# ${s.toml.split(".")[1]} = ${literalDefault(table, s)}`);
      out.push("");
    }
  }
  return `${out.join("\n").trimEnd()}\n`;
}

if (import.meta.main) process.stdout.write(configTemplate());
