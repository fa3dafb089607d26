#!/usr/bin/env python
"""Build the course website into _docs/ from the notebooks in nbs/ and the outputs saved in them (`make docs`).

Usage: .venv/bin/python -m tools.site_build [--out _docs] [--workers 2]

Offline, and without Quarto (which does not install from PyPI):
1. nbdev's own processing (what `nbdev-proc-nbs` runs, without its attempt to install Quarto) writes
   _proc/: hidden and exported cells dropped, `show_doc` rendered. It runs only the cells that define or
   import something, never a lesson's training; it caches, so only notebooks changed since the last
   build are processed again.
2. Each processed notebook becomes a page source in _site/src: its title, summary and Open-in-Colab
   badge first; Quarto's cell options (`echo`, `output`, `include`, `code-fold`) turned into myst-nb's;
   `show_doc` output turned into markdown; links to the published docs made links between pages; links
   out of nbs/ (`../bench/results.md`) pointed at the repository on GitHub. The sidebar, its sections
   and the reading order come from nbs/_quarto.yml.
3. Sphinx renders _site/src into _docs/ with myst-nb and sphinx-book-theme (docs/conf.py), treating
   every warning (a broken link between lessons, a missing image) as an error.
4. The draw page of lesson 17 goes beside the lessons, in _docs/draw/ (https://mnist37.github.io/mnist37/draw/):
   `mnist37.web.write_web_page`, with the fast models trained at build time on the data found (fastai's
   MNIST_SAMPLE where it is, else the embedded sample; MNIST37_DATA chooses), before nbdev's step sets
   MNIST37_DATA=embedded for the cells it runs. The lessons link to it by its published address, which
   becomes a link within the site.
5. The playground of lesson 18 goes beside it, in _docs/playground/ (https://mnist37.github.io/mnist37/playground/):
   `mnist37.playground.write_playground_page`, with a few thousand 3s and 7s of the same data. The lessons link to
   it by its published address too, with a query that sets up a case (`playground/?model=coaster&lr=1e-4`)."""
import argparse, html, json, os, posixpath, re, shutil, sys, time
from pathlib import Path
import yaml

ROOT = Path(__file__).resolve().parent.parent
from tools import check_docs, colab

NBS, PROC, SRC, DOCTREES = ROOT/'nbs', ROOT/'_proc', ROOT/'_site'/'src', ROOT/'_site'/'doctrees'
HTML = ROOT/'_site'/'html'  # Sphinx writes here (myst-nb puts its jupyter_execute/ beside it, inside _site/); then copied to --out
BADGE_SVG = ROOT/'docs'/'colab-badge.svg'
REDIRECTS = ROOT/'docs'/'redirects.yml'  # old addresses of pages and sections that moved
DRAW = ROOT/'_site'/'draw'  # the draw page of lesson 17, written before Sphinx runs; then copied to --out
DRAW_DIR = 'draw/'  # where it is on the site
PLAYGROUND = ROOT/'_site'/'playground'  # the playground of lesson 18, written before Sphinx runs; then copied to --out
PLAYGROUND_DIR = 'playground/'  # where it is on the site
STATIC_PAGES = (DRAW_DIR, PLAYGROUND_DIR)  # pages beside the lessons that Sphinx does not make
MAX_MB = 30  # the whole site: a lesson's figures are small (dpi ~72), so a bigger site means something went wrong

def sidebar(nbs=NBS) -> list:
    "`[(caption, [page, ...]), ...]` from the sidebar of `nbs/_quarto.yml`, in reading order (caption None outside a section)"
    items = yaml.safe_load((nbs/'_quarto.yml').read_text())['website']['sidebar']['contents']
    out = []
    for it in items:
        if isinstance(it, dict) and 'section' in it: out.append((it['section'], list(check_docs.sidebar_pages(it.get('contents')))))
        else:
            pages = list(check_docs.sidebar_pages([it]))
            if out and out[-1][0] is None: out[-1][1].extend(pages)
            else: out.append((None, pages))
    return out

def run_nbdev(workers:int):
    "nbdev's processing of nbs/ into _proc/ (`nbdev-proc-nbs` without its Quarto install step)"
    from nbdev.serve import proc_nbs
    os.environ.setdefault('MNIST37_DATA', 'embedded')  # should a processed cell load data, it is the small offline sample
    # nbdev warns about every cell that imports and computes; a notebook's import cell at the top does both
    # (`setup_threads()`), harmlessly. A cell where it is not harmless fails the build, with its source.
    os.environ['PYTHONWARNINGS'] = 'ignore:Found cells containing imports and other code'
    cwd = os.getcwd(); os.chdir(ROOT)
    try: proc_nbs(str(NBS), n_workers=workers)
    except Exception as e:
        m = re.search(r'Error in notebook: (.*?) in cell', str(e))
        fn = [p.name for p in NBS.glob('*.ipynb') if m and _title(p) == m.group(1)]
        raise SystemExit(f"site_build: nbdev could not process {fn[0] if fn else 'a notebook'}. {e}\n(nbdev runs every cell that "
                         "imports something, to render show_doc: keep imports in a cell of their own, such as the notebook's import cell at the top)")
    finally: os.chdir(cwd)

def _title(nb:Path) -> str:
    "The `# Title` of notebook `nb`"
    md = next((_text(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown'), '')
    m = re.search(r'^#\s+(.*?)\s*$', md, re.MULTILINE)
    return m.group(1) if m else ''

_re_dir = re.compile(r'^#\|\s*([\w-]+)\s*:?\s*(.*?)\s*$')

def directives(src:str) -> tuple:
    "Quarto's `#| key: value` cell options at the top of `src`, and the source without them"
    lines, opts = src.splitlines(), {}
    while lines and (m := _re_dir.match(lines[0])):
        opts[m.group(1)] = m.group(2).strip('"\'').lower(); lines.pop(0)
    if lines and lines[0].startswith('#@title'): lines.pop(0)   # Colab's title of a collapsed cell: the page needs none
    return opts, '\n'.join(lines).strip('\n')

def headings(nb:dict) -> set:
    "The ids of the headings of a processed notebook, in its markdown cells and its show_doc output"
    md = []
    for c in nb['cells']:
        if c['cell_type'] == 'markdown': md.append(_text(c['source']))
        md += [_text(o['data']['text/markdown']) for o in c.get('outputs', []) if 'text/markdown' in o.get('data', {})]
    return {check_docs.anchor(m.group(1)) for s in md for m in re.finditer(r'^#{1,6}\s+(.*)$', s, re.MULTILINE)}

class Links:
    "Rewrites of markdown links for the site: published-docs pages to notebooks, paths out of nbs/ to GitHub"
    def __init__(self, anchors:dict, nbs=NBS):
        from nbdev.config import get_config, nbpath2html
        cfg = get_config(path=ROOT)
        self.host = (cfg.doc_host.rstrip('/') + '/' + cfg.doc_baseurl.strip('/')).rstrip('/') + '/'
        self.pages = {nbpath2html(p).name: p.name for p in nbs.glob('*.ipynb')}
        self.anchors = anchors  # notebook name -> heading ids
        path, branch = colab.repo(ROOT)
        self.blob = f'https://github.com/{path}/blob/{branch}/'

    def url(self, u:str):
        "The link `u` on the site; None for a link to the docs that has no target there (nbdev links private names too)"
        if u.startswith(self.host):
            page, _, frag = u[len(self.host):].partition('#')
            if page.split('?')[0] in STATIC_PAGES: return u[len(self.host):]   # the draw page or the playground, beside the lessons, with its query
            nb = self.pages.get(page)
            if nb is None or (frag and frag not in self.anchors.get(nb, ())): return None
            return nb + (f'#{frag}' if frag else '')
        if u.startswith('../'): return self.blob + posixpath.normpath('nbs/' + u)  # a file of the repository outside nbs/
        return u

    def __call__(self, md:str) -> str:
        def sub(m):
            u = self.url(m.group(3))
            if u and u.split('?')[0].split('#')[0] in STATIC_PAGES: return f'<a href="{html.escape(u)}">{m.group(1)[1:-1]}</a>'   # not a page Sphinx knows: plain HTML
            return m.group(1)[1:-1] if u is None else f'{m.group(1)}{m.group(2)}{u})'
        md = re.sub(r'(\[[^\]]*\])(\()([^)\s]+)\)', sub, md)
        # show_doc's "[source](...)" link: a class that styles.css floats right, instead of Pandoc's inline style
        return md.replace('{target="_blank" style="float:right; font-size:smaller"}', '{.nbdev-source target="_blank"}')

def show_doc_md(md:str) -> str:
    "show_doc's markdown as a block of the page: no leading rule (styles.css draws one), the signature classed"
    md = re.sub(r'^\s*---\s*\n', '', md)
    return md.replace('\n```python\n', '\n{.nbdev-signature}\n```python\n', 1)

def blank(o:dict) -> bool:
    "An HTML output that shows nothing: the `<style>` or empty `<div>` a finished progress bar leaves behind"
    d = o.get('data', {})
    if 'text/html' not in d or any(k.startswith('image/') for k in d): return False
    h = re.sub(r'(?s)<style.*?</style>|<script.*?</script>', '', _text(d['text/html']))
    return not re.sub(r'<[^>]*>|\s|&nbsp;', '', h) and not re.search(r'<(img|svg|canvas|iframe|video)\b', h)

def _text(x) -> str: return ''.join(x) if isinstance(x, list) else x
def _lines(s:str) -> list: return s.splitlines(True)
def md_cell(s:str) -> dict: return dict(cell_type='markdown', metadata={}, source=_lines(s))
def _with_ids(cells:list) -> list: return [dict(c, id=f'c{i}') for i, c in enumerate(cells)]

def page(nb:dict, name:str, links:Links, toc:str='') -> dict:
    "A processed notebook `nb` as the page source for myst-nb"
    fm, cells = {}, []
    for c in nb['cells']:
        src = _text(c.get('source', ''))
        if c['cell_type'] == 'raw':
            if src.lstrip().startswith('---'): fm.update(yaml.safe_load(src.strip().strip('-')) or {})
            else: cells.append(c)
            continue
        if c['cell_type'] == 'markdown':
            if src.strip().startswith('<!-- WARNING: THIS FILE WAS AUTOGENERATED'): continue
            if src.strip(): cells.append(md_cell(links(src)))
            continue
        opts, code = directives(src)
        if opts.get('include') == 'false': continue
        outs = [o for o in c.get('outputs', []) if not blank(o)]
        if opts.get('output') == 'asis':
            md = ''.join(show_doc_md(_text(o['data']['text/markdown'])) for o in outs if 'text/markdown' in o.get('data', {}))
            if md.strip(): cells.append(md_cell(links(md)))
            continue
        tags = []
        if opts.get('echo') == 'false': tags.append('remove-input')
        if opts.get('output') == 'false': tags.append('remove-output')
        if opts.get('code-fold') == 'true': tags.append('hide-input')
        if not code and not outs: continue
        if not code: tags.append('remove-input')
        cells.append(dict(cell_type='code', execution_count=None, metadata=dict(tags=tags) if tags else {}, outputs=outs, source=_lines(code)))
    head = f"# {fm.get('title', name)}\n"
    if fm.get('description'): head += f"\n{{.description}}\n{fm['description']}\n"
    if name != 'index.ipynb': head += f"\n{colab.badge(name, img=BADGE_SVG.name, root=ROOT)}\n"
    cells.insert(0, md_cell(head))
    if toc: cells.append(md_cell(toc))
    meta = dict(kernelspec=dict(display_name='Python 3', language='python', name='python3'),
                language_info=dict(name='python', pygments_lexer='ipython3'))
    return dict(cells=_with_ids(cells), metadata=meta, nbformat=4, nbformat_minor=5)

def toctree(sections:list) -> str:
    "The hidden toctrees of the root page: the sidebar, section by section"
    out = []
    for caption, pages in sections:
        pages = [p for p in pages if p != 'index.ipynb']
        if not pages: continue
        opts = ':hidden:\n' + (f':caption: {caption}\n' if caption else '')
        out.append('```{toctree}\n' + opts + '\n' + '\n'.join(Path(p).stem for p in pages) + '\n```')
    return '\n\n'.join(out)

def _write(fn:Path, text:str):
    "Write `text` to `fn` only if it differs, so that Sphinx rebuilds only the pages that changed"
    if not fn.exists() or fn.read_text() != text: fn.parent.mkdir(parents=True, exist_ok=True); fn.write_text(text)

def prepare(sections:list):
    "_proc/ -> _site/src: one page source per notebook in the sidebar, the images, the badge"
    nbs = {name: json.loads((PROC/name).read_text()) for _, pages in sections for name in pages}
    links, keep = Links({name: headings(nb) for name, nb in nbs.items()}), set()
    for caption, pages in sections:
        for name in pages:
            nb = nbs[name]
            toc = toctree(sections) if name == 'index.ipynb' else ''
            _write(SRC/name, json.dumps(page(nb, name, links, toc), indent=1, ensure_ascii=False) + '\n'); keep.add(SRC/name)
    for f in PROC.rglob('*'):  # images and other files the notebooks link to
        if f.is_file() and f.suffix not in ('.ipynb', '.yml', '.css') and not any(p.startswith('.') for p in f.relative_to(PROC).parts):
            d = SRC/f.relative_to(PROC); keep.add(d)
            if not d.exists() or d.read_bytes() != f.read_bytes(): d.parent.mkdir(parents=True, exist_ok=True); shutil.copy2(f, d)
    _write(SRC/BADGE_SVG.name, BADGE_SVG.read_text()); keep.add(SRC/BADGE_SVG.name)
    for f in list(SRC.rglob('*')):
        if f.is_file() and f not in keep: f.unlink()

def redirects(out:Path, fn=REDIRECTS) -> list:
    "Write a page at every old address in `fn` that sends the reader on, and the moved-section map into the pages that lost sections"
    cfg = yaml.safe_load(fn.read_text()) if fn.exists() else {}
    written = []
    for old, new in (cfg.get('pages') or {}).items():
        if (out/old).exists(): raise SystemExit(f"site_build: {fn.name} redirects {old}, but the site has a page of that name")
        if not (out/new).exists(): raise SystemExit(f"site_build: {fn.name} redirects {old} to {new}, which the site does not have")
        (out/old).write_text(f'''<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Moved to {new}</title>
<meta http-equiv="refresh" content="0; url={new}"><link rel="canonical" href="{new}">
<script>location.replace({json.dumps(new)} + location.hash)</script></head>
<body><p>This page moved to <a href="{new}">{new}</a>.</p></body></html>
'''); written.append(old)
    for page, moved in (cfg.get('fragments') or {}).items():
        html = (out/page).read_text()
        script = f"<script>(function(m){{var h=location.hash.slice(1);if(m[h])location.replace(m[h]+'#'+h)}})({json.dumps(moved)})</script>"
        (out/page).write_text(html.replace('</head>', script + '</head>', 1))
    return written

def _page(folder:Path, write) -> str:
    "Write a page beside the lessons into `folder` with `write(folder, data=...)`, on the data `find_mnist_sample` finds; say which"
    from mnist37.sources import find_mnist_sample
    src = find_mnist_sample()
    shutil.rmtree(folder, ignore_errors=True)
    write(folder, data=str(src.path) if src.source == 'folder' else src.source)
    return src.source

def draw_page(folder=DRAW) -> str:
    "Write lesson 17's draw page into `folder`, its models trained now on the data found; say which"
    from mnist37.web import write_web_page
    return _page(folder, write_web_page)

def playground_page(folder=PLAYGROUND) -> str:
    "Write lesson 18's playground into `folder`, with the 3s and 7s of the data found; say which"
    from mnist37.playground import write_playground_page
    return _page(folder, write_playground_page)

def build(out:Path, workers:int=2) -> int:
    probs = check_docs.check()
    for p in probs: print(f'site_build: {p}', file=sys.stderr)
    if probs: return 1
    t0 = time.time()
    source = draw_page()   # before nbdev's step, which sets MNIST37_DATA=embedded
    playground_page()
    run_nbdev(workers); t1 = time.time()
    sections = sidebar()
    prepare(sections)
    from sphinx.cmd.build import build_main
    rc = build_main(['-b', 'html', '-q', '-W', '--keep-going', '-c', str(ROOT/'docs'), '-d', str(DOCTREES), str(SRC), str(HTML)])
    if rc: print('site_build: Sphinx reported the problems above', file=sys.stderr); return rc
    shutil.rmtree(out, ignore_errors=True); shutil.copytree(HTML, out)
    (out/'.nojekyll').touch()  # GitHub Pages must serve _static/ and _images/ as they are
    shutil.copytree(DRAW, out/DRAW_DIR)
    shutil.copytree(PLAYGROUND, out/PLAYGROUND_DIR)
    redirects(out)
    for f in (out/'_static').rglob('*.map'): f.unlink()  # the theme's source maps: 3 MB that only a debugger reads
    size = sum(f.stat().st_size for f in out.rglob('*') if f.is_file())
    n = sum(len(p) for _, p in sections)
    if size > MAX_MB*2**20:
        print(f'site_build: the site is {size/2**20:.1f} MB, more than {MAX_MB} MB; the largest files: ' +
              ', '.join(f'{f.relative_to(out)} ({f.stat().st_size/2**20:.1f} MB)' for f in sorted(out.rglob('*'), key=lambda f: -f.stat().st_size)[:5]), file=sys.stderr)
        return 1
    print(f'site_build: {n} pages in {out.relative_to(ROOT) if out.is_relative_to(ROOT) else out} ({size/2**20:.1f} MB) '
          f'in {time.time() - t0:.0f} s (the draw page, the playground and nbdev {t1 - t0:.0f} s, Sphinx {time.time() - t1:.0f} s); '
          f'the draw page {DRAW_DIR} with models trained on {source} data, the playground {PLAYGROUND_DIR} with its images')
    return 0

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--out', type=Path, default=ROOT/'_docs', help="where the site goes (default _docs/)")
    p.add_argument('--workers', type=int, default=min(2, os.cpu_count() or 1), help="notebooks nbdev processes at once")
    a = p.parse_args()
    return build(a.out.resolve(), a.workers)

if __name__ == '__main__': sys.exit(main())
