#!/usr/bin/env bash
# Runs the panel tests: plain-Python unit tests, then each FreeCAD GUI script under Xvfb with a
# throw-away FreeCAD user folder; prints each result file and fails when one is missing or not ok.
set -uo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../../.." && pwd)"
cd "$root"
status=0

/usr/bin/python3 -m unittest discover -s tests/freecad/panels -p 'test_*.py' || status=1

out="${SILOMOD_TEST_OUT:-$(mktemp -d /tmp/silomod-panels.XXXXXX)}"
mkdir -p "$out"
export SILOMOD_SCREENSHOTS="${SILOMOD_SCREENSHOTS:-$root/artifacts/screenshots/freecad}"
scripts=("$@")
[ ${#scripts[@]} -eq 0 ] && scripts=("$here"/gui_*.py)
for script in "${scripts[@]}"; do
  name="$(basename "$script" .py)"
  result="$out/$name.json"
  rm -f "$result"
  home="$(mktemp -d /tmp/silomod-fchome.XXXXXX)"
  echo "==> $name"
  SILOMOD_RESULT="$result" FREECAD_USER_HOME="$home" QTWEBENGINE_DISABLE_SANDBOX=1 \
    timeout -k 10 180 xvfb-run -a -s "-screen 0 1600x1000x24" freecad "$script" >"$out/$name.log" 2>&1
  if [ -f "$result" ] && /usr/bin/python3 -c 'import json,sys; sys.exit(0 if json.load(open(sys.argv[1]))["ok"] else 1)' "$result"; then
    echo "    ok"
  else
    echo "    FAILED (log: $out/$name.log)"; cat "$result" 2>/dev/null; status=1
  fi
  rm -rf "$home"
done
echo "screenshots: $SILOMOD_SCREENSHOTS"
exit $status
