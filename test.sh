#!/usr/bin/env bash
# Runs every test of the solution on a fresh Debian machine: installs what is missing, builds,
# tests, and closes with one "N passed, N failed, N skipped" line.
set -euo pipefail
cd "$(dirname "$0")"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

# Debian packages the tests need (kept in one list so CI and newcomers install the same things).
# chromium runs the browser tests (Silo.Web.Tests); the emoji font lets its screenshots show the 🔒 icon.
# freecad and xvfb run the workbench inside real FreeCAD under a virtual display (SiloMod.FreeCAD.Tests).
APT_PACKAGES=(sqlite3 chromium fonts-noto-color-emoji freecad xvfb)
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

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
echo "==> building"
dotnet build SiloMod.sln -c Release -nologo -clp:ErrorsOnly

echo "==> testing"
log=$(mktemp)
status=0
dotnet test SiloMod.sln -c Release --no-build -nologo "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary per test assembly; add them up into a single closing line.
awk '/(Passed|Failed)! +- Failed: /{
  gsub(",", ""); for (i = 1; i <= NF; i++) { if ($i == "Failed:") f += $(i+1); if ($i == "Passed:") p += $(i+1); if ($i == "Skipped:") s += $(i+1) } }
  END { printf "%d passed, %d failed, %d skipped\n", p, f, s }' "$log"
rm -f "$log"
exit $status
