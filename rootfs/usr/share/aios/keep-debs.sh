#!/bin/sh
# apt's DPkg::Pre-Install-Pkgs hook (/etc/apt/apt.conf.d/50aios-keep-debs): reads the .debs apt is about
# to install, one path a line, and copies each into {state_dir}/packages for the carry-over after an
# update (runtime/update/carry.ts). A copy: the overlay root and the state disk are separate mounts, so no
# hard link. It never fails the install; it says what it could not keep. The folder is keptDebsDir
# (runtime/update/slots.ts); tests/unit/update/kept-debs.test.ts runs this hook against it.
dir=${AIOS_STATE_DIR:-/var/lib/aios}/packages
mkdir -p "$dir" || { echo "aios: cannot make $dir: packages installed now are not carried over after an update" >&2; exit 0; }
kept=0
while IFS= read -r deb; do
  case "$deb" in *.deb) ;; *) continue;; esac
  name=${deb##*/}
  if cp -f "$deb" "$dir/$name.part" && mv -f "$dir/$name.part" "$dir/$name"; then kept=1
  else rm -f "$dir/$name.part"; echo "aios: could not keep $name: it will not be carried over after an update" >&2; fi
done
[ "$kept" = 1 ] && sync
exit 0
