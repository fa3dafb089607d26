#!/usr/bin/env python
"""Remove what fastprogress (fastai's progress bars) leaves in saved notebook outputs, so that GitHub, the
docs site and a plain-text reader show only what a reader should see.

A run that trains with fastai saves, besides its results:
- an HTML output that is only fastprogress's `<style>` block: nothing to see in Jupyter, and CSS shown as
  text where the style is not applied (nbdev issue #259: "fastprogress bar in README.md doesn't render");
- outputs with nothing left in them once training is over: `HTML('')` (a bar with `leave=False`),
  `<div></div>`, or a progress bar left behind (`<progress>`, no table);
- the results table (`<table class="fastprogress">`) as `text/html`, with a `text/plain` that is the same
  raw HTML and a `text/markdown` that is that HTML inside a code fence.

The first two are dropped. For the table, `text/html` is kept as it is (progress bars inside it, if a run
was interrupted, are removed): GitHub's notebook view, JupyterLab, Quarto's HTML output (see
`displayDataMimeType` in quarto-cli: HTML formats first) and myst-nb (`text/html` at priority 30, before
`text/markdown` at 80; see `tools/site_build.py`) all show it, styled by the page. Its `text/plain` and
`text/markdown` become one aligned pipe table. Dropping them instead would leave renderers that do not
show HTML (a terminal, `nbdev-test` logs, Quarto's PDF output, which takes `text/markdown` first) with
nothing, or with raw HTML; a pipe table reads as a table in plain text and renders as one in Markdown.
Every other output is left exactly as it is (a pandas table, whose HTML also starts with a `<style>`, is
kept because it has a table in it).

Usage: `python -m tools.clean_outputs [--check] [NOTEBOOK|GLOB|FOLDER ...]` (default: every notebook in
nbs/). Rewrites the notebooks in place, in nbdev's own format (`fastcore.nbio.write_nb`, so `nbdev-clean`
finds nothing more to do); running it twice changes nothing the second time. `--check` rewrites nothing,
prints one line per offending output and exits 1 if there is one. Tests: `tests/test_tools.py`."""
import argparse, glob, re, sys
from html import unescape
from pathlib import Path
from fastcore.nbio import read_nb, write_nb

ROOT = Path(__file__).resolve().parent.parent
SHOWS = re.compile(r'<(?:img|svg|table|canvas|iframe|video|audio|object|embed|math|input|select|textarea)\b', re.I)
BAR = re.compile(r'<div>\s*<progress\b[^>]*>\s*</progress>.*?</div>', re.S | re.I)

def _strip(html:str) -> str: return re.sub(r'(?is)<style\b.*?</style>', '', html)

def table_text(html:str) -> str:
    "fastprogress's results table in `html` as an aligned pipe table, any text around it (`Total time: ...`) first"
    rows = [[unescape(re.sub(r'<[^>]*>', '', c)).strip() for c in re.findall(r'(?is)<t[hd]\b[^>]*>(.*?)</t[hd]>', r)]
            for r in re.findall(r'(?is)<tr\b[^>]*>(.*?)</tr>', html)]
    rows = [r for r in rows if r]
    around = re.sub(r'<[^>]*>', ' ', re.sub(r'(?is)<table\b.*?</table>', '', _strip(BAR.sub('', html))))
    lines = [' '.join(unescape(around).split())] if around.strip() else []
    if rows:
        w = [max(len(r[i]) if i < len(r) else 0 for r in rows) for i in range(max(map(len, rows)))]
        fmt = lambda r: '| ' + ' | '.join((r[i] if i < len(r) else '').ljust(w[i]) for i in range(len(w))) + ' |'
        lines += [fmt(rows[0]), '|' + '|'.join('-' * (n + 2) for n in w) + '|'] + [fmt(r) for r in rows[1:]]
    return '\n'.join(lines)

def fix(o:dict) -> tuple:
    "`(problem, new output or None to drop it)` for output `o`; problem is None when `o` is fine as it is"
    if o.get('output_type') not in ('display_data', 'execute_result'): return None, o
    d = {k: ''.join(v) if isinstance(v, list) else v for k, v in o.get('data', {}).items()}  # nbformat may split lines
    if 'text/html' not in d or set(d) - {'text/html', 'text/plain', 'text/markdown'}: return None, o
    html = d['text/html']
    body = _strip(html)
    if not body.strip():
        if '<style' not in html: return 'empty HTML output', None
        if re.search(r'\bprogress\b', html): return 'fastprogress style block', None
        return None, o  # somebody's own style: not ours to judge
    if re.search(r'<table\b[^>]*fastprogress', body, re.I):
        new_html = BAR.sub('', html)
        text = table_text(new_html)
        data = {**d, 'text/html': new_html, 'text/plain': text, **({'text/markdown': text} if 'text/markdown' in d else {})}
        return (None, o) if data == d else ('fastprogress table whose text copies are raw HTML', {**o, 'data': data})
    if re.search(r'<progress\b', body, re.I): return 'fastprogress bar left behind', None
    if not re.sub(r'<[^>]*>|&nbsp;', '', body).strip() and not SHOWS.search(body): return 'empty HTML output', None
    return None, o

def clean(nb) -> list:
    "Clean notebook `nb` in place; `(cell index, output index, problem)` for each output changed or dropped"
    found = []
    for i, c in enumerate(nb['cells']):
        if c.get('cell_type') != 'code' or not c.get('outputs'): continue
        outs = []
        for j, o in enumerate(c['outputs']):
            problem, new = fix(o)
            if problem: found.append((i, j, problem))
            if new is not None: outs.append(new)
        c['outputs'] = outs
    return found

def notebooks(paths) -> list:
    "The notebooks named by `paths` (files, globs or folders); every notebook of nbs/ when empty"
    out = []
    for p in paths or [ROOT/'nbs']:
        for f in sorted(glob.glob(str(p))) or [str(p)]:
            f = Path(f)
            out += sorted(n for n in f.glob('*.ipynb') if not n.name.startswith(('_', '.'))) if f.is_dir() else [f]
    return out

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('paths', nargs='*', help='notebooks, globs or folders (default: nbs/)')
    p.add_argument('--check', action='store_true', help='change nothing; list offending outputs and exit 1 if any')
    a = p.parse_args(argv)
    total = 0
    for fn in notebooks(a.paths):
        if not fn.exists(): print(f'clean_outputs: {fn} does not exist', file=sys.stderr); return 2
        nb = read_nb(fn)
        found = clean(nb)
        total += len(found)
        name = fn.resolve().relative_to(ROOT) if fn.resolve().is_relative_to(ROOT) else fn
        if a.check:
            for i, j, problem in found: print(f'{name} cell {i} output {j}: {problem}')
        elif found:
            write_nb(nb, fn)
            print(f'{name}: {len(found)} output(s) cleaned ({sum(1 for *_, q in found if "table" not in q)} dropped)')
    if a.check and total: print(f'clean_outputs: {total} output(s) to clean; run `python -m tools.clean_outputs` on these notebooks', file=sys.stderr)
    return 1 if a.check and total else 0

if __name__ == '__main__': sys.exit(main())
