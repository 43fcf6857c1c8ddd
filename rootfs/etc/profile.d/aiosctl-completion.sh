# aiosctl's bash completion, generated from its command tree when the image was built. The image has
# no bash-completion package to load it on demand, so interactive bash loads it here.
if [ -n "${BASH_VERSION:-}" ] && [ -r /usr/share/bash-completion/completions/aiosctl ]; then
  case $- in *i*) . /usr/share/bash-completion/completions/aiosctl ;; esac
fi
