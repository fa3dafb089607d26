#!/usr/bin/env python
"""Fail when a lesson's prose states a number that no run supports.

A markdown cell of `nbs/*.ipynb` may state a figure ("reaches 0.9818", "98%", "7.1 s", "12,396 images")
only if the run shows it. Every number in the prose is found, and accepted when:

- **a run shows it**: a number in the notebook's saved outputs (stream text, `text/plain`, `text/html`
  with its tags removed, `text/markdown`; error outputs are ignored) rounds to it at the prose's
  precision: 0.9818 supports "0.98" and "98%", "98.2%" supports "0.982", "00:36" (fastprogress's time
  column) supports "36 s". A round integer of at least two significant figures ("about 25,800") is
  compared at the precision of its last non-zero digit; "99.x%" means any value from 99% up to 100%.
- **it is a figure of `mnist37.core.EXPECTED`** (both data sources, tuples element by element), at the
  same rounding.
- **the cell quotes a dated benchmark**: a cell that links to `bench/NAME.md` may quote any number of
  that file (checked against the file's text, at the same rounding).
- **the cell says so**: an HTML comment in the cell, `<!-- numbers: 10% (the threshold we chose) -->`,
  lists numbers of that cell that are not results. It does not render; a reviewer sees it in the diff.
- **it is not a claim** (the allow-list, `ALLOWED` below, each entry with its reason): numbers in code
  spans and fenced code are literals and are not read at all, nor are link targets, HTML tags, or
  numbers glued to a name (`resnet18`, `08_resnet`, `float32`). Without a unit, small integers (<= 10),
  years, shapes (`28×28`), list and step numbers, bit widths, software versions, standards (ITU-R 601),
  a few sizes, and choices (a number after "learning rate", "momentum", "threshold", "within"..., or
  before "epochs", or a numeric literal of the code cells right around the prose) are accepted.

A number with a unit (`%`, `s`, `ms`, `min`, `GFLOP/s`, `TFLOP`, `MB`, a ratio such as `3.7×`) is always
a claim: only an output, EXPECTED, a linked benchmark or the cell's note can support it.

Usage: `python -m tools.check_numbers [--list] [NOTEBOOK ...]` (default: every notebook in nbs/).
Prints one line per unsupported number, `nbs/08_resnet.ipynb cell 44: "7.1 s" is not in any output or
EXPECTED (...)` (cells counted from 0, as `json` and nbdev count them), and exits 1 if there is one.
`--list` prints every number found and why it was accepted, for tuning. Tests: `tests/test_tools.py`."""
import argparse, ast, io, json, re, sys, tokenize
from decimal import Decimal, ROUND_DOWN, ROUND_HALF_EVEN, ROUND_HALF_UP
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NUM = r'(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:[eE][-+]?\d+)?'
UNIT = r'%|[kMGTP]?FLOP(?:/s|s)?|[kMGT]i?B|ms|µs|us|ns|s|sec|seconds?|min|minutes?|hours?'
# a prose number, its "99.x" form, and a unit (after at most one space; a ratio's × or x is glued on)
PROSE = re.compile(rf'(?<![\w.,])(?P<num>{NUM})(?P<trunc>\.x)?(?P<unit>\s?(?:{UNIT})(?![\w/])|×(?![\d\s]*\d)|x(?!\w))?')
OUT = re.compile(rf'(?<![\w.])(?P<num>{NUM})(?P<pct>\s?%)?')     # a number in an output or a benchmark file
CLOCK = re.compile(r'(?<![\d:])(\d{1,2}):(\d\d)(?::(\d\d))?(?![\d:])')  # fastprogress's mm:ss (or h:mm:ss)

ALLOWED = {  # numbers without a unit that are not results, and why
    'small': 'an integer up to 10: digit names (3, 7), ranks, step numbers, small counts chosen in the text',
    'year': 'a year (1900-2099)',
    'shape': 'part of a shape such as 28×28 or N×1×28×28: a property of the data format, not a measurement',
    'list': 'a list or question number at the start of a line (`1.`, `**10.**`)',
    'ordinal': 'names a step, lesson, question, chapter or section',
    'bits': 'a bit width (8-bit, 32 bits)',
    'version': 'a software version (Python 3.11, fastai 2.8)',
    'designation': 'names a standard after its acronym (ITU-R 601, ISO 8601, RFC 3339)',
    'size': 'MNIST side 28, 784 pixels, ImageNet side 224, 8-bit maximum 255, or a power of two used as a batch size or width',
    'mnist': "MNIST's published size (70,000 = 60,000 training + 10,000 test images), a fact about the data set",
    'choice': 'a hyper-parameter chosen in the text (after "learning rate", "momentum", "eps", "threshold"..., or before "epochs")',
    'code': 'a numeric literal of the code cells right around this prose: an input, not a result',
}
SIZES = {28, 784, 224, 255, 16, 32, 64, 128, 256, 512, 1024}
MNIST = {70000, 60000, 10000}
ORDINAL_BEFORE = re.compile(r'\b(?:step|lesson|question|chapter|section|part|notebook|exercise|figure)\s*$', re.I)
VERSION_BEFORE = re.compile(r'\b(?:python|fastai|pytorch|torch|nbdev|fastcore|numpy|quarto|version|v)\s*$', re.I)
CHOICE_BEFORE = re.compile(r'\b(?:learning rate|lr|momentum|eps|epsilon|weight decay|wd|threshold|tolerance|seed|batch size|bs|'
                           r'dropout|dpi|within|differs? by (?:more|less) than)(?: of| is| at)?\s*[=:]?\s*$', re.I)
DESIGNATION_BEFORE = re.compile(r'\b[A-Z][A-Z-]*[A-Z] $')
CHOICE_AFTER = re.compile(r'\s*epochs?\b', re.I)

def _dec(s:str) -> Decimal: return Decimal(s.replace(',', '').replace('_', ''))

def numbers(text:str) -> list:
    "`(value, is_percent)` for every number in output or file `text`, thousands separators read both ways; mm:ss as seconds"
    out = []
    for m in OUT.finditer(text):
        out.append((_dec(m['num']), bool(m['pct'])))
        if ',' in m['num']: out += [(_dec(p), False) for p in re.findall(r'\d+', m['num'].split('.')[0])]
    for m in CLOCK.finditer(text):
        h, mi, s = (int(g) if g else None for g in m.groups())
        out.append((Decimal(h*3600 + mi*60 + s if s is not None else h*60 + mi), False))
    return out

class Source:
    "Numbers a prose figure may be rounded from (or, if `exact`, must equal), with a name for messages"
    def __init__(self, name:str, nums:list, exact=False): self.name, self.nums, self.exact, self._cache = name, nums, exact, {}
    def rounded(self, places:int, pct:bool, mode) -> set:
        "Every number of this source as prose with `places` decimals (negative: tens, hundreds...) would show it"
        key = (places, pct, mode)
        if key not in self._cache:
            q, vals = Decimal(1).scaleb(-places), set()
            for v, is_pct in self.nums:
                v = v*100 if pct and not is_pct else v/100 if is_pct and not pct else v
                try: vals.add(v.quantize(q, rounding=mode))
                except ArithmeticError: pass
            self._cache[key] = vals
        return self._cache[key]
    def supports(self, value:Decimal, places:int, pct:bool, sig:int, trunc=False) -> bool:
        "Does a number of this source round to `value`? One significant digit (0.2, 7 s, 500) is never rounded to: too easy to hit"
        if trunc: return value in self.rounded(places, pct, ROUND_DOWN)
        if self.exact or sig < 2: return value in self.rounded(max(places, 12), pct, ROUND_HALF_UP)
        return any(value in self.rounded(places, pct, m) for m in (ROUND_HALF_UP, ROUND_HALF_EVEN))

def _flat(x):
    if isinstance(x, dict):
        for v in x.values(): yield from _flat(v)
    elif isinstance(x, (tuple, list)):
        for v in x: yield from _flat(v)
    elif isinstance(x, (int, float)) and not isinstance(x, bool): yield x

def load_expected() -> dict:
    "`mnist37.testing.EXPECTED`: the figures each data source should give, built from the approaches' table"
    from mnist37.testing import EXPECTED
    return EXPECTED

def expected_source(expected:dict=None) -> Source:
    return Source('EXPECTED', [(Decimal(repr(v)), False) for v in _flat(load_expected() if expected is None else expected)], exact=True)

def _text(v): return ''.join(v) if isinstance(v, list) else v or ''

def output_text(cell:dict) -> str:
    "The text a reader sees in `cell`'s outputs (errors left out, HTML tags removed)"
    parts = []
    for o in cell.get('outputs', []):
        if o.get('output_type') == 'stream': parts.append(_text(o.get('text')))
        elif o.get('output_type') in ('execute_result', 'display_data'):
            d = o.get('data', {})
            parts += [_text(d.get(k)) for k in ('text/plain', 'text/markdown') if k in d]
            if 'text/html' in d: parts.append(re.sub(r'<[^>]*>', ' ', re.sub(r'(?is)<style\b.*?</style>', ' ', _text(d['text/html']))))
    return '\n'.join(parts)

def code_literals(src:str) -> set:
    "The numeric literals of Python code `src` (comments and strings are not code)"
    src = '\n'.join(l for l in src.splitlines() if not l.lstrip().startswith(('%', '!')))
    try: toks = [t.string for t in tokenize.generate_tokens(io.StringIO(src).readline) if t.type == tokenize.NUMBER]
    except (tokenize.TokenError, SyntaxError, IndentationError): toks = re.findall(r'(?<![\w.])\d[\d_]*(?:\.\d+)?(?:[eE][-+]?\d+)?', re.sub(r'#.*', '', src))
    out = set()
    for t in toks:
        try: out.add(_dec(t))
        except ArithmeticError: pass
    return out

def prose(md:str) -> tuple:
    "The prose of markdown `md` with code, link targets, URLs and HTML tags blanked out, and the numbers its `<!-- numbers: -->` note lists"
    note = ' '.join(re.findall(r'<!--\s*numbers:(.*?)-->', md, flags=re.S))
    for pat in (r'(?s)```.*?```', r'(?s)~~~.*?~~~', r'(?s)<!--.*?-->', r'(``?)[^`]*?\1', r'\]\([^)]*\)', r'https?://\S+', r'<[^>]*>'):
        md = re.sub(pat, lambda m: ' ' * len(m.group(0)) if not m.group(0).startswith(']') else ']' + ' ' * (len(m.group(0)) - 1), md)
    return md, {(v, p) for v, p, *_ in (_value(m) for m in PROSE.finditer(note))}

def _value(m) -> tuple:
    "`(value, is_percent, places, unit, significant digits)` of prose match `m`"
    num, unit = m['num'], (m['unit'] or '').strip()
    value = _dec(num)
    places = -value.as_tuple().exponent if '.' in num or 'e' in num.lower() else 0
    if places == 0 and value >= 100 and not m['trunc']:  # "about 25,800": compare at its last non-zero digit
        digits = num.replace(',', '')
        zeros = len(digits) - len(digits.rstrip('0'))
        if len(digits) - zeros >= 2: places = -zeros
    digits = re.sub(r'[eE].*', '', num).replace(',', '').replace('.', '').lstrip('0')
    sig = len(digits if '.' in num else digits.rstrip('0'))
    return value, unit == '%', places, unit, sig

def classify(md:str, m, sources:list, literals:set, note:set) -> tuple:
    "`(ok, reason)` for prose number `m` found in `md`"
    value, pct, places, unit, sig = _value(m)
    rest, before = md[m.end():], md[:m.start()]
    integer = places <= 0 and '.' not in m['num']
    if unit == 's' and integer and not m['unit'].startswith(' '): unit = ''  # "3s and 7s", "the 1990s": plurals
    if not unit:
        if re.match(r'\s?[×x]\s?\d', rest) or re.search(r'[×x]\s?$', before): return True, 'shape'
        if re.match(r'-bits?\b|\s?bits?\b', rest): return True, 'bits'
        line = before[before.rfind('\n') + 1:]
        if re.fullmatch(r'[\s>*#_-]*', line) and re.match(r'\*{0,2}[.)]', rest): return True, 'list'
        if integer and value < 100 and ORDINAL_BEFORE.search(before[-30:]): return True, 'ordinal'
        if VERSION_BEFORE.search(before[-30:]): return True, 'version'
        if integer and DESIGNATION_BEFORE.search(before[-30:]): return True, 'designation'
        if integer and value <= 10: return True, 'small'
        if CHOICE_BEFORE.search(before[-40:]) or CHOICE_AFTER.match(rest): return True, 'choice'
        if integer and 1900 <= value <= 2099 and ',' not in m['num']: return True, 'year'
        if integer and value in SIZES: return True, 'size'
        if integer and value in MNIST: return True, 'mnist'
    for s in sources:
        if s.supports(value, places, pct, sig, bool(m['trunc'])): return True, s.name
    if (value, pct) in note: return True, 'cell note'
    if not unit and value in literals: return True, 'code'
    return False, None

def _skip(m, md:str) -> bool:
    "Not a number of the prose: glued to a name (`08_resnet`, `2d`), part of a dotted name (127.0.0.1) or an exponent (10⁻⁶)"
    rest = md[m.end():]
    if re.match(r'\d{4}-\d\d-\d\d', md[m.start():m.start() + 10]) or re.search(r'\d{4}-(\d\d-)?$', md[:m.start()]): return True  # a date
    return not m['unit'] and bool(re.match(r'[A-Za-wyzµ_]|\.\d|[⁰-⁹⁻]', rest))

def check_notebook(fn, expected:Source, root=ROOT, listing=False) -> list:
    "`(ok, line)` for each unsupported number in the markdown of notebook `fn` (with `listing`, for every number)"
    fn = Path(fn)
    cells = json.loads(fn.read_text(encoding='utf-8'))['cells']
    outputs = Source('output', numbers('\n'.join(output_text(c) for c in cells if c['cell_type'] == 'code')))
    try: name = fn.resolve().relative_to(Path(root).resolve())
    except ValueError: name = fn
    lines = []
    for i, c in enumerate(cells):
        if c['cell_type'] != 'markdown': continue
        raw = _text(c['source'])
        md, note = prose(raw)
        sources = [outputs, expected]
        for link in sorted(set(re.findall(r'\]\((?:\.\./)*(bench/[\w./-]+\.md)(?:#[^)]*)?\)', raw))):
            f = Path(root)/link
            sources.append(Source(link, numbers(f.read_text(encoding='utf-8')) if f.exists() else []))
        literals = set()
        for step in (-1, 1):  # the code cells right before and right after this prose
            j = i + step
            while 0 <= j < len(cells) and cells[j]['cell_type'] == 'code':
                literals |= code_literals(_text(cells[j]['source'])); j += step
        for m in PROSE.finditer(md):
            if _skip(m, md): continue
            ok, why = classify(md, m, sources, literals, note)
            shown = md[m.start():m.end()].strip()
            ctx = ' '.join(md[max(0, m.start() - 50):m.end() + 30].split())
            if not ok:
                names = ['any output'] + [s.name for s in sources[1:]]
                lines.append((False, f'{name} cell {i}: "{shown}" is not in {", ".join(names[:-1])} or {names[-1]} (…{ctx}…)'))
            elif listing: lines.append((True, f'{name} cell {i}: "{shown}" ok: {why} (…{ctx}…)'))
    return lines

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split('\n')[0])
    p.add_argument('paths', nargs='*', help='notebooks to check (default: every notebook in nbs/)')
    p.add_argument('--list', action='store_true', help='print every number found and why it was accepted')
    a = p.parse_args(argv)
    fns = [Path(f) for f in a.paths] or sorted(f for f in (ROOT/'nbs').glob('*.ipynb') if not f.name.startswith(('_', '.')))
    missing = [f for f in fns if not f.is_file()]
    if missing: print(f'check_numbers: no such notebook: {", ".join(map(str, missing))}', file=sys.stderr); return 2
    exp, bad, used = expected_source(), 0, set()
    for fn in fns:
        for ok, line in check_notebook(fn, exp, listing=a.list):
            print(line)
            bad += not ok
            if ok: used.add(line.split(' ok: ')[1].split(' (')[0])
    for k in sorted(used & set(ALLOWED)): print(f'{k}: {ALLOWED[k]}')
    if bad: print(f'check_numbers: {bad} number(s) in the prose that no output, EXPECTED figure or linked benchmark supports', file=sys.stderr)
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main())
