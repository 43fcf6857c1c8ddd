#!/usr/bin/env bash
# Installs what building, booting and testing need: Debian/Ubuntu packages (only those missing) and
# the npm packages (pinned by package-lock.json). Sourced by the other commands.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."

APT_PACKAGES=(debootstrap qemu-system-x86 qemu-utils ovmf grub-pc-bin grub-efi-amd64-bin grub-common
  xorriso mtools cpio lz4 zstd kmod squashfs-tools dosfstools e2fsprogs fdisk openssh-client s6 ca-certificates
  nftables iproute2 iputils-ping util-linux dbus-daemon systemd debian-archive-keyring nmap dnsmasq-base sshpass curl
  prometheus chromium) # nmap, dnsmasq-base, sshpass, curl for the access campaign (scans from a tap namespace); prometheus for the /metrics test, which runs the binary itself (on a systemd host the package also starts a service on :9090); chromium for the web pages' browser test (playwright-core drives it); fdisk (sfdisk) for the install writer's test

SUDO=""
[ "$(id -u)" = 0 ] || SUDO="sudo"
missing=()
for p in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> apt-get install ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  # The tests run the prometheus binary with their own config; the packaged service would hold :9090,
  # the port `npm start` forwards to the web console.
  if [[ " ${missing[*]} " == *" prometheus "* ]] && command -v systemctl >/dev/null && systemctl is-active -q prometheus 2>/dev/null; then
    echo "==> stopping and disabling the packaged prometheus service (it takes :9090)"
    $SUDO systemctl disable --now prometheus >/dev/null 2>&1 || true
  fi
fi

# --omit=optional skips node-llama-cpp's CUDA/Vulkan/other-OS builds (~640 MB); the linux-x64 ones we
# need are direct dependencies. `npm install` (not `npm ci`) because the lock cannot list optional
# packages the registry does not carry, which `npm ci` would refuse. Reinstall only when the lock changed.
stamp=node_modules/.aios-lock-stamp
if [ ! -f "$stamp" ] || ! cmp -s package-lock.json "$stamp"; then
  echo "==> npm install"
  NODE_LLAMA_CPP_SKIP_DOWNLOAD=true npm install --omit=optional --no-audit --no-fund --loglevel=error
  cp package-lock.json "$stamp"
fi
export PATH="$PWD/node_modules/.bin:$PATH"
