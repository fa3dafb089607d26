"""Self-test copies of the lessons, in the spirit of fastai's course `clean/` notebooks.

Each chapter lesson (nbs/01..09) and every other lesson with a "## Your turn" section is written to
`exercises/` (git-ignored) without its explanations: the headings, the recap's questions, the code
(outputs cleared) and the "Your turn" section stay; prose, answers and hidden test cells go. Work through a
copy, then compare with the lesson. A copy that is already there is kept (it may hold your work):
`--force` rewrites it.

Usage: python tools/exercises.py [--dest exercises] [--nbs nbs] [--force]
Tested in nbs/92_exercises.ipynb.
"""
import argparse, json, re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
YOUR_TURN = '## Your turn'
_QUESTION = re.compile(r'^\*\*[QE]?\d+\.\s.*\*\*\s*$')   # the recap's "**Q12. How can you ...?**" (E: our own extra ones)
_TEST = re.compile(r'\btest_\w+\(|\bassert\b|\bcheck\(')
_DEFINES = re.compile(r'^(?:def |class |@|[A-Za-z_]\w*\s*=)', re.MULTILINE)   # a definition at the top level of a cell
_IMPORT = re.compile(r'(?:import \w|from [\w.]+ import )')

def _src(cell) -> str: return ''.join(cell['source'])

def _directives(c) -> set:
    "The nbdev directives of a code cell (`hide`, `export`, ...), from its leading `#|` lines and its metadata, as nbdev reads them"
    from fastcore.nbio import NbCell
    return set(NbCell(0, dict(cell_type='code', source=_src(c), metadata=c.get('metadata', {}))).directives)

def has_your_turn(nb:dict) -> bool:
    "Does the notebook have a 'Your turn' section?"
    return any(c['cell_type'] == 'markdown' and _src(c).lstrip().startswith(YOUR_TURN) for c in nb['cells'])

def _markdown(src:str, first:bool) -> str:
    "What a self-test copy keeps of a markdown cell: headings, the title's summary, and numbered questions"
    keep, fenced = [], False
    for l in src.splitlines():
        if l.lstrip().startswith('```'): fenced = not fenced   # a `# comment` in a code block is not a heading
        elif not fenced and (l.startswith('#') or _QUESTION.match(l) or (first and l.startswith('> '))): keep.append(l)
    return '\n'.join(keep)

def strip_nb(nb:dict) -> dict:
    "A self-test copy of a lesson: headings, questions and code (outputs cleared, the lesson's exported definitions imported instead of shown); 'Your turn' whole, less its hidden cells"
    cells, turn, answer, ready = [], False, False, False
    mod = nb.get('metadata', {}).get('nbdev', {}).get('default_exp')
    for c in nb['cells']:
        src = _src(c)
        if c['cell_type'] == 'markdown':
            if src.lstrip().startswith('## '): turn = src.lstrip().startswith(YOUR_TURN)
            answer = any(_QUESTION.match(l) for l in src.splitlines()) or (answer and not src.lstrip().startswith('#'))
            text = src if turn else _markdown(src, first=not cells)
            if text.strip(): cells.append({k: v for k, v in c.items() if k != 'attachments'} | {'source': text})
        elif c['cell_type'] == 'code':
            d = _directives(c)
            if 'default_exp' in d: continue
            if 'hide' in d and (turn or _TEST.search(src)): continue   # hidden tests and proofs; hidden setup (imports) stays
            if answer and 'check(' not in src: continue                # the code of a question's answer: the learner writes it
            if 'export' in d or 'exports' in d:                            # the lesson's own definitions are the answers to "Your turn" ...
                code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
                if _DEFINES.search(code):                                  # ... so they come ready-made from the library instead
                    imports = [l for l in code.splitlines() if _IMPORT.match(l)]
                    if not ready and mod: imports.append(f"from mnist37.{mod} import *   # this lesson's functions, ready-made: write your own in Your turn")
                    ready = True
                    if imports: cells.append({**c, 'source': '\n'.join(imports), 'outputs': [], 'execution_count': None, 'metadata': {}})
                    continue
                src = code
            cells.append({**c, 'source': src, 'outputs': [], 'execution_count': None, 'metadata': {}})
    return {**nb, 'cells': cells}

def until_your_turn(nb:dict) -> dict:
    "The notebook's cells before its 'Your turn' section (all of them if it has none)"
    cells = []
    for c in nb['cells']:
        if c['cell_type'] == 'markdown' and _src(c).lstrip().startswith(YOUR_TURN): break
        cells.append(c)
    return {**nb, 'cells': cells}

def lessons(nbs:Path) -> list:
    "The notebooks to copy: the chapter's lessons (01..09) and every other one with a 'Your turn' section"
    out = []
    for f in sorted(Path(nbs).glob('[0-9][0-9]_*.ipynb')):
        if re.match(r'0[1-9]_', f.name) or has_your_turn(json.loads(f.read_text(encoding='utf-8'))): out.append(f)
    return out

def write_exercises(dest='exercises', # the folder to write (created if missing)
                    nbs=ROOT/'nbs', # the lessons
                    force:bool=False, # rewrite copies that are already there
                   ) -> list:
    "Write a self-test copy of each lesson into `dest`; return `(path, written)` pairs (written False: kept as it was)"
    dest = Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    out = []
    for f in lessons(nbs):
        p = dest/f.name
        if p.exists() and not force:
            out.append((p, False))
            continue
        nb = strip_nb(json.loads(f.read_text(encoding='utf-8')))
        p.write_text(json.dumps(nb, indent=1, ensure_ascii=False) + '\n', encoding='utf-8')
        out.append((p, True))
    return out

def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    ap.add_argument('--dest', default=str(ROOT/'exercises'), help='folder to write (default: exercises/ in the repository)')
    ap.add_argument('--nbs', default=str(ROOT/'nbs'), help='folder of the lessons (default: nbs/)')
    ap.add_argument('--force', action='store_true', help='rewrite copies that are already there (your work in them is lost)')
    a = ap.parse_args(argv)
    if not Path(a.nbs).is_dir(): ap.error(f"no such folder of lessons: {a.nbs}")
    res = write_exercises(a.dest, a.nbs, a.force)
    for p, written in res: print(f"{'wrote' if written else 'kept '} {p}")
    kept = sum(not w for _, w in res)
    print(f"{len(res) - kept} self-test notebooks written to {a.dest}" + (f"; {kept} kept as they were (--force rewrites them)" if kept else ''))

if __name__ == '__main__': main()
