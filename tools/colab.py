#!/usr/bin/env python
"""Open the lessons in Colab: badges in each lesson's title cell, and an install cell as its first code cell.

Usage: python -m tools.colab [--check] [NOTEBOOK ...]     (default: every notebook in nbs/ but index.ipynb)

The "Open in Colab" badge opens the notebook from GitHub in Colab; a lesson that has a self-test copy (each
chapter lesson, and every other one with a "## Your turn" section: see tools/exercises.py) gets a second one
beside it, "Try it yourself in Colab", which opens its copy in selftest/. Their addresses are built from
`[project.urls] Repository` in pyproject.toml (and `[tool.nbdev] branch`, default main). The install cell installs mnist37 from that
repository when it cannot be imported (Colab, a fresh machine) and does nothing when it can (a clone,
`nbdev-test`); the environment variable MNIST37_INSTALL names another pip target (a local checkout, for
tools/colab_test.py). Both are added or brought up to date in place; a second run changes nothing.
`--check` changes nothing: it prints one line per notebook whose badges or install cell are missing or
stale, and exits with status 1 if there is any."""
import argparse, json, re, sys, tomllib
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
BADGE_IMG = 'https://colab.research.google.com/assets/colab-badge.svg'
TRY_ALT = 'Try it yourself in Colab'
TRY_IMG = 'https://img.shields.io/badge/Try_it_yourself-in_Colab-F9AB00?logo=googlecolab&logoColor=white'
SELFTEST = 'selftest'  # the committed self-test copies, beside nbs/ (written by tools/exercises.py --build)
_BADGE = r'\[!\[(?:Open In Colab|Try it yourself in Colab)\]\([^)]*\)\]\([^)]*\)'
_re_badge = re.compile(rf'^{_BADGE}(?:[ \t]+{_BADGE})*[ \t]*$', re.MULTILINE)   # the line of badges
_re_try = re.compile(r'\[!\[Try it yourself in Colab\]\([^)]*\)\]\([^)]*\)')
MARK = 'MNIST37_INSTALL'  # the install cell is the code cell that names this variable
CELL_ID = 'mnist37-install'

def repo(root=ROOT) -> tuple:
    "`(owner/name, branch)` of the GitHub repository named in `root`/pyproject.toml"
    cfg = tomllib.loads((root/'pyproject.toml').read_text())
    url = cfg.get('project', {}).get('urls', {}).get('Repository', '')
    u = urlparse(url)
    path = u.path.strip('/').removesuffix('.git')
    if u.netloc != 'github.com' or path.count('/') != 1:
        raise SystemExit(f"colab: [project.urls] Repository in pyproject.toml must be https://github.com/OWNER/NAME (Colab opens notebooks from GitHub), not {url!r}")
    return path, cfg.get('tool', {}).get('nbdev', {}).get('branch', 'main')

def colab_url(nb:str, root=ROOT) -> str:
    "The address that opens `nbs/{nb}` from GitHub in Colab"
    path, branch = repo(root)
    return f'https://colab.research.google.com/github/{path}/blob/{branch}/nbs/{nb}'

def badge(nb:str, img=BADGE_IMG, root=ROOT) -> str:
    "The markdown of the Open-in-Colab badge for `nbs/{nb}`"
    return f'[![Open In Colab]({img})]({colab_url(nb, root)})'

def selftest_url(nb:str, root=ROOT) -> str:
    "The address that opens the self-test copy of lesson `nb`, `selftest/{nb}`, from GitHub in Colab"
    path, branch = repo(root)
    return f'https://colab.research.google.com/github/{path}/blob/{branch}/{SELFTEST}/{nb}'

def try_badge(nb:str, img=TRY_IMG, root=ROOT) -> str:
    "The markdown of the Try-it-yourself badge, which opens lesson `nb`'s self-test copy in Colab"
    return f'[![{TRY_ALT}]({img})]({selftest_url(nb, root)})'

def has_selftest(nb:dict, name:str) -> bool:
    "Does lesson `name` get a self-test copy: a chapter lesson (01..09), or one with a '## Your turn' section?"
    return bool(re.match(r'0[1-9]_', name)) or any(
        c['cell_type'] == 'markdown' and _src(c).lstrip().startswith('## Your turn') for c in nb['cells'])

def badges(nb:dict, name:str, root=ROOT) -> str:
    "The line of badges in lesson `name`'s title cell: Open in Colab, and Try it yourself where it has a copy"
    return badge(name, root=root) + (' ' + try_badge(name, root=root) if has_selftest(nb, name) else '')

INSTALL_TITLE = 'Install mnist37 if it is missing (on Colab)'
INSTALL_META = dict(cellView='form', jupyter=dict(source_hidden=True), nbdev=dict(hide='true'))  # collapsed, as tools/nb.py collapses

def install_source(root=ROOT) -> str:
    "The install cell: `pip install` the repository, only when mnist37 is not importable; says what and from where first"
    path, _ = repo(root)
    return (f"#@title {INSTALL_TITLE}\n"
            "#| hide\n"
            "# Where mnist37 is missing (Colab, a fresh kernel), install it first. MNIST37_INSTALL may name another source.\n"
            "import importlib.util, os, subprocess, sys\n"
            "if importlib.util.find_spec('mnist37') is None:\n"
            f"    src = os.environ.get('{MARK}') or 'git+https://github.com/{path}'\n"
            "    extra = '' if importlib.util.find_spec('torch') else ', and PyTorch (a download of a few GB), which this kernel lacks'\n"
            "    print(f'Installing mnist37 from {src} into {sys.executable}{extra} ...', flush=True)\n"
            "    if subprocess.run([sys.executable, '-m', 'pip', 'install', '--quiet', src]).returncode:\n"
            "        raise SystemExit(f'mnist37: pip could not install {src} (its message is above); this lesson needs it')\n"
            "    importlib.invalidate_caches()\n"
            "    if importlib.util.find_spec('mnist37') is None:\n"
            "        raise SystemExit('mnist37: installed, but this kernel cannot import it yet: restart the kernel, then run this cell again')")

def _src(c) -> str: return ''.join(c['source'])
def _is_install(c) -> bool: return c['cell_type'] == 'code' and MARK in _src(c)

def title_cell(nb:dict):
    "The first markdown cell, if it is a `# Title` cell"
    md = next((c for c in nb['cells'] if c['cell_type'] == 'markdown'), None)
    return md if md is not None and re.match(r'#\s+\S', _src(md)) else None

def updated(nb:dict, name:str, root=ROOT) -> dict:
    "Notebook `nb` (named `name`) with its badge and install cell added or brought up to date"
    nb = json.loads(json.dumps(nb))
    title = title_cell(nb)
    if title is None: raise ValueError(f"{name}: the first markdown cell is not a '# Title' cell, so there is nowhere to put the badge")
    s, b = _src(title), badges(nb, name, root=root)
    s = _re_badge.sub(b, s) if _re_badge.search(s) else s.rstrip('\n') + '\n\n' + b
    title['source'] = s.splitlines(True)
    old = [c for c in nb['cells'] if _is_install(c)]
    nb['cells'] = [c for c in nb['cells'] if not _is_install(c)]
    cell = dict(cell_type='code', execution_count=None, id=old[0].get('id', CELL_ID) if old else CELL_ID,
                metadata=INSTALL_META, outputs=[], source=install_source(root).splitlines(True))
    first_code = next((i for i, c in enumerate(nb['cells']) if c['cell_type'] == 'code'), len(nb['cells']))
    nb['cells'].insert(first_code, cell)
    return nb

def problems(old:dict, new:dict) -> list:
    "What `updated` would change, in words"
    probs, t0, t1 = [], _src(title_cell(old)), _src(title_cell(new))
    open0, open1 = (re.search(r'\[!\[Open In Colab\]\([^)]*\)\]\([^)]*\)', t) for t in (t0, t1))
    try0, try1 = _re_try.search(t0), _re_try.search(t1)
    if (open0 and open0.group(0)) != open1.group(0): probs.append('Open-in-Colab badge ' + ('stale' if open0 else 'missing'))
    if (try0 and try0.group(0)) != (try1 and try1.group(0)):
        probs.append('Try-it-yourself badge ' + ('stale' if try0 and try1 else 'missing' if try1 else 'on a lesson that has no self-test copy'))
    if not probs and t0 != t1: probs.append('badges not on a line of their own')
    inst = [i for i, c in enumerate(old['cells']) if _is_install(c)]
    first_code = next(i for i, c in enumerate(old['cells']) if c['cell_type'] == 'code')
    if not inst: probs.append('install cell missing')
    elif len(inst) > 1: probs.append(f'{len(inst)} install cells')
    elif _src(old['cells'][inst[0]]) != install_source(): probs.append('install cell stale')
    elif inst[0] != first_code: probs.append('install cell is not the first code cell')
    elif old['cells'][inst[0]]['outputs']: probs.append('install cell has saved outputs')
    elif old['cells'][inst[0]].get('metadata') != INSTALL_META: probs.append('install cell is not collapsed')
    return probs

def lessons(nbs=NBS) -> list:
    return [p for p in sorted(nbs.glob('*.ipynb')) if p.name != 'index.ipynb' and not p.name.startswith(('_', '.'))]

def main(argv=None):
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', type=Path, help="notebooks to update or check (default: every lesson in nbs/)")
    p.add_argument('--check', action='store_true', help="change nothing; fail if a badge or install cell is missing or stale")
    args = p.parse_args(argv)
    bad, changed = 0, 0
    for fn in args.notebooks or lessons():
        text = fn.read_text()
        nb = json.loads(text)
        try: new = updated(nb, fn.name)
        except ValueError as e: print(f'colab: {e}', file=sys.stderr); bad += 1; continue
        out = json.dumps(new, indent=1, ensure_ascii=False) + '\n'
        if out == text: continue
        if args.check:
            print(f"colab: {fn.name}: {', '.join(problems(nb, new)) or 'not formatted as nbdev-clean writes it'} (run: python -m tools.colab)", file=sys.stderr)
            bad += 1
        else: fn.write_text(out); changed += 1; print(f'colab: updated {fn.name}')
    if args.check and not bad: print(f"colab: every lesson has its badges and install cell")
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main())
