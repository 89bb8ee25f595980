#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian machine: installs what is missing, builds,
# tests, and closes with one "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests need (kept in one list so CI and newcomers install the same things).
# chromium runs the browser tests (Silo.Web.Tests); the emoji font lets its screenshots show the 🔒 icon.
# freecad and xvfb run the workbench inside real FreeCAD under a virtual display (SiloMod.FreeCAD.Tests);
# debootstrap builds the Debian forky chroot the same tests then run FreeCAD 1.1 from.
# python3-git: FreeCAD 0.20's Addon Manager installs from a custom repository only with GitPython
# (its zip fallback fails for hosts other than GitHub/GitLab), so its install test needs it, as users do.
APT_PACKAGES=(sqlite3 chromium fonts-noto-color-emoji freecad xvfb debootstrap python3-git)
missing=()
for p in "${APT_PACKAGES[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  echo "==> installing Debian packages: ${missing[*]}"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

if ! command -v dotnet >/dev/null; then
  echo "The .NET 10 SDK is required (https://learn.microsoft.com/dotnet/core/install/linux-debian)." >&2
  exit 2
fi

# FreeCAD 1.1 runs from a Debian forky chroot cached outside the clone (tests/freecad/chroot/forky.sh,
# which needs root). Building it the first time takes a few minutes, mostly downloads and dpkg:
# it runs in the background, at the lowest CPU and disk priority so the timed FreeCAD tests keep the
# machine, while the solution builds and its tests run. setsid gives it its own process group, so an
# early exit of this script stops all of it.
forky=tests/freecad/chroot/forky.sh
forky_log=$(mktemp)
forky_pid=
if [ "$(id -u)" -eq 0 ]; then
  echo "==> preparing FreeCAD 1.1 (forky chroot in $("$forky" path)) in the background"
  setsid nice -n 19 ionice -c 2 -n 7 "$forky" ensure >"$forky_log" 2>&1 &
  forky_pid=$!
else
  echo "FreeCAD 1.1 runs in a chroot and needs root: run test.sh as root (sudo ./test.sh)." >"$forky_log"
fi
# The server suite's second pass stores in a throwaway PostgreSQL 15 cluster of its own (directory
# and port unlike tests/postgres/cluster.sh's defaults, so a benchmark cluster is left alone).
pg_dir=${TMPDIR:-/tmp}/silo-test-pg-$$
pg_port=${SILO_TEST_PG_PORT:-54339}
pg_started=
cleanup() {
  [ -z "$forky_pid" ] || kill -TERM -- -"$forky_pid" 2>/dev/null || true
  rm -f "$forky_log"
  [ -z "$pg_started" ] || tests/postgres/cluster.sh stop "$pg_dir" || true
}
trap cleanup EXIT
# Ctrl+C and a CI cancel reach only this script's process group: leave through the EXIT trap above.
trap 'exit 130' INT
trap 'exit 143' TERM

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "==> building"
dotnet build SiloMod.sln -c Release -nologo -clp:ErrorsOnly

echo "==> testing (SiloMod.FreeCAD.Tests with the host's FreeCAD 0.20)"
log=$(mktemp)
status=0
dotnet test SiloMod.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# The server suite once more with every test server on PostgreSQL (a schema each); the tests of
# SQLite itself (trait Engine=Sqlite) ran above and are left out, unless the caller passed its own
# arguments (dotnet test takes one --filter). Its summary joins the same log.
echo "==> PostgreSQL 15 (throwaway cluster on 127.0.0.1:$pg_port): Silo.Server.Tests"
pg_args=("$@")
[ $# -gt 0 ] || pg_args=(--filter "Engine!=Sqlite")
pg_started=1
if pg_cs=$(tests/postgres/cluster.sh start "$pg_dir" "$pg_port"); then
  SILO_TEST_POSTGRES="$pg_cs" dotnet test tests/Silo.Server.Tests -c Release --no-build -nologo "${pg_args[@]}" 2>&1 | tee -a "$log" || status=$?
  tests/postgres/cluster.sh stop "$pg_dir" || true
  pg_started=
else
  echo "PostgreSQL not tested: the throwaway cluster did not start; its log ends:" >&2
  tail -n 20 "$pg_dir/server.log" >&2 || true
  status=1
fi

# The same FreeCAD tests once more, against FreeCAD 1.1; their summary goes into the same log so
# the closing line counts both.
echo "==> FreeCAD 1.1 (forky chroot): SiloMod.FreeCAD.Tests"
if [ -n "$forky_pid" ] && wait "$forky_pid"; then
  grep -h 'built in' "$forky_log" || true
  SILOMOD_FREECAD=1.1 dotnet test tests/SiloMod.FreeCAD.Tests -c Release --no-build -nologo "$@" 2>&1 | tee -a "$log" || status=$?
else
  echo "FreeCAD 1.1 not tested: the forky chroot could not be prepared; its log ends:" >&2
  tail -n 40 "$forky_log" >&2
  status=1
fi

# dotnet test prints one summary per test assembly; add them up into a single closing line.
awk '/(Passed|Failed)! +- Failed: /{
  gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
