// Shell completion for aiosctl: verbs, and service names (asked of init at completion time).

const SERVICE_VERBS = ["status", "start", "stop", "restart", "enable", "disable", "logs"];

export function completionScript(shell: "bash" | "zsh", verbs: string[]): string {
  if (shell === "bash") {
    return `_aiosctl() {
  local cur=\${COMP_WORDS[COMP_CWORD]}
  if [ "$COMP_CWORD" -eq 1 ]; then
    COMPREPLY=($(compgen -W "${verbs.join(" ")}" -- "$cur"))
  else
    case "\${COMP_WORDS[1]}" in
      ${SERVICE_VERBS.join("|")}) COMPREPLY=($(compgen -W "$(aiosctl list 2>/dev/null)" -- "$cur")) ;;
      completion) COMPREPLY=($(compgen -W "bash zsh" -- "$cur")) ;;
    esac
  fi
}
complete -F _aiosctl aiosctl`;
  }
  return `#compdef aiosctl
_aiosctl() {
  if (( CURRENT == 2 )); then
    compadd -- ${verbs.join(" ")}
  else
    case $words[2] in
      ${SERVICE_VERBS.join("|")}) compadd -- $(aiosctl list 2>/dev/null) ;;
      completion) compadd -- bash zsh ;;
    esac
  fi
}
compdef _aiosctl aiosctl`;
}
