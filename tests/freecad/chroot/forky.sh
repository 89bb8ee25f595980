#!/usr/bin/env bash
# A Debian forky chroot with FreeCAD 1.1 (Qt 6, PySide6, Python 3.14) for the FreeCAD tests, next
# to the host's FreeCAD 0.20. Needs root (debootstrap, mount namespaces, chroot).
#
#   forky.sh ensure            build the chroot unless a working one is cached (first time: a few minutes)
#   forky.sh run CMD [ARG...]  run CMD inside it, in the caller's folder, with the caller's environment
#   forky.sh check             exit 0 when the cached chroot is complete and FreeCAD starts
#   forky.sh path              print the chroot's folder
#
# SILOMOD_FORKY_DIR     where the chroot lives (default /var/cache/silomod/forky-freecad): outside
#                       the clone, so a fresh clone on the same machine reuses it
# SILOMOD_FORKY_MIRROR  Debian mirror (default: the deb.debian.org URI of the host's apt sources)
#
# `run` shares with the host: /tmp (the tests' HOMEs, temp folders and X sockets), the repository
# and /usr/share/dotnet (read-only) at the same paths, ~/.nuget (NuGet's package cache), /dev,
# /sys, /etc/resolv.conf and the network (the tests' Silo server listens on 127.0.0.1). Every mount
# is made in a private mount namespace, and everything runs in its own PID namespace: when the
# command ends or is killed, its mounts and any process it left behind (Xvfb, build servers) go
# with it, and nothing is ever mounted on the host.
set -euo pipefail

ROOT=${SILOMOD_FORKY_DIR:-/var/cache/silomod/forky-freecad}
REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/../../.." && pwd -P)
STAMP=.silomod-forky-ready
# freecad brings Qt 6, PySide6 and Python 3.14; xvfb and xauth run its GUI without a display;
# libgl1-mesa-dri renders the 3D view in software; without qt6-svg-plugins Qt 6 draws check boxes
# empty; ca-certificates lets NuGet (the build test) reach HTTPS; the emoji font draws the panels'
# status icons in screenshots as the host's FreeCAD shows them.
PACKAGES=(freecad xvfb xauth libgl1-mesa-dri qt6-svg-plugins ca-certificates fonts-dejavu-core fonts-noto-color-emoji)
# Written into the stamp: a chroot built from another recipe is rebuilt rather than trusted.
RECIPE="forky minbase; no recommends; ${PACKAGES[*]}"

die() { echo "forky.sh: $*" >&2; exit 1; }

need_root() { [ "$(id -u)" -eq 0 ] || die "needs root (debootstrap, mount namespaces and chroot)"; }

mirror() {
  if [ -n "${SILOMOD_FORKY_MIRROR:-}" ]; then echo "$SILOMOD_FORKY_MIRROR"; return; fi
  # The host's own mirror, as apt is set up to reach it (deb822 URIs: or one-line deb entries).
  local uri
  uri=$(cat /etc/apt/sources.list /etc/apt/sources.list.d/*.list /etc/apt/sources.list.d/*.sources 2>/dev/null |
        grep -oE 'https?://deb\.debian\.org/debian/?( |$)' | head -n1 | tr -d ' ' || true)
  echo "${uri:-http://deb.debian.org/debian}"
}

# A folder that still has something mounted below it must never be deleted: rm -rf would walk into
# the host's /tmp or the repository through a bind mount.
assert_unmounted() {
  local dir
  dir=$(realpath -m "$1")
  if awk -v d="$dir" '$2 == d || index($2, d "/") == 1 { found = 1 } END { exit !found }' /proc/self/mounts; then
    die "something is mounted below $dir; unmount it before the chroot can be rebuilt"
  fi
}

# Runs "$@" chrooted in $1 with /proc, /dev and /sys; with $2 = tests also the shared folders.
enter() {
  local root=$1 kind=$2
  shift 2
  local cwd=$PWD
  # A PID namespace whose init is the sh below: when it exits, the kernel ends every process left
  # inside. --kill-child takes the namespace down when unshare itself is killed (a test timeout).
  unshare --mount --propagation private --pid --fork --kill-child -- /bin/sh -c '
    set -e
    root=$1 kind=$2 repo=$3 cwd=$4
    shift 4
    mount -t proc proc "$root/proc"
    mount --rbind /dev "$root/dev"
    mount --rbind /sys "$root/sys"
    if [ "$kind" = tests ]; then
      mount --bind /tmp "$root/tmp"
      mkdir -p "$root/usr/share/dotnet" "$root$repo"
      mount -o bind,ro /usr/share/dotnet "$root/usr/share/dotnet"
      mount --bind "$repo" "$root$repo"
      if [ -f /etc/resolv.conf ]; then
        touch "$root/etc/resolv.conf"
        mount -o bind,ro /etc/resolv.conf "$root/etc/resolv.conf"
      fi
      # NuGet packages the host already has; a HOME below /tmp is shared already.
      case "${HOME:-/}" in
        /|/tmp|/tmp/*) ;;
        *) if [ -d "$HOME/.nuget" ]; then mkdir -p "$root$HOME/.nuget"; mount --bind "$HOME/.nuget" "$root$HOME/.nuget"; fi ;;
      esac
    fi
    [ -d "$root$cwd" ] || cwd=/
    # chroot would start in /; the tests pass paths relative to their working folder.
    chroot "$root" /usr/bin/env PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
      /bin/sh -c "cd \"\$0\" && exec \"\$@\"" "$cwd" "$@"
  ' forky-enter "$root" "$kind" "$REPO" "$cwd" "$@"
}

is_ready() {
  local root=$1
  [ -f "$root/$STAMP" ] && [ "$(cat "$root/$STAMP")" = "$RECIPE" ] || return 1
  # Every package fully installed, and FreeCAD starts with the modules and Qt binding the tests use.
  local status
  status=$(chroot "$root" dpkg-query -W -f '${Status}\n' "${PACKAGES[@]}" 2>/dev/null) || return 1
  [ -z "$(grep -v '^install ok installed$' <<<"$status")" ] || return 1
  enter "$root" system timeout 120 freecadcmd -c 'import FreeCAD, Part, Sketcher, PySide6; print("silomod-forky-ok")' \
    2>/dev/null | grep -q '^silomod-forky-ok' || return 1
}

build() {
  local partial=$ROOT.partial mirror
  mirror=$(mirror)
  command -v debootstrap >/dev/null || {
    echo "forky.sh: installing debootstrap"
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >/dev/null
  }
  assert_unmounted "$partial"
  assert_unmounted "$ROOT"
  rm -rf "$partial" "$ROOT"
  mkdir -p "$(dirname "$ROOT")"

  echo "forky.sh: debootstrap forky from $mirror into $partial"
  # bookworm's debootstrap has no script named forky; sid's fits every testing suite. Its mounts
  # stay inside a private namespace, so an interrupted run leaves nothing mounted on the host.
  unshare --mount --propagation private -- \
    debootstrap --variant=minbase forky "$partial" "$mirror" /usr/share/debootstrap/scripts/sid
  # The mirror's forky Release file may be past its Valid-Until date.
  echo 'Acquire::Check-Valid-Until "false";' >"$partial/etc/apt/apt.conf.d/90silomod"
  # No daemon may start inside the chroot while packages are installed.
  printf '#!/bin/sh\nexit 101\n' >"$partial/usr/sbin/policy-rc.d"
  chmod 755 "$partial/usr/sbin/policy-rc.d"
  # CAs the host trusts beyond Debian's (a proxy's, a company's) also hold for NuGet inside.
  if [ -d /usr/local/share/ca-certificates ]; then
    mkdir -p "$partial/usr/local/share/ca-certificates"
    cp -rL /usr/local/share/ca-certificates/. "$partial/usr/local/share/ca-certificates/"
  fi

  echo "forky.sh: installing ${PACKAGES[*]}"
  enter "$partial" system env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  enter "$partial" system env DEBIAN_FRONTEND=noninteractive \
    apt-get install -y -qq --no-install-recommends "${PACKAGES[@]}" >/dev/null
  enter "$partial" system apt-get clean
  enter "$partial" system update-ca-certificates >/dev/null
  # The host's .NET is mounted at /usr/share/dotnet; `dotnet` on PATH as on the host.
  ln -sfn /usr/share/dotnet/dotnet "$partial/usr/bin/dotnet"

  echo "$RECIPE" >"$partial/$STAMP"
  mv "$partial" "$ROOT"
  is_ready "$ROOT" || die "the new chroot in $ROOT does not start FreeCAD"
  echo "forky.sh: ready: $(enter "$ROOT" system freecadcmd --version 2>/dev/null | head -n1)"
}

cmd=${1:-}
[ $# -gt 0 ] && shift
case "$cmd" in
  ensure)
    need_root
    mkdir -p "$(dirname "$ROOT")"
    # Two test runs on one machine must not build the same chroot at once.
    exec 9>"$ROOT.lock"
    flock 9
    if is_ready "$ROOT"; then exit 0; fi
    [ -e "$ROOT" ] && echo "forky.sh: $ROOT is missing, incomplete or from another recipe: rebuilding"
    started=$SECONDS
    build
    echo "forky.sh: built in $(( (SECONDS - started) / 60 )) min $(( (SECONDS - started) % 60 )) s"
    ;;
  check)
    need_root
    is_ready "$ROOT"
    ;;
  run)
    need_root
    [ $# -gt 0 ] || die "usage: forky.sh run CMD [ARG...]"
    [ -f "$ROOT/$STAMP" ] || die "no FreeCAD 1.1 chroot in $ROOT: run tests/freecad/chroot/forky.sh ensure first"
    enter "$ROOT" tests "$@"
    ;;
  path)
    echo "$ROOT"
    ;;
  *)
    sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2
    exit 2
    ;;
esac
