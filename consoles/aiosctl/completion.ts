// bash and zsh completion for aiosctl, written from the command tree (spec.ts): at each command path the
// script offers its verbs, or its flags and what its positionals take (service names are asked of init
// when completing). Nothing here lists verbs, so a verb added to the tree is completed without an edit.
import { type CommandSpec, walk } from "./spec.ts";

/**
 * What a positional completes to: fixed words, or a command run at completion time. Keyed by the
 * positional's name anywhere in the tree, or by "<verb path> <name>" for one verb's positional.
 */
const POSITIONAL_VALUES: Record<string, { words?: string[]; command?: string }> = {
  service: { command: "aiosctl list 2>/dev/null" },
  shell: { words: ["bash", "zsh"] },
  "agent verb": { words: ["pause", "resume", "cycle"] },
  "autonomy value": { words: ["off", "propose", "on"] },
};

const key = (c: CommandSpec) => c.path.join(" ");

/** The flag words of a command: --name, its aliases (-n), and --no-name for a flag that defaults to on. */
export function flagWords(c: CommandSpec): string[] {
  return c.flags.flatMap((f) => [`--${f.name}`, ...f.aliases.map((a) => (a.length === 1 ? `-${a}` : `--${a}`)), ...(f.negatable ? [`--no-${f.name}`] : [])]);
}

/** What a command path completes to: its verbs (and a default verb's flags), else its flags and positional values. */
function candidates(c: CommandSpec): { words: string[]; commands: string[] } {
  if (c.subs.length) return { words: [...c.subs.map((s) => s.name), ...flagWords(c)], commands: [] };
  const values = c.positionals.map((p) => POSITIONAL_VALUES[`${key(c)} ${p.name}`] ?? POSITIONAL_VALUES[p.name]).filter((v) => v !== undefined);
  return { words: [...flagWords(c), ...values.flatMap((v) => v.words ?? [])], commands: values.flatMap((v) => (v.command ? [v.command] : [])) };
}

export function completionScript(shell: "bash" | "zsh", tree: CommandSpec): string {
  const all = [...walk(tree)];
  const paths = all.filter((c) => c.path.length > 0).map((c) => `"${key(c)}"`).join("|");
  if (shell === "bash") {
    const cases = all.map((c) => {
      const { words, commands } = candidates(c);
      return `    "${key(c)}") words="${[...words, ...commands.map((x) => `$(${x})`)].join(" ")}" ;;`;
    });
    return `# bash completion for aiosctl, generated from its command tree (aiosctl completion bash)
_aiosctl() {
  local cur=\${COMP_WORDS[COMP_CWORD]} cmd="" w i words=""
  # The deepest known command path among the words typed so far (flags and values are skipped).
  for ((i = 1; i < COMP_CWORD; i++)); do
    w=\${COMP_WORDS[i]}
    case "\${cmd:+$cmd }$w" in
      ${paths}) cmd="\${cmd:+$cmd }$w" ;;
    esac
  done
  case "$cmd" in
${cases.join("\n")}
  esac
  COMPREPLY=($(compgen -W "$words" -- "$cur"))
}
complete -F _aiosctl aiosctl
`;
  }
  const cases = all.map((c) => {
    const { words, commands } = candidates(c);
    return `    ("${key(c)}") cands=(${[...words, ...commands.map((x) => `\${(f)"$(${x})"}`)].join(" ")}) ;;`;
  });
  return `#compdef aiosctl
# zsh completion for aiosctl, generated from its command tree (aiosctl completion zsh)
_aiosctl() {
  local cmd="" w i
  local -a cands
  for ((i = 2; i < CURRENT; i++)); do
    w=\${words[i]}
    case "\${cmd:+$cmd }$w" in
      (${paths}) cmd="\${cmd:+$cmd }$w" ;;
    esac
  done
  case "$cmd" in
${cases.join("\n")}
  esac
  compadd -- $cands
}
# Autoloaded from fpath, the file is the function's body; sourced, it registers the function.
if [[ \${funcstack[1]} == _aiosctl ]]; then _aiosctl "$@"; else compdef _aiosctl aiosctl; fi
`;
}
