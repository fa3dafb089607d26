#!/usr/bin/env bash
# The GPU check anyone can run: every notebook's tests, then `mnist37 compare` on fastai's MNIST_SAMPLE,
# on one device; writes bench/results-gpu.md (bench/results-<device>.md for another device).
#   bash tools/gpu_check.sh                 # on a CUDA machine (needs fastai's MNIST_SAMPLE cached or downloadable)
#   bash tools/gpu_check.sh --device cpu    # the same check on the CPU (how it is tested where there is no GPU)
# Uses `python3` and `nbdev-test` from PATH (make test-gpu runs it with the project's .venv).
set -uo pipefail
cd "$(dirname "$0")/.."
device=cuda
[ "${1:-}" = "--device" ] && device=${2:?--device needs a value}
workers=${MNIST37_TEST_WORKERS:-$(python3 -c "import os; print(max(2, min(6, len(os.sched_getaffinity(0))//2)))")}
out=bench/results-$([ "$device" = cuda ] && echo gpu || echo "$device").md
log=$(mktemp -d)
export MNIST37_DEVICE=$device PYTHONUNBUFFERED=1

python3 -c "import torch, mnist37.core as c; print('device:', c.get_device(), torch.cuda.get_device_name() if torch.cuda.is_available() else '')" \
  || { echo "gpu_check: the $device device is not usable here"; exit 2; }
nbdev-export

start=$(date +%s)
nbdev-test --n-workers "$workers" --timing > "$log/test.txt" 2>&1; test_rc=$?
test_secs=$(( $(date +%s) - start ))
tail -25 "$log/test.txt"

start=$(date +%s)
python3 -m mnist37 compare --data fastai --device "$device" --json "$log/compare.json" --quiet > "$log/compare.txt" 2> "$log/compare.err"; cmp_rc=$?
cmp_secs=$(( $(date +%s) - start ))
cat "$log/compare.txt" "$log/compare.err"

{
  echo "# mnist37 on $device"
  echo
  echo "$(date -u +%F), $(python3 -c "import torch; print('torch', torch.__version__, '-', torch.cuda.get_device_name() if torch.cuda.is_available() else 'CPU')"), $(nproc) cores."
  echo
  echo "## nbdev-test ($workers workers, MNIST37_DEVICE=$device): exit status $test_rc, $test_secs s"
  echo
  echo '```text'
  grep -E 'Success|Failed|\.ipynb' "$log/test.txt" | tail -25
  echo '```'
  echo
  echo "## mnist37 compare --data fastai --device $device: exit status $cmp_rc, $cmp_secs s in all"
  echo
  echo '```text'
  cat "$log/compare.txt"
  echo '```'
} > "$out"
echo "wrote $out"
rm -rf "$log"
[ $test_rc -eq 0 ] && [ $cmp_rc -eq 0 ]
