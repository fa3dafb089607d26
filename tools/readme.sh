#!/usr/bin/env bash
# README.md is rendered from nbs/index.ipynb (nbdev-readme needs Quarto, which we do without).
set -euo pipefail
cd "$(dirname "$0")/.."
BIN=${VENV:-.venv}/bin
"$BIN/jupyter" nbconvert --to markdown nbs/index.ipynb --output-dir . --output README --log-level WARN
# Label code cells as Python for GitHub, drop nbconvert's runs of blank lines, and rebase relative links:
# index.ipynb links relative to nbs/ (as the website and nbs/ on GitHub need), the README sits one folder up.
python3 - <<'PY'
import re, pathlib, posixpath
p = pathlib.Path('README.md'); s = p.read_text()
rebase = lambda m: m.group(1) + posixpath.normpath('nbs/' + m.group(2)) + ')'
out, in_code = [], False
for line in s.split('\n'):
    if line.startswith('```'):
        if not in_code and line == '```': line = '```python'
        in_code = not in_code
    elif not in_code: line = re.sub(r'(\]\()(?![a-z]+:|#|/)([^)\s]+)\)', rebase, line)
    out.append(line)
s = re.sub(r'\n{3,}', '\n\n', '\n'.join(out))
p.write_text(s.rstrip('\n') + '\n')
PY
