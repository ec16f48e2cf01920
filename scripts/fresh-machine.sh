#!/usr/bin/env bash
# Runs the README's two commands on a fresh Debian 12: a minimal root made with debootstrap, into
# which nothing of this machine is taken but the repository (a clean export of HEAD). This catches
# what CI on a long-lived machine cannot: a package that setup.sh forgets, which this machine has
# anyway. Needs root (chroot, mounts) and Debian's mirror.
#
# Fast on repeat: the debootstrap base (a tarball) and the downloaded .deb archives are cached in
# $SIMFORGE_FRESH_CACHE (default ~/.cache/simforge-fresh); only the installed state is new each
# time. Usage: scripts/fresh-machine.sh
set -euo pipefail
cd "$(dirname "$0")/.."
[ "$(id -u)" -eq 0 ] || { echo "fresh-machine: needs root (debootstrap, chroot)" >&2; exit 2; }
command -v debootstrap >/dev/null || { echo "fresh-machine: needs debootstrap (apt-get install debootstrap)" >&2; exit 2; }
mirror="${SIMFORGE_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
cache="${SIMFORGE_FRESH_CACHE:-$HOME/.cache/simforge-fresh}"
mkdir -p "$cache/archives/partial"
if [ ! -f "$cache/base.tgz" ]; then
  echo "== fresh-machine: downloading the Debian 12 base (once)"
  debootstrap --variant=minbase --make-tarball="$cache/base.tgz" bookworm "$cache/make-tmp" "$mirror" >/dev/null
fi

root="$(mktemp -d /tmp/simforge-fresh.XXXXXX)"
cleanup() {
  for m in var/cache/apt/archives dev/pts dev sys proc; do umount -l "$root/$m" 2>/dev/null || true; done
  rm -rf "$root"
}
trap cleanup EXIT
echo "== fresh-machine: Debian 12 minbase in $root"
debootstrap --variant=minbase --unpack-tarball="$cache/base.tgz" bookworm "$root" "$mirror" >/dev/null
mount -t proc proc "$root/proc"
mount --rbind /sys "$root/sys"
mount --rbind /dev "$root/dev"
mount --bind "$cache/archives" "$root/var/cache/apt/archives"
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/work/simforge"
git archive HEAD | tar -x -C "$root/work/simforge"

# The README's two commands, as a new user types them (setup installs everything it needs).
chroot "$root" /usr/bin/env -i HOME=/root PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 /bin/bash -euo pipefail -c '
  cd /work/simforge
  echo "== fresh-machine: command 1: scripts/setup.sh && build/cpu/apps/simforge run examples/quickstart.yaml"
  scripts/setup.sh
  # The quickstart must make the case it is there for: a learned surrogate, more than 5x faster
  # than the solver that made its data, in under 5 minutes on 2 cores (after the build).
  start=$(date +%s)
  build/cpu/apps/simforge run examples/quickstart.yaml | tee /tmp/quickstart.out
  seconds=$(( $(date +%s) - start ))
  speedup=$(sed -n "s/.*speed-up \([0-9.]*\)x.*/\1/p" /tmp/quickstart.out)
  nrmse=$(sed -n "s/^  nRMSE \([0-9.e-]*\) .*/\1/p" /tmp/quickstart.out)
  echo "== fresh-machine: quickstart in ${seconds} s, speed-up ${speedup}x, nRMSE ${nrmse}"
  awk -v s="$speedup" -v e="$nrmse" -v t="$seconds" "BEGIN { exit !(s > 5 && e < 0.2 && t < 300) }" ||
    { echo "the quickstart must show a speed-up above 5x, nRMSE below 0.2, in under 300 s"; exit 1; }
  echo "== fresh-machine: command 2: scripts/test.sh"
  scripts/test.sh
'
echo "== fresh-machine: both README commands passed on a fresh Debian 12"
