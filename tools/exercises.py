"""Self-test copies of the lessons, in the spirit of fastai's course `clean/` notebooks.

A copy is made of each chapter lesson (nbs/01..09) and of every other lesson with a "## Your turn" section.
It keeps the headings, the recap's questions, the code (outputs cleared) and the "Your turn" section; the
explanations, the answers and the hidden test cells go. Its title cell links back to the lesson on the website
(an absolute address: relative links do not work in Colab), and its first code cell is the install cell, so that
it runs on Colab. Where the lesson defines one of the functions its stubs ask for, visibly or exported, the copy
imports the library's instead, so the only version on show is the stub.

The copies are committed in selftest/, and each lesson's "Try it yourself in Colab" badge (tools/colab.py)
opens its copy from there. selftest/ is a top-level folder, beside nbs/ rather than in it, so that nothing that
reads the lessons (nbdev, the website, tools/check_docs.py, JupyterLab's `make lab`) takes a copy for a lesson,
and so that it is never the learner's working folder: `make exercises` copies it into exercises/, which git
ignores, and a `git pull` that brings new copies into selftest/ never meets the learner's own work.

Usage:
  python -m tools.exercises [--dest exercises] [--force]   copy selftest/ into exercises/; a copy already there is
                                                            kept (it may hold your work), unless --force replaces
                                                            it, after a backup into exercises/backups/
  python -m tools.exercises --build                        write selftest/ from the lessons in nbs/ (commit it)
  python -m tools.exercises --check                        fail if selftest/ is not what --build would write (CI)
  python -m tools.exercises --run [NOTEBOOK ...]           run copies as a learner would: every cell before the
                                                            first stub, then the stubs, which must say "not yet"
Every problem with a folder is one line, and exit status 2. Tested in nbs/97_exercises.ipynb."""
import argparse, ast, hashlib, importlib.util, json, os, posixpath, re, sys, tomllib
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SELFTEST = ROOT/'selftest'
YOUR_TURN = '## Your turn'
_QUESTION = re.compile(r'^\*\*[QE]?\d+\.\s.*\*\*\s*$')   # the recap's "**Q12. How can you ...?**" (E: our own extra ones)
_TEST = re.compile(r'\btest_\w+\(|\bassert\b|\bcheck\(')
_DEFINES = re.compile(r'^(?:def |class |@|[A-Za-z_]\w*\s*=)', re.MULTILINE)   # a definition at the top level of a cell
_IMPORT = re.compile(r'(?:import \w|from [\w.]+ import )')
_CHECK = re.compile(r"\bcheck\(\s*['\"](\w+)['\"]")

def _load(name:str):
    "A sibling script of this one, by its path: this one runs as `python -m tools.exercises` and is loaded by path in tests"
    if name in sys.modules: return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, Path(__file__).with_name(f'{name}.py'))
    mod = sys.modules[name] = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod

def _src(cell) -> str: return ''.join(cell['source'])

def _directives(c) -> set:
    "The nbdev directives of a code cell (`hide`, `export`, ...), from its leading `#|` lines and its metadata, as nbdev reads them"
    from fastcore.nbio import NbCell
    return set(NbCell(0, dict(cell_type='code', source=_src(c), metadata=c.get('metadata', {}))).directives)

def has_your_turn(nb:dict) -> bool:
    "Does the notebook have a 'Your turn' section?"
    return any(c['cell_type'] == 'markdown' and _src(c).lstrip().startswith(YOUR_TURN) for c in nb['cells'])

def stub_names(nb:dict) -> list:
    "The exercises the notebook's stubs ask for: every `check('NAME', ...)` in its code, in order"
    names = [n for c in nb['cells'] if c['cell_type'] == 'code' for n in _CHECK.findall(_src(c))]
    return list(dict.fromkeys(names))

def site_url(root=ROOT) -> str:
    "The website's address, `[project.urls] Documentation` in pyproject.toml, ending in /"
    cfg = tomllib.loads((root/'pyproject.toml').read_text())
    return cfg['project']['urls']['Documentation'].rstrip('/') + '/'

def _absolute(md:str, root=ROOT) -> str:
    "Markdown `md` with its relative links made absolute: a lesson to its page on the website, any other file to GitHub"
    path, branch = _load('colab').repo(root)
    site = site_url(root)
    def sub(m):
        bang, text, url = m.groups()
        if re.match(r'[a-z]+:|#', url): return m.group(0)
        target, _, frag = url.partition('#')
        if target.endswith('.ipynb') and '/' not in target: url = site + target.removesuffix('.ipynb') + '.html' + (f'#{frag}' if frag else '')
        else:
            where = posixpath.normpath('nbs/' + target)
            url = (f'https://raw.githubusercontent.com/{path}/{branch}/{where}' if bang else f'https://github.com/{path}/blob/{branch}/{where}') + (f'#{frag}' if frag else '')
        return f'{bang}[{text}]({url})'
    return re.sub(r'(!?)\[([^\]]*)\]\(([^)\s]+)\)', sub, md)

def _markdown(src:str) -> str:
    "What a self-test copy keeps of a markdown cell outside 'Your turn': headings and numbered questions"
    keep, fenced = [], False
    for l in src.splitlines():
        if l.lstrip().startswith('```'): fenced = not fenced   # a `# comment` in a code block is not a heading
        elif not fenced and (l.startswith('#') or _QUESTION.match(l)): keep.append(l)
    return '\n'.join(keep)

def _title(src:str, name:str, root=ROOT) -> str:
    "The copy's title cell: the lesson's title and summary, a link back to the lesson, and the copy's own Colab badge"
    colab = _load('colab')
    keep = [l for l in src.splitlines() if l.startswith('# ') or l.startswith('> ')]
    page = site_url(root) + name.removesuffix('.ipynb') + '.html'
    return '\n\n'.join(keep + [f"A self-test copy of [the lesson]({page}): its headings, questions and code, without the explanations "
                               "and the answers. Run it from the top, write your own code where a stub asks for it, and compare with the lesson.",
                               f"[![Open In Colab]({colab.BADGE_IMG})]({colab.selftest_url(name, root)})"])

def _modules() -> dict:
    "`{module: syntax tree}` of mnist37's modules, read from their source (mnist37 is not imported)"
    out = {}
    for f in sorted((ROOT/'mnist37').glob('*.py')):
        try: out[f.stem] = ast.parse(f.read_text(encoding='utf-8'))
        except (OSError, SyntaxError): pass
    return out

def _library(mod=None) -> dict:
    "`{name: module}` for every function and class that a module of mnist37 defines; the lesson's own module `mod` first"
    d, mods = {}, _modules()
    for m in sorted(mods, key=lambda m: m != mod):
        for n in mods[m].body:
            if isinstance(n, (ast.FunctionDef, ast.ClassDef)): d.setdefault(n.name, m)
    return d

def _lib_params(mod:str, name:str):
    "The parameter names of `mnist37.{mod}.{name}` (a function), read from its source; None for a class or if it is not found"
    for n in _modules().get(mod, ast.Module(body=[])).body:
        if isinstance(n, ast.FunctionDef) and n.name == name: return [a.arg for a in n.args.posonlyargs + n.args.args]
    return None

def _answers_replaced(src:str, names:list, lib:dict) -> str:
    "Code `src` with each top-level definition of a function its notebook's stubs ask for replaced: by the library's, or by a note"
    tree = _parse(src)
    if tree is None: return src
    lines, edits = src.split('\n'), []
    for node in tree.body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)): name, params = node.name, getattr(node, 'args', None)
        elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Lambda) and len(node.targets) == 1 and isinstance(node.targets[0], ast.Name):
            name, params = node.targets[0].id, node.value.args
        else: continue
        ex = name.removeprefix('my_').removeprefix('_')
        if ex not in names or _stub_node(node): continue                  # a stub is what the learner fills in
        start = min([node.lineno] + [d.lineno for d in getattr(node, 'decorator_list', [])])
        mine = [a.arg for a in params.posonlyargs + params.args] if params else None
        if ex in lib:
            mod, theirs = lib[ex], _lib_params(lib[ex], ex)
            note = f"   # the lesson's {ex}, ready-made: write your own in Your turn"
            if mine is None or theirs is None or mine == theirs or not set(mine) <= set(theirs): new = [f"from mnist37.{mod} import {ex}" + (f" as {name}" if name != ex else '') + note]
            else: new = [f"from mnist37.{mod} import {ex} as _{ex}" + note, f"def {name}({', '.join(mine)}): return _{ex}({', '.join(theirs)})"]
        else: new = [f"# {name}: the lesson defines it here, and you write it yourself in Your turn"]
        edits.append((start - 1, node.end_lineno, new))
    for a, b, new in sorted(edits, reverse=True): lines[a:b] = new
    return '\n'.join(lines)

def _parse(src:str):
    "The syntax tree of a cell's code (IPython's magics masked as comments), or None"
    try: return ast.parse('\n'.join('#' + l if l.lstrip().startswith(('%', '!')) else l for l in src.split('\n')))
    except SyntaxError: return None

def _is_test(n) -> bool:
    "Is statement `n` a test: an `assert`, or a call of `test_*`?"
    if isinstance(n, ast.Assert): return True
    f = n.value.func if isinstance(n, ast.Expr) and isinstance(n.value, ast.Call) else None
    return (getattr(f, 'id', None) or getattr(f, 'attr', None) or '').startswith('test_')

def _without_tests(src:str):
    "Code `src` without its test statements, at any depth (what a hidden 'setup and check' cell sets up), or None if nothing else is left"
    tree = _parse(src)
    if tree is None: return None
    starts = [0]
    for l in src.split('\n'): starts.append(starts[-1] + len(l) + 1)
    spans = []
    for n in ast.walk(tree):
        for field in ('body', 'orelse', 'finalbody'):
            for st in getattr(n, field, []) if isinstance(getattr(n, field, None), list) else []:
                if not _is_test(st): continue
                a, b = starts[st.lineno - 1] + st.col_offset, starts[st.end_lineno - 1] + st.end_col_offset
                head, tail = src[starts[st.lineno - 1]:a], src[b:starts[st.end_lineno] - 1] if st.end_lineno < len(starts) - 1 else src[b:]
                if not head.strip() and (not tail.strip() or tail.strip().startswith('#')): a, b = starts[st.lineno - 1], min(len(src), starts[st.end_lineno])
                elif head.rstrip().endswith(';'): a = starts[st.lineno - 1] + len(head.rstrip()) - 1
                elif tail.lstrip().startswith(';'): b += len(tail) - len(tail.lstrip()[1:].lstrip())
                spans.append((a, b))
    merged = []   # two tests on one line (`test_eq(a, 1); test_eq(b, 2)`) give spans that overlap: one span
    for a, b in sorted(spans):
        if merged and a <= merged[-1][1]: merged[-1][1] = max(merged[-1][1], b)
        else: merged.append([a, b])
    for a, b in reversed(merged):
        if (a == 0 or src[a - 1] == '\n') and src[b:].split('\n', 1)[0].strip() == '': b = min(len(src), src.find('\n', b) + 1 or len(src))
        src = src[:a] + src[b:]
    tree = _parse(src)
    return src.rstrip('\n') if tree is not None and tree.body else None

def _names(tree, ctx) -> set:
    "The names a syntax tree loads (`ctx=ast.Load`) or binds (`ast.Store`), functions, classes and imports counting as bound"
    out = {n.id for n in ast.walk(tree) if isinstance(n, ast.Name) and isinstance(n.ctx, ctx)}
    if ctx is ast.Store:
        out |= {n.name for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef))}
        out |= {(a.asname or a.name).split('.')[0] for n in ast.walk(tree) if isinstance(n, (ast.Import, ast.ImportFrom)) for a in n.names}
    return out

def _code(c:dict, src:str) -> dict:
    "Code cell `c` with source `src`, no outputs, and only the metadata that folds it in JupyterLab and Colab"
    md = {k: v for k, v in c.get('metadata', {}).items() if k in ('jupyter', 'cellView')}
    return dict(cell_type='code', execution_count=None, id=c.get('id'), metadata=md, outputs=[], source=src)

def strip_nb(nb:dict, name:str, root=ROOT) -> dict:
    "A self-test copy of lesson `nb` (file name `name`): headings, questions and code, the answers replaced; 'Your turn' whole, less its hidden cells"
    colab = _load('colab')
    cells, turn, answer, ready = [], False, False, False
    mod = nb.get('metadata', {}).get('nbdev', {}).get('default_exp')
    names, lib = stub_names(nb), _library(mod)
    for c in nb['cells']:
        src = _src(c)
        if c['cell_type'] == 'markdown':
            if src.lstrip().startswith('## '): turn = src.lstrip().startswith(YOUR_TURN)
            answer = any(_QUESTION.match(l) for l in src.splitlines()) or (answer and not src.lstrip().startswith('#'))
            text = _title(src, name, root) if not cells else src if turn else _markdown(src)
            if text.strip(): cells.append(dict(cell_type='markdown', id=c.get('id'), metadata={}, source=_absolute(text, root)))
        elif c['cell_type'] == 'code':
            d = _directives(c)
            if 'default_exp' in d or colab.MARK in src: continue                 # the copy gets an install cell of its own
            if answer and 'check(' not in src: continue                # the code of a question's answer: the learner writes it
            if 'hide' in d and turn: continue                          # the proofs of "Your turn"
            if 'hide' in d and _TEST.search(src):                      # hidden tests go; what they also set up stays if a later cell uses it
                setup = _without_tests(src)
                if setup is not None and 'check(' not in setup: cells.append(('maybe', _code(c, _answers_replaced(setup, names, lib))))
                continue
            if 'export' in d or 'exports' in d:                            # the lesson's own definitions are the answers to "Your turn" ...
                code = '\n'.join(l for l in src.splitlines() if not l.startswith('#|'))
                if _DEFINES.search(code):                                  # ... so they come ready-made from the library instead
                    imports = [l for l in code.splitlines() if _IMPORT.match(l)]
                    if not ready and mod: imports.append(f"from mnist37.{mod} import *   # this lesson's functions, ready-made: write your own in Your turn")
                    ready = True
                    if imports: cells.append(_code(c, '\n'.join(imports)))
                    continue
                src = code
            elif 'check(' not in src and not turn: src = _answers_replaced(src, names, lib)   # a visible (or hidden setup) answer
            cells.append(_code(c, src))
    kept, used = [], set()
    for c in reversed(cells):   # a hidden setup-and-check cell stays, without its checks, if what it sets up is used further down
        if isinstance(c, tuple):
            c = c[1]
            if not (_names(_parse(c['source']), ast.Store) & used): continue
        if c['cell_type'] == 'code' and (tree := _parse(c['source'])) is not None: used |= _names(tree, ast.Load)
        kept.insert(0, c)
    cells = kept
    install = dict(cell_type='code', execution_count=None, id=colab.CELL_ID, metadata=colab.INSTALL_META, outputs=[], source=colab.install_source(root))
    cells.insert(next((i for i, c in enumerate(cells) if c['cell_type'] == 'code'), len(cells)), install)
    seen = set()
    for i, c in enumerate(cells):   # every cell needs an id of its own: the lesson's, or one made from the copy's name and its place
        if not c.get('id') or c['id'] in seen: c['id'] = hashlib.sha1(f'{name}:{i}'.encode()).hexdigest()[:8]
        seen.add(c['id'])
    cells = [dict(c, source=c['source'].splitlines(True)) for c in cells]
    meta = {k: v for k, v in nb.get('metadata', {}).items() if k != 'nbdev'}
    return dict(cells=cells, metadata=meta, nbformat=nb.get('nbformat', 4), nbformat_minor=nb.get('nbformat_minor', 5))

def lessons(nbs:Path) -> list:
    "The lessons that get a copy: the chapter's (01..09) and every other one with a 'Your turn' section"
    colab = _load('colab')
    return [f for f in sorted(Path(nbs).glob('[0-9][0-9]*_*.ipynb')) if colab.has_selftest(json.loads(f.read_text(encoding='utf-8')), f.name)]

def _text(nb:dict) -> str: return json.dumps(nb, indent=1, ensure_ascii=False) + '\n'   # as nbdev-clean writes notebooks

def copies(nbs:Path) -> dict:
    "`{name: text}` of the self-test copy of each lesson in `nbs`"
    return {f.name: _text(strip_nb(json.loads(f.read_text(encoding='utf-8')), f.name)) for f in lessons(nbs)}

def build(nbs=ROOT/'nbs', # the lessons
          out=SELFTEST, # the folder of copies to write (created if missing)
         ) -> list:
    "Write the self-test copy of each lesson into `out`, and remove copies whose lesson is gone; return the copies' paths"
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    made = copies(nbs)
    for p in out.glob('*.ipynb'):
        if p.name not in made: p.unlink()
    for name, text in made.items():
        if not (out/name).exists() or (out/name).read_text(encoding='utf-8') != text: (out/name).write_text(text, encoding='utf-8')
    return [out/n for n in made]

def stale(nbs=ROOT/'nbs', selftest=SELFTEST) -> list:
    "What is wrong with the committed copies in `selftest`, one line each: missing, out of date, or left over from a lesson that is gone"
    made, selftest = copies(nbs), Path(selftest)
    have = {p.name: p for p in selftest.glob('*.ipynb')} if selftest.is_dir() else {}
    probs = [f"{n} is missing" if n not in have else f"{n} is out of date" for n, t in made.items()
             if n not in have or have[n].read_text(encoding='utf-8') != t]
    return sorted(probs + [f"{n} has no lesson any more" for n in have if n not in made])

def copy_exercises(src=SELFTEST, # the committed copies
                   dest=ROOT/'exercises', # the learner's folder (created if missing)
                   force:bool=False, # replace copies that differ (after a backup into `dest`/backups/)
                  ) -> list:
    "Copy the self-test notebooks from `src` into `dest`: `(path, what)` pairs, what being 'wrote', 'kept', 'replaced' or 'unchanged'"
    src, dest = Path(src), Path(dest)
    new = sorted(src.glob('*.ipynb')) if src.is_dir() else []
    if not new: raise _Problem(f"no self-test copies in {src} (python -m tools.exercises --build writes them)")
    if dest.exists() and not dest.is_dir(): raise _Problem(f"{dest} is a file, not a folder: move it away, or choose another folder with --dest")
    dest.mkdir(parents=True, exist_ok=True)
    if not os.access(dest, os.W_OK): raise _Problem(f"cannot write into {dest}: permission denied")
    for f in new:   # every problem before anything is written
        if (dest/f.name).is_dir(): raise _Problem(f"{dest/f.name} is a folder, not a notebook: move it away")
    out, stamp = [], datetime.now().strftime('%Y%m%d-%H%M%S')
    for f in new:
        p, text = dest/f.name, f.read_text(encoding='utf-8')
        if not p.exists(): what = 'wrote'
        elif p.read_text(encoding='utf-8', errors='replace') == text: what = 'unchanged'
        elif not force: what = 'kept'
        else:
            backup = dest/'backups'/f"{p.stem}-{stamp}{p.suffix}"
            backup.parent.mkdir(exist_ok=True)
            p.replace(backup)
            what = 'replaced'
        if what in ('wrote', 'replaced'): p.write_text(text, encoding='utf-8')
        out.append((p, what))
    return out

class _Problem(Exception):
    "A problem with a folder, said in one line"

def _stub_node(n) -> bool:
    "Is `n` a stub: a function whose body is only `...`, `pass` or a docstring, or a class of such methods?"
    def empty(body): return all(isinstance(s, ast.Pass) or (isinstance(s, ast.Expr) and isinstance(s.value, ast.Constant)) for s in body)
    if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef)): return empty(n.body)
    if isinstance(n, ast.ClassDef): return all(_stub_node(m) or (isinstance(m, ast.Expr) and isinstance(m.value, ast.Constant)) for m in n.body)
    return False

def _is_stub(src:str) -> bool:
    "Is a copy's code cell a 'Your turn' stub: a `check(...)`, or only stub definitions?"
    if 'check(' in src: return True
    try: tree = ast.parse(src)
    except SyntaxError: return False
    return bool(tree.body) and all(map(_stub_node, tree.body))

def run_copy(fn, env=None, timeout:int=600) -> dict:
    "Run copy `fn` in a fresh kernel in a temporary folder, as a learner would: every cell before the first stub, then the stubs"
    import tempfile, nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellTimeoutError
    nb = nbformat.read(fn, as_version=4)
    codes = [i for i, c in enumerate(nb.cells) if c.cell_type == 'code']
    first = next((i for i in codes if _is_stub(nb.cells[i].source)), len(nb.cells))
    run = [i for i in codes if i < first or _is_stub(nb.cells[i].source)]
    errors, said = [], []
    with tempfile.TemporaryDirectory() as d:
        client = NotebookClient(nb, timeout=timeout, kernel_name='python3', allow_errors=True, resources=dict(metadata=dict(path=d)),
                                extra_arguments=['--IPKernelApp.log_level=ERROR'])
        with client.setup_kernel(env=dict(os.environ, **(env or {}))):
            for i in run:
                try: client.execute_cell(nb.cells[i], i)
                except CellTimeoutError: errors.append(f"cell {i}: still running after {timeout} s"); break
                outs = nb.cells[i].outputs
                err = next((o for o in outs if o.output_type == 'error'), None)
                if err: errors.append(f"cell {i}: {err.ename}: {str(err.evalue).splitlines()[0] if err.evalue else ''}")
                if i >= first: said += [l for o in outs if o.output_type == 'stream' for l in o.text.splitlines()]
    errors += [f"a stub said {l!r}, not 'not yet: ...'" for l in said if not l.startswith('not yet: ')]
    return dict(notebook=Path(fn).name, cells=len(run), errors=errors, said=said)

def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split('\n\n')[0], formatter_class=argparse.RawDescriptionHelpFormatter,
                                 epilog=__doc__[__doc__.index('Usage:'):])
    ap.add_argument('--dest', default=str(ROOT/'exercises'), help='your folder to copy into (default: exercises/ in the repository)')
    ap.add_argument('--selftest', default=str(SELFTEST), help='the committed copies (default: selftest/ in the repository)')
    ap.add_argument('--nbs', default=str(ROOT/'nbs'), help='the lessons, for --build and --check (default: nbs/)')
    ap.add_argument('--force', action='store_true', help='replace copies already in --dest that differ (each is backed up first)')
    mode = ap.add_mutually_exclusive_group()
    mode.add_argument('--build', action='store_true', help='write the copies of the lessons into --selftest')
    mode.add_argument('--check', action='store_true', help='fail if the copies in --selftest are not what --build would write')
    mode.add_argument('--run', nargs='*', metavar='NOTEBOOK', help='run these copies (default: all of --selftest) up to and including their stubs')
    a = ap.parse_args(argv)
    try:
        if (a.build or a.check) and not Path(a.nbs).is_dir(): raise _Problem(f"no such folder of lessons: {a.nbs}")
        if a.build:
            for p in build(a.nbs, a.selftest): print(f"wrote {p}")
            return 0
        if a.check:
            probs = stale(a.nbs, a.selftest)
            for p in probs: print(f"exercises: {Path(a.selftest).name}/{p} (run: python -m tools.exercises --build, then commit)", file=sys.stderr)
            if not probs: print(f"exercises: the self-test copies in {Path(a.selftest).name}/ are up to date")
            return 1 if probs else 0
        if a.run is not None:
            fns = [Path(f) for f in a.run] or sorted(Path(a.selftest).glob('*.ipynb'))
            bad = 0
            for f in fns:
                r = run_copy(f)
                print(f"{r['notebook']}: {r['cells']} cells" + (f", {len(r['errors'])} problem(s)" if r['errors'] else ', the stubs say "not yet"'), flush=True)
                for e in r['errors']: print(f"  {e}")
                bad += bool(r['errors'])
            print(f"{len(fns) - bad} passed, {bad} failed")
            return 1 if bad else 0
        try: res = copy_exercises(a.selftest, a.dest, a.force)
        except OSError as e: raise _Problem(f"cannot write {e.filename or a.dest}: {e.strerror or e}") from None
    except _Problem as e:
        print(f"exercises: {e}", file=sys.stderr); return 2
    for p, what in res:
        if what != 'unchanged': print(f"{what:8} {p}")
    n = {w: sum(x == w for _, x in res) for w in ('wrote', 'replaced', 'kept', 'unchanged')}
    print(f"exercises: {len(res)} self-test notebooks in {a.dest}: {n['wrote']} written, {n['replaced']} replaced"
          + (f" (the old ones are in {Path(a.dest)/'backups'})" if n['replaced'] else '')
          + f", {n['unchanged']} already up to date, {n['kept']} kept"
          + (" as they were, since they may hold your work (make exercises FORCE=1 replaces them, after a backup)" if n['kept'] else ''))
    return 0

if __name__ == '__main__': sys.exit(main())
