#!/usr/bin/env bash
# Export the library from the notebooks, then run every notebook's tests with nbdev-test.
# Prints a closing line "N passed, M failed" counting notebooks.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin

# Two notebooks at a time, each on one torch thread (two would fight over the two cores): the test run asks for
# that as anyone would, with MNIST37_THREADS (see nbs/90_core.ipynb); the library never asks whether it is under test.
# Measurements the tests make (resnet18's precision, nbs/95_machine.ipynb) go to a cache folder of their own.
WORKERS=${MNIST37_TEST_WORKERS:-2}
export MNIST37_THREADS=${MNIST37_THREADS:-1}
export XDG_CACHE_HOME=${MNIST37_TEST_CACHE:-$(mktemp -d)}

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
