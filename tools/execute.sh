#!/usr/bin/env bash
# Re-run notebooks in place so their saved outputs come from a real run, then clean them (nbdev-clean, then
# tools/clean_outputs.py for progress-bar leftovers).
# Usage: tools/execute.sh nbs/03_baseline.ipynb [...]   (no argument: every notebook)
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=$(cd "${VENV:-.venv}/bin" && pwd)
"$BIN/nbdev-export"
for nb in "${@:-nbs/*.ipynb}"; do
  for f in $nb; do
    echo "executing $f"
    (cd "$(dirname "$f")" && "$BIN/jupyter" nbconvert --to notebook --execute --inplace \
        --ExecutePreprocessor.timeout=1200 "$(basename "$f")" 2>&1 | grep -v -e NbConvertApp -e 'running over TCP' || true)
  done
done
if [ $# -gt 0 ]; then for f in "$@"; do "$BIN/nbdev-clean" --fname "$f"; done; else "$BIN/nbdev-clean"; fi   # only the notebooks run
"$BIN/python" -m tools.clean_outputs "$@"   # fastprogress leaves junk outputs that nbdev-clean keeps
if [ -z "${1:-}" ] || [[ " $* " == *index.ipynb* ]]; then bash tools/readme.sh; fi
