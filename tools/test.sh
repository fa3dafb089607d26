#!/usr/bin/env bash
# Export the library from the notebooks, then run every notebook's tests with nbdev-test.
# Prints a closing line "N passed, M failed" counting notebooks.
set -uo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin

# Two cores: two notebooks at a time, one torch thread each. One thread per process avoids the
# oversubscription that made a small MLP train 15-20x slower; fastai's loaders use num_workers=0.
WORKERS=${MNIST37_TEST_WORKERS:-2}
export OMP_NUM_THREADS=${OMP_NUM_THREADS:-1} MKL_NUM_THREADS=${MKL_NUM_THREADS:-1} MNIST37_THREADS=${MNIST37_THREADS:-1}

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
