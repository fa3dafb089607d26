#!/usr/bin/env bash
# README.md is rendered from nbs/index.ipynb (nbdev-readme needs Quarto, which we do without).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
"$BIN/jupyter" nbconvert --to markdown nbs/index.ipynb --output-dir . --output README --log-level WARN
# Label code cells as Python for GitHub, and drop nbconvert's runs of blank lines.
python3 - <<'PY'
import re, pathlib
p = pathlib.Path('README.md'); s = p.read_text()
out, in_code = [], False
for line in s.split('\n'):
    if line.startswith('```'):
        if not in_code and line == '```': line = '```python'
        in_code = not in_code
    out.append(line)
s = re.sub(r'\n{3,}', '\n\n', '\n'.join(out))
p.write_text(s.rstrip('\n') + '\n')
PY
