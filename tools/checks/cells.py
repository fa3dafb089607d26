"""The cells a learner sees in JupyterLab and Colab, not only on the website.

Usage: python -m tools.checks.cells [--fix] [--stats] [NOTEBOOK ...]   (default: every notebook in nbs/)

Checks, for every notebook:
- every cell the website hides (`hide`) or shows without its code (`echo: false`) is collapsed in JupyterLab
  and Colab too (see tools/nb.py), and no other cell is;
- no lesson holds the answers to its "Your turn" (the proofs of a checker live in the exercises appendix);
and for the chapter's lessons (01-09), where a cell should read like the book's:
- no visible code cell holds test code (`test_*`, `assert`, `exp[...]`): checks go in a hidden cell after it;
- visible code cells are short: a median of at most 3 code lines, and a 90th percentile of at most 6, over
  the whole chapter (blank, comment and directive lines do not count; exported definitions and collapsed
  cells are not counted, being the library's code and the lesson's plumbing).

`--fix` collapses what should be collapsed (keeping a title already given, else making one up that you should
then improve), and `--stats` prints each chapter lesson's line counts. Exits 1 with one line per problem."""
import argparse, re, statistics, sys
from pathlib import Path
from tools import nb as N

MEDIAN, P90 = 3, 6
_TEST = re.compile(r'\b(test_\w+|assert)\b|\bexp\[')
_ANSWERS = re.compile(r'\b(_says|says|accepts|rejects)\(')

def visible(c) -> bool:
    "A code cell the learner reads as teaching code: not hidden, not exported, not collapsed"
    return c['cell_type'] == 'code' and bool(N.src(c).strip()) and not (N.is_hidden(c) or N.is_export(c) or N.is_collapsed(c))

def default_title(c) -> str:
    "A title for a cell collapsed by `--fix`: its first comment, else what kind of cell it is"
    s = N.src(c)
    if N.title_of(c): return N.title_of(c)
    if 'MNIST37_INSTALL' in s: return 'Install mnist37 if it is missing (on Colab)'
    m = re.search(r'^\s*#\s+(?!\|)(.+)$', s, re.M)
    if m: return m.group(1).strip().rstrip('.:')[:90]
    if N.shows_no_code(c): return 'Drawing the figure'
    if _TEST.search(s): return 'Checking the claims above'
    return 'Setting up'

def fix(nb:dict) -> int:
    "Collapse every cell of `nb` that should be; return how many changed"
    n = 0
    for i, c in enumerate(nb['cells']):
        if N.should_collapse(c) and not N.is_collapsed(c):
            nb['cells'][i] = N.collapse(c, default_title(c)); n += 1
    return n

def line_counts(nb:dict) -> list: return [len(N.code_lines(c)) for c in nb['cells'] if visible(c)]

def problems(fn:Path, nb:dict) -> list:
    out, name = [], fn.name
    for i, c in enumerate(nb['cells']):
        if c['cell_type'] != 'code': continue
        if N.should_collapse(c) and not N.is_collapsed(c):
            out.append(f"{name} cell {i}: hidden on the website but shown as code in JupyterLab and Colab (python -m tools.checks.cells --fix)")
        if N.is_collapsed(c) and not N.should_collapse(c):
            out.append(f"{name} cell {i}: collapsed in JupyterLab and Colab, but the website shows its code")
        if name[:2].isdigit() and int(name[:2]) < 90 and _ANSWERS.search(N.src(c)):
            out.append(f"{name} cell {i}: proves a 'Your turn' checker with correct answers; proofs belong in the exercises appendix")
        if N.is_chapter(fn) and visible(c) and _TEST.search(N.src(c)):
            out.append(f"{name} cell {i}: a visible cell holds test code; move the check to a hidden cell after it")
    return out

def percentile(xs, q) -> float: return statistics.quantiles(xs, n=100, method='inclusive')[q - 1] if len(xs) > 1 else (xs or [0])[0]

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', type=Path)
    p.add_argument('--fix', action='store_true', help='collapse the cells that should be collapsed')
    p.add_argument('--stats', action='store_true', help="print the chapter lessons' line counts")
    a = p.parse_args(argv)
    fns = a.notebooks or N.notebooks()
    probs, chapter = [], []
    for fn in fns:
        nb = N.read(fn)
        if a.fix and (n := fix(nb)):
            N.write(fn, nb); print(f"{fn.name}: collapsed {n} cell(s)")
        probs += problems(fn, nb)
        if N.is_chapter(fn):
            ls = line_counts(nb); chapter += ls
            if a.stats and ls: print(f"{fn.name}: {len(ls)} visible cells, median {statistics.median(ls):g}, 90th percentile {percentile(ls, 90):g}, longest {max(ls)}")
    if chapter and not a.notebooks:
        med, p90 = statistics.median(chapter), percentile(chapter, 90)
        if a.stats: print(f"the chapter: {len(chapter)} visible cells, median {med:g} lines, 90th percentile {p90:g}")
        if med > MEDIAN: probs.append(f"the chapter's visible cells have a median of {med:g} code lines; at most {MEDIAN}")
        if p90 > P90: probs.append(f"the chapter's visible cells have a 90th percentile of {p90:g} code lines; at most {P90}")
    for pr in probs: print(pr)
    return 1 if probs else 0

if __name__ == '__main__': sys.exit(main())
