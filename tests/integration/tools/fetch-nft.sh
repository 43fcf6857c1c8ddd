#!/bin/sh
# Puts a runnable nft in /tmp/aios-nft/nft without installing anything on the host: the Debian
# packages are downloaded and unpacked with dpkg -x, and a wrapper sets the library path.
set -eu
D=/tmp/aios-nft
mkdir -p "$D" && cd "$D"
apt-get download nftables libnftables1 libnftnl11 >/dev/null 2>&1
for deb in ./*.deb; do dpkg -x "$deb" root; done
cat > nft <<'WRAP'
#!/bin/sh
D=/tmp/aios-nft/root
LD_LIBRARY_PATH=$D/usr/lib/x86_64-linux-gnu exec $D/usr/sbin/nft "$@"
WRAP
chmod +x nft
./nft --version
