#!/bin/sh
# First-boot seeds from QEMU's fw_cfg (npm start and the tests pass them; the image carries no keys):
#   -fw_cfg name=opt/aios/ssh_key,file=<public keys>   added to root's authorized_keys on the state disk
#   -fw_cfg name=opt/aios/setup,string=skip            the console's first-boot setup is not offered
# On hardware (no fw_cfg device) it does nothing. Always exits 0: a seed is a convenience, not a need.
# (AIOS_SEED_FW and AIOS_SEED_STATE point a test at its own tree; it then loads no module.)
STATE=${AIOS_SEED_STATE:-/var/lib/aios}
FW=${AIOS_SEED_FW:-/sys/firmware/qemu_fw_cfg/by_name/opt/aios}
[ -z "$AIOS_SEED_FW" ] && /usr/sbin/modprobe -q qemu_fw_cfg 2>/dev/null
[ -d "$FW" ] || exit 0
if [ -r "$FW/ssh_key/raw" ]; then
  umask 077
  mkdir -p -m 700 "$STATE/ssh/root"
  keys=$STATE/ssh/root/authorized_keys
  touch "$keys"
  # Public key lines only (a pasted private key or anything else is skipped), each once.
  new=$(/usr/bin/grep -E '^(ssh-(ed25519|rsa)|ecdsa-sha2-nistp(256|384|521)|sk-[a-z0-9@.-]+) [A-Za-z0-9+/]+={0,2}( |$)' "$FW/ssh_key/raw" |
    while IFS= read -r line; do
      /usr/bin/grep -qxF "$line" "$keys" || { echo "$line" >> "$keys"; echo added; }
    done | /usr/bin/wc -l)
  chmod 600 "$keys"
  echo "seed: $new new ssh key(s) for root from fw_cfg"
fi
if [ "$(cat "$FW/setup/raw" 2>/dev/null)" = skip ] && [ ! -e "$STATE/setup.done" ]; then
  echo "setup skipped: fw_cfg opt/aios/setup=skip" > "$STATE/setup.done"
  echo "seed: first-boot setup skipped (fw_cfg)"
fi
exit 0
