#!/usr/bin/env bash
# Export the library from the notebooks, then run every notebook's tests with nbdev-test.
# Prints a closing line "N passed, M failed" counting notebooks.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin

# Two notebooks at a time. Under nbdev-test (which sets IN_TEST) mnist37 gives each notebook one torch
# thread (see nbs/90_core.ipynb), so nothing here needs a thread variable; the README's manual line is the same.
WORKERS=${MNIST37_TEST_WORKERS:-2}

"$BIN/nbdev-export" || exit 1
log=$(mktemp)
"$BIN/nbdev-test" --n-workers "$WORKERS" --timing ${NBDEV_TEST_FLAGS:-} 2> >(tee "$log" >&2)
rc=$?
total=$(ls nbs/*.ipynb | grep -v '/[_.]' | wc -l)
failed=$(sed -n '/Failed On The Following Notebooks/,$p' "$log" | grep -c '\.ipynb' || true)
[ $rc -ne 0 ] && [ "$failed" -eq 0 ] && failed=$total
rm -f "$log"
echo "$((total - failed)) passed, $failed failed"
exit $rc
