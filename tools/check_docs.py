#!/usr/bin/env python
"""Check the docs configuration without Quarto: `nbs/_quarto.yml` is valid YAML, every page its
sidebar lists exists in `nbs/`, every notebook is in the sidebar, and every link from one notebook to
another (`[lesson 03](03_baseline.ipynb#which-distance)`) names a notebook and a heading that exist. Usage: `python -m tools.check_docs` (exit status 1 on a problem)."""
import json, re, sys
from pathlib import Path
import yaml

NBS = Path(__file__).resolve().parent.parent/'nbs'

def sidebar_pages(items):
    "Every file named in a Quarto sidebar `contents` list, sections included"
    for it in items or []:
        if isinstance(it, str): yield it
        elif isinstance(it, dict):
            if 'href' in it: yield it['href']
            yield from sidebar_pages(it.get('contents'))

def anchor(heading:str) -> str:
    "The id Pandoc (so Quarto) gives a heading: lower case, spaces to hyphens, only letters, digits, `_-.`"
    text = re.sub(r'[`*]', '', re.sub(r'\[([^\]]*)\]\([^)]*\)', r'\1', heading)).strip().lower()
    text = ''.join(c for c in re.sub(r'\s+', '-', text) if c.isalnum() or c in '_-.')
    return re.sub(r'^[^a-z]+', '', text) or 'section'

def _markdown(nb:Path) -> list:
    return [''.join(c['source']) for c in json.loads(nb.read_text())['cells'] if c['cell_type'] == 'markdown']

def anchors(nb:Path) -> set:
    "Every heading id in notebook `nb` (its title excepted), numbered as Pandoc numbers repeats (`-1`, `-2`, ...)"
    seen, out = {}, set()
    first = True
    for md in _markdown(nb):
        for line in md.splitlines():
            m = re.match(r'(#{1,6})\s+(.*)', line)
            if not m: continue
            title, first = first and len(m.group(1)) == 1, False
            if title: continue  # nbdev makes the notebook's `# Title` the page title, not a heading
            a = anchor(m.group(2)); n = seen.get(a, 0); seen[a] = n + 1
            out.add(a if n == 0 else f'{a}-{n}')
    return out

def check_links(nbs=NBS) -> list:
    "Links between notebooks whose target notebook or heading does not exist"
    probs, cache = [], {}
    for nb in sorted(nbs.glob('*.ipynb')):
        for md in _markdown(nb):
            for target, frag in re.findall(r'\]\(([\w.-]+\.ipynb)(?:#([^)\s]*))?\)', md):
                fn = nbs/target
                if not fn.exists(): probs.append(f'{nb.name} links to {target}, which does not exist'); continue
                if frag and frag not in cache.setdefault(target, anchors(fn)):
                    probs.append(f'{nb.name} links to {target}#{frag}, but {target} has no such heading')
    return probs

def check(nbs=NBS) -> list:
    "A list of problems with `nbs/_quarto.yml`; empty when all is well"
    fn = nbs/'_quarto.yml'
    if not fn.exists(): return [f'{fn.name} not found in {nbs.name}/']
    try: cfg = yaml.safe_load(fn.read_text())
    except yaml.YAMLError as e: return [f'{fn.name} is not valid YAML: {e}']
    if not isinstance(cfg, dict): return [f'{fn.name} is not a mapping']
    probs = []
    if (cfg.get('project') or {}).get('type') != 'website': probs.append('project type is not website')
    sidebar = (cfg.get('website') or {}).get('sidebar') or {}
    pages = list(sidebar_pages(sidebar.get('contents')))
    if not pages: probs.append('the sidebar lists no pages')
    probs += [f'sidebar entry {p} does not exist in {nbs.name}/' for p in pages if not (nbs/p).exists()]
    listed = set(pages)
    probs += [f'{nb.name} is not in the sidebar' for nb in sorted(nbs.glob('*.ipynb'))
              if not nb.name.startswith(('_', '.')) and nb.name not in listed]
    probs += [f'sidebar entry {p} is listed twice' for p in sorted({p for p in pages if pages.count(p) > 1})]
    css = (cfg.get('format') or {}).get('html', {}).get('css')
    if css and not (nbs/css).exists(): probs.append(f'stylesheet {css} does not exist in {nbs.name}/')
    return probs + check_links(nbs)

if __name__ == '__main__':
    probs = check()
    for p in probs: print(f'check_docs: {p}', file=sys.stderr)
    if not probs: print('check_docs: nbs/_quarto.yml is valid YAML, its sidebar matches the notebooks, and links between notebooks resolve')
    sys.exit(1 if probs else 0)
