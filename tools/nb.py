"""What the repository's tools need to know about a notebook's cells, read the way nbdev reads them.

nbdev takes a cell's directives from its leading `#|` lines *and* from its metadata (`"nbdev": {"hide": "true"}`).
A hidden cell of ours keeps its directive in the metadata, so that its first line can be Colab's `#@title`
(which must come first, and would stop nbdev reading `#|` lines): every tool asks `directives(cell)` here
instead of matching `#|` lines itself.

A *collapsed* cell is one whose code a learner does not see in JupyterLab or Colab unless they open it:
`jupyter.source_hidden` folds it in JupyterLab, `cellView: form` with a `#@title` first line folds it in Colab.
Every cell that the website hides (`hide`) or shows without its code (`echo: false`) is collapsed, and so is
nothing else."""
import json, re
from pathlib import Path
from fastcore.nbio import NbCell

ROOT = Path(__file__).resolve().parent.parent
NBS = ROOT/'nbs'
TITLE = '#@title'
HIDE_LINE = '#| hide'  # kept under the title of a hidden cell, for a reader of the raw source: nbdev reads the metadata

def src(c) -> str:
    "A cell's source as one string"
    s = c.get('source', '')
    return ''.join(s) if isinstance(s, list) else s

def directives(c) -> dict:
    "The cell's nbdev directives, `{name: value}`, from its leading `#|` lines and its metadata, as nbdev reads them"
    if c.get('cell_type') != 'code': return {}
    return NbCell(0, dict(cell_type='code', source=src(c), metadata=c.get('metadata', {}))).directives

def code_lines(c) -> list:
    "The lines of a code cell that hold code: not blank, not a comment, not a directive or a Colab title"
    return [l for l in src(c).splitlines() if l.strip() and not l.lstrip().startswith('#')]

def is_hidden(c) -> bool: return 'hide' in directives(c)
def is_export(c) -> bool: return any(k.startswith('export') for k in directives(c))
def shows_no_code(c) -> bool:
    "The website shows this cell's output but not its code (`echo: false`)"
    return directives(c).get('echo', '').lower() == 'false'

def is_collapsed(c) -> bool:
    "Folded in JupyterLab and in Colab, with a title to read instead"
    md = c.get('metadata', {})
    return (md.get('jupyter', {}).get('source_hidden') is True and md.get('cellView') == 'form'
            and src(c).startswith(TITLE + ' '))

def should_collapse(c) -> bool:
    "Hidden on the website, or shown there without its code; an exported cell never (its source is the library's)"
    return c.get('cell_type') == 'code' and not is_export(c) and (is_hidden(c) or shows_no_code(c))

def title_of(c) -> str:
    "The `#@title` of a collapsed cell, or ''"
    first = src(c).split('\n', 1)[0]
    return first[len(TITLE):].strip() if first.startswith(TITLE) else ''

def collapse(c, title:str) -> dict:
    "Cell `c` collapsed in JupyterLab and Colab under `title`, its directives moved into the metadata"
    d = directives(c)
    lines = [l for l in src(c).splitlines() if not l.startswith(TITLE) and l.strip() != HIDE_LINE]
    while lines and re.match(r'\s*#\s*\|', lines[0]): lines.pop(0)   # leading directives: now in the metadata
    head = [f'{TITLE} {title}'] + ([HIDE_LINE] if 'hide' in d else [])
    md = {k: v for k, v in c.get('metadata', {}).items() if k not in ('nbdev', 'jupyter', 'cellView')}
    md |= dict(nbdev={k: v or 'true' for k, v in d.items()}, jupyter=dict(source_hidden=True), cellView='form')
    return dict(c, metadata=md, source='\n'.join(head + lines).splitlines(True))

def module_of(nb:dict):
    "The module a notebook exports to (`default_exp`, in its metadata or a cell), or None"
    m = nb.get('metadata', {}).get('nbdev', {}).get('default_exp')
    if m: return m
    return next((d['default_exp'] for c in nb['cells'] if 'default_exp' in (d := directives(c))), None)

def read(fn) -> dict: return json.loads(Path(fn).read_text())

def notebooks(nbs=NBS) -> list:
    "The lessons and appendices, in file order (index.ipynb last)"
    return sorted(nbs.glob('[0-9]*.ipynb')) + sorted(nbs.glob('index.ipynb'))

def is_chapter(fn) -> bool: return bool(re.match(r'0[1-9]_', Path(fn).name))

def write(fn, nb:dict):
    "Write notebook `nb` as nbdev-clean writes notebooks (one-space indent, UTF-8, a final newline)"
    Path(fn).write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n')
