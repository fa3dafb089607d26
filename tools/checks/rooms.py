"""The layout shows the architecture: one notebook, one module, one concern, and no arrow running back up.

Usage: python -m tools.checks.rooms

Checks the package `mnist37/` against the notebooks in `nbs/` (CONTRIBUTING.md's room map):
- each notebook exports to at most one module (its `default_exp`: no `#| export other`), and each module of
  the package comes from exactly one notebook;
- no module is over 300 lines (the exercises' checkers excepted: one per "Your turn", with its proof), and
  `cli.py`, which only parses, calls and prints, stays under 240;
- no module holds HTML, CSS or JavaScript of more than 5 lines in a Python string (they live in
  `mnist37/static/` as real files);
- only the testing module reads nbdev's `IN_TEST` or defines `EXPECTED`;
- no lesson's module reaches up into a later lesson, even through another module (the appendix's modules sit
  below the lessons that use them, and may use the lessons before them).

Exits 1 with one line per problem."""
import ast, re, sys
from tools import nb as N

ROOT = N.ROOT
MAX_LINES, EXEMPT, CLI_LINES = 300, {'checkers'}, 240
TESTING = 'testing'
_TAG, _RULE = re.compile(r'</[a-zA-Z][\w-]*>'), re.compile(r'^\s*[\w.#:\[\]*, -]+\{[^}]*;', re.M)   # a closing tag; a CSS rule
_JS = [re.compile(r, re.M) for r in (r'\bfunction\s*\w*\s*\(', r'=>', r'^\s*(const|let|var)\s+\w+\s*=', r';\s*$')]

def _number(fn:str) -> int: return int(re.match(r'\d+', fn).group())

def _markup(s:str) -> bool:
    "Whether a string reads as HTML (a closing tag), CSS (a rule) or JavaScript (two of its signs): English says 'function' too"
    return bool(_TAG.search(s) or _RULE.search(s)) or sum(bool(r.search(s)) for r in _JS) >= 2

def _imports(tree) -> set:
    "The package's modules that a module imports"
    out = set()
    for n in ast.walk(tree):
        if isinstance(n, ast.ImportFrom) and n.level == 1 and n.module: out.add(n.module.split('.')[0])
        elif isinstance(n, ast.ImportFrom) and (n.module or '').startswith('mnist37.'): out.add(n.module.split('.')[1])
        elif isinstance(n, ast.ImportFrom) and (n.level == 1 or n.module == 'mnist37'): out |= {a.name for a in n.names}   # from . import x
        elif isinstance(n, ast.Import): out |= {a.name.split('.')[1] for a in n.names if a.name.startswith('mnist37.')}
    return out

def _knobs(tree) -> bool:
    "Whether a module reads nbdev's `IN_TEST` or defines `EXPECTED` (by name, not in a comment or a string)"
    for n in ast.walk(tree):
        if isinstance(n, ast.Name) and (n.id == 'IN_TEST' or n.id == 'EXPECTED' and isinstance(n.ctx, ast.Store)): return True
        if isinstance(n, ast.ImportFrom) and any(a.name == 'IN_TEST' for a in n.names): return True
        if isinstance(n, ast.Attribute) and n.attr == 'IN_TEST': return True
    return False

def _docstrings(tree) -> set:
    return {id(n.body[0].value) for n in ast.walk(tree) if isinstance(n, (ast.Module, ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef))
            and n.body and isinstance(n.body[0], ast.Expr) and isinstance(n.body[0].value, ast.Constant)}

def problems(root=ROOT) -> list:
    probs, home = [], {}
    for fn in N.notebooks(root/'nbs'):
        if fn.name == 'index.ipynb': continue
        nb = N.read(fn); m = N.module_of(nb)
        others = {d[k] for c in nb['cells'] for d in [N.directives(c)] for k in ('export', 'exports', 'exporti') if d.get(k) and d[k] != m}
        if others: probs.append(f"{fn.name} exports to {', '.join(sorted(others))} besides its own module {m}: one notebook, one module")
        if m in home: probs.append(f"{m}.py comes from two notebooks, {home[m]} and {fn.name}")
        elif m: home[m] = fn.name
    deps = {}
    for py in sorted((root/'mnist37').glob('*.py')):
        name, text = py.stem, py.read_text(encoding='utf-8')
        if name in ('__init__', '_modidx'): continue
        if name not in home: probs.append(f"mnist37/{py.name} comes from no notebook: nobody edits mnist37/*.py by hand"); continue
        n, tree = len(text.splitlines()), ast.parse(text)
        if n > MAX_LINES and name not in EXEMPT: probs.append(f"mnist37/{py.name} has {n} lines, over {MAX_LINES}: it holds more than one concern")
        if name == 'cli' and n >= CLI_LINES: probs.append(f"mnist37/cli.py has {n} lines, at least {CLI_LINES}: it should only parse, call and print")
        docs = _docstrings(tree)
        for s in ast.walk(tree):
            if isinstance(s, ast.Constant) and isinstance(s.value, str) and id(s) not in docs and s.value.count('\n') >= 5 and _markup(s.value):
                probs.append(f"mnist37/{py.name}:{s.lineno}: {s.value.count(chr(10)) + 1} lines of HTML, CSS or JavaScript in a Python string; put them in mnist37/static/")
        if name != TESTING and _knobs(tree):
            probs.append(f"mnist37/{py.name} reads IN_TEST or defines EXPECTED: only mnist37/{TESTING}.py may")
        deps[name] = _imports(tree) & set(home)
    def reach(m, seen):
        for d in deps.get(m, ()):
            if d not in seen: seen.add(d); reach(d, seen)
        return seen
    for m, fn in home.items():
        if _number(fn) >= 90: continue   # the appendix: its modules may use the lessons before them
        later = sorted(d for d in reach(m, set()) if _number(home[d]) < 90 and home[d] > fn)   # file order is reading order
        if later: probs.append(f"{m} ({fn}) reaches up into later lessons: {', '.join(f'{d} ({home[d]})' for d in later)}")
    return probs

def main(argv=None) -> int:
    probs = problems()
    for p in probs: print(p)
    return 1 if probs else 0

if __name__ == '__main__': sys.exit(main())
