"""Tests of `tools/checks/rooms.py`: a small made-up repository, then each rule broken once, then the real one."""
import json
from pathlib import Path
from tools.checks import rooms

def nb(module, *exports, kind='export') -> str:
    "A notebook that exports to `module`, with one cell per extra `#| export` (or `kind`) target"
    cells = [dict(cell_type='code', id=f'c{i}', metadata={}, outputs=[], execution_count=None, source=f'#| {kind} {e}\nx = 1')
             for i, e in enumerate(exports)]
    return json.dumps(dict(cells=cells, metadata=dict(nbdev=dict(default_exp=module)), nbformat=4, nbformat_minor=5))

def tree(tmp:Path, notebooks:dict, modules:dict) -> Path:
    "A repository in `tmp` with `nbs/{name: notebook}` and `mnist37/{name: source}`"
    for d, files in (('nbs', notebooks), ('mnist37', modules)):
        (tmp/d).mkdir(exist_ok=True)
        for k, v in files.items(): (tmp/d/k).write_text(v)
    return tmp

GOOD = dict(notebooks={'01_a.ipynb': nb('a'), '02_b.ipynb': nb('b'), '90_core.ipynb': nb('core'), '99_testing.ipynb': nb('testing')},
            modules={'a.py': 'from .core import *\n', 'b.py': 'from .a import x\nfrom mnist37.core import y\n', 'core.py': 'x = 1\n',
                     'testing.py': 'from fastcore.test import *\nfrom .b import z\nEXPECTED = {}\nIN_TEST = 1\n', '_modidx.py': ''})

def test_a_good_tree_passes(tmp_path):
    assert rooms.problems(tree(tmp_path, **GOOD)) == []

def broken(tmp_path, notebooks=None, modules=None) -> list:
    return rooms.problems(tree(tmp_path, {**GOOD['notebooks'], **(notebooks or {})}, {**GOOD['modules'], **(modules or {})}))

def test_a_lesson_that_reaches_up(tmp_path):
    assert broken(tmp_path, modules={'a.py': 'from .b import x\n'}) == ["a (01_a.ipynb) reaches up into later lessons: b (02_b.ipynb)"]

def test_reaching_up_through_the_appendix(tmp_path):
    p = broken(tmp_path, modules={'a.py': 'from mnist37.core import x\n', 'core.py': 'from .b import y\n'})
    assert p == ["a (01_a.ipynb) reaches up into later lessons: b (02_b.ipynb)"]

def test_two_modules_from_one_notebook(tmp_path):
    assert 'exports to other besides its own module a' in broken(tmp_path, notebooks={'01_a.ipynb': nb('a', 'other')})[0]

def test_one_module_from_two_notebooks(tmp_path):
    assert broken(tmp_path, notebooks={'03_c.ipynb': nb('a')}) == ["a.py comes from two notebooks, 01_a.ipynb and 03_c.ipynb"]

def test_an_internal_export_elsewhere(tmp_path):
    assert 'exports to other besides its own module a' in broken(tmp_path, notebooks={'01_a.ipynb': nb('a', 'other', kind='exporti')})[0]

def test_a_module_written_by_hand(tmp_path):
    assert broken(tmp_path, modules={'extra.py': 'x = 1\n'}) == ["mnist37/extra.py comes from no notebook: nobody edits mnist37/*.py by hand"]

def test_a_big_module_and_a_long_command(tmp_path):
    p = broken(tmp_path, notebooks={'19_cli.ipynb': nb('cli')}, modules={'a.py': 'x = 1\n' * 301, 'cli.py': 'x = 1\n' * 240})
    assert p == ["mnist37/a.py has 301 lines, over 300: it holds more than one concern",
                 "mnist37/cli.py has 240 lines, at least 240: it should only parse, call and print"]

def test_markup_in_a_string(tmp_path):
    page = 'PAGE = """<html>\n<body>\n<canvas id="c">\n</canvas>\n<p>hi</p>\n</body>\n</html>"""\n'
    css = "CSS = '''\nbody {\n  margin: 0;\n}\ncanvas {\n  border: 1px;\n}'''\n"
    help_text = 'def f():\n    """Six lines\n    of help\n    text,\n    not\n    markup\n    at all"""\nHELP = "a\\nb\\nc\\nd\\ne\\nf"\n'
    js = 'JS = """\nconst pad = (x, n) => {\n  let out = x;\n  return out;\n};\n"""\n'
    prose = 'SAY = """The loss function\nis a function of\nthe weights => it\nhas a gradient; let us\nfollow it <downhill>\nfor a while."""\n'
    p = broken(tmp_path, modules={'a.py': page, 'b.py': css, 'core.py': help_text + prose, 'testing.py': js})
    assert [l.split(':')[0] + ':' + l.split(':')[1] for l in p] == ['mnist37/a.py:1', 'mnist37/b.py:1', 'mnist37/testing.py:1'], p

def test_test_knobs_outside_testing(tmp_path):
    p = broken(tmp_path, modules={'core.py': 'from fastcore.basics import IN_TEST\nif IN_TEST: x = 1\n', 'b.py': 'EXPECTED: dict = dict(a=1)\n',
                                  'a.py': 'import fastcore.basics as fb\nslow = not fb.IN_TEST\n'})
    assert p == [f"mnist37/{m}.py reads IN_TEST or defines EXPECTED: only mnist37/testing.py may" for m in ('a', 'b', 'core')]

def test_test_knobs_only_by_name(tmp_path):
    "A comment or a string that mentions them, or reading the testing module's figures, is not a knob"
    p = broken(tmp_path, modules={'core.py': '# IN_TEST is for testing.py\nHELP = "see EXPECTED = ... in testing"\n',
                                  'b.py': 'from .testing import expected\nx = expected("pixel")\n'})
    assert p == [], p

def test_from_the_package_import_a_module(tmp_path):
    "`from . import b` and `from mnist37 import b` are arrows too"
    for src in ('from . import b\n', 'from mnist37 import b\n'):
        assert broken(tmp_path, modules={'a.py': src}) == ["a (01_a.ipynb) reaches up into later lessons: b (02_b.ipynb)"], src

def test_the_real_tree():
    assert rooms.problems() == []
