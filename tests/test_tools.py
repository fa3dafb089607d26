"""Tests of `tools/check_numbers.py` and `tools/clean_outputs.py` on small synthetic notebooks."""
import contextlib, io, json, tempfile
from pathlib import Path
from tools import check_numbers as cn, clean_outputs as co

def md(s): return dict(cell_type='markdown', id='m', metadata={}, source=s)
def code(src='x', *outs): return dict(cell_type='code', execution_count=None, id='c', metadata={}, outputs=list(outs), source=src)
def stream(t): return dict(output_type='stream', name='stdout', text=t)
def error(v): return dict(output_type='error', ename='AssertionError', evalue=v, traceback=[f'AssertionError: {v}'])
def html(h, plain='<IPython.core.display.HTML object>', **more): return dict(output_type='display_data', metadata={}, data={'text/html': h, 'text/plain': plain, **more})
def notebook(*cells): return dict(cells=list(cells), metadata={}, nbformat=4, nbformat_minor=5)

EXP = cn.expected_source({'fastai': {'linear': 0.96, 'tflop': (2.3, 2.7), 'ok': True}, 'embedded': {'linear': 0.88}})

def check(*cells, expected=EXP, files=None, listing=False) -> list:
    "check_numbers' lines for a notebook of `cells` (in a folder that also holds `files`)"
    with tempfile.TemporaryDirectory() as d:
        for name, text in (files or {}).items(): (Path(d)/name).parent.mkdir(parents=True, exist_ok=True); (Path(d)/name).write_text(text)
        fn = Path(d)/'nbs'/'x.ipynb'; fn.parent.mkdir(exist_ok=True); fn.write_text(json.dumps(notebook(*cells)))
        return cn.check_notebook(fn, expected, root=d, listing=listing)

def flagged(lines) -> list: return [l.split('"')[1] for ok, l in lines if not ok]

def test_stale_number_is_caught():
    lines = check(code('print(acc)', stream('accuracy 0.9700\n')), md('The net reaches 0.9818.'))
    assert flagged(lines) == ['0.9818'], lines
    assert lines[0][1].startswith('nbs/x.ipynb cell 1: "0.9818" is not in any output or EXPECTED (…'), lines

def test_supported_numbers_and_rounding():
    out = code('print(...)', stream('accuracy 0.9818 after 7.14 s on 12396 images; time 00:36\n'))
    ok = md('It reaches 0.9818, about 0.98, 98% or 98.2%, in 7.1 s, on 12,396 images; an epoch takes 36 s.')
    assert flagged(check(out, ok)) == [], check(out, ok)
    bad = md('It reaches 0.99, 99% or 98.1%, in 7.2 s, on 12,397 images.')
    assert flagged(check(out, bad)) == ['0.99', '99%', '98.1%', '7.2 s', '12,397'], check(out, bad)
    assert flagged(check(out, md('in about 7 s'))) == ['7 s']  # one significant digit must be printed as such

def test_percent_and_html_outputs():
    table = html('<div><table class="fastprogress"><tr><td>0</td><td>0.996075</td><td>00:36</td></tr></table></div>')
    assert flagged(check(code('fit', table), md('With 99.x% right (99.6%, 0.996), in 36 s.'))) == []
    assert flagged(check(code('fit', table), md('With 98.x% right.'))) == ['98.x%']
    assert flagged(check(code('p', stream('98.2% right\n')), md('A fraction of 0.982, not 0.983.'))) == ['0.983']

def test_one_significant_digit_is_not_rounded_to():
    assert flagged(check(code('p', stream('loss 0.186\n')), md('a loss of 0.2'))) == ['0.2']
    assert flagged(check(code('p', stream('loss 0.2000\n')), md('a loss of 0.2'))) == []
    assert flagged(check(code('p', stream('loss 0.186\n')), md('a loss of 0.19'))) == []

def test_error_outputs_support_nothing():
    assert flagged(check(code('assert', error('0.9818')), md('It reaches 0.9818.'))) == ['0.9818']

def test_allow_list():
    prose = ('## Step 12\n1. Each 28×28 image (N×1×28×28 in a batch) has 784 pixels of 8-bit grey, 0 to 255.\n'
             '2. We train 5 epochs, then for 40 epochs at a learning rate of 0.1 with momentum 0.9 and `lr=0.03`;\n'
             'in 1998, with Python 3.11, resnet18 of lesson 08 (`08_resnet`) on the 3s and 7s, batches of 64 and 256.\n'
             '```\nfit(17, 0.0123)\n```\nMNIST has 70,000 images; grey is ITU-R 601; they agree within 0.001.')
    lines = check(md(prose), listing=True)
    assert flagged(lines) == [], lines
    why = {l.split('"')[1]: l.split(' ok: ')[1].split(' (')[0] for _, l in lines}
    assert set(why.values()) <= set(cn.ALLOWED), why  # every reason is explained in the allow-list
    assert why['28'] == 'shape' and why['784'] == 'size' and why['40'] == 'choice' and why['0.1'] == 'choice', why
    assert why['1998'] == 'year' and why['3.11'] == 'version' and why['12'] == 'ordinal' and why['70,000'] == 'mnist', why
    assert why['601'] == 'designation' and why['0.001'] == 'choice', why
    assert '17' not in why and '0.0123' not in why and '18' not in why and '0.03' not in why, why  # code and names are not prose
    assert flagged(check(md('We saw 37 questions and 0.37 of them.'))) == ['37', '0.37']  # the allow-list is not everything

def test_a_unit_makes_a_claim():
    assert flagged(check(md('It takes 7 s, 3.7× the floor, 64 MB and 5% more.'))) == ['7 s', '3.7×', '64 MB', '5%']

def test_expected_counts():
    prose = md('It stays above 0.96 (96%) and 0.88; an epoch is between 2.3 and 2.7 TFLOP.')
    assert flagged(check(prose)) == []
    assert flagged(check(prose, expected=cn.expected_source({}))) == ['0.96', '96%', '0.88', '2.3', '2.7 TFLOP']
    assert flagged(check(md('It stays above 0.961.'))) == ['0.961']  # EXPECTED is matched, not rounded from

def test_real_expected_loads():
    e = cn.load_expected()
    assert set(e) == {'fastai', 'embedded'}, e.keys()
    assert len(cn.expected_source().nums) > 50

def test_bench_quote():
    files = {'bench/r.md': '| resnet18 | 17.9 s |\n'}
    assert flagged(check(md('[The benchmark](../bench/r.md) took 17.9 s.'), files=files)) == []
    lines = check(md('[The benchmark](../bench/r.md) took 18.9 s.'), files=files)
    assert flagged(lines) == ['18.9 s'] and 'any output, EXPECTED or bench/r.md' in lines[0][1], lines
    assert flagged(check(md('A benchmark took 17.9 s.'), files=files)) == ['17.9 s']  # no link, no quote

def test_code_literals_next_to_the_prose():
    assert flagged(check(code('learn.fit(3, 0.03)'), md('A rate of 0.03 and 0.04.'))) == ['0.04']
    assert flagged(check(md('A rate of 0.03.'), code('learn.fit(3, 0.03)'))) == []
    assert flagged(check(code('fit(3)  # reaches 0.983'), md('The book: 0.983.'))) == ['0.983']  # comments are not code
    assert flagged(check(code('fit(3, 0.03)'), md('Far away.'), md('A rate of 0.03.'))) == ['0.03']
    assert flagged(check(code('t = 7'), md('It takes 7 s.'))) == ['7 s']  # a unit needs an output

def test_cell_note():
    assert flagged(check(md('Faster by at least 10%. <!-- numbers: 10% (a threshold we chose) -->'))) == []
    assert flagged(check(md('Faster by at least 10%.'))) == ['10%']

def test_main_exit_status():
    with tempfile.TemporaryDirectory() as d:
        stale, fine = Path(d)/'stale.ipynb', Path(d)/'fine.ipynb'
        stale.write_text(json.dumps(notebook(md('It reaches 0.9818.'))))
        fine.write_text(json.dumps(notebook(code('p', stream('0.9818\n')), md('It reaches 0.9818.'))))
        with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
            assert cn.main([str(stale), str(fine)]) == 1
            assert cn.main([str(fine)]) == 0
            assert cn.main([str(Path(d)/'missing.ipynb')]) == 2
        assert out.getvalue().count('is not in') == 1, out.getvalue()

STYLE = '\n<style>\n    progress { appearance: none; }\n    table.fastprogress { border-collapse: collapse; }\n</style>\n'
TABLE = ('<div><table class="fastprogress"><thead><tr><th>epoch</th><th>accuracy</th><th>time</th></tr></thead>'
         '<tbody><tr><td>0</td><td>0.996075</td><td>00:36</td></tr></tbody></table></div>')
PANDAS = '<style type="text/css">\n</style>\n<table id="T_1"><tr><th>a</th></tr><tr><td>1</td></tr></table>'
PNG = dict(output_type='display_data', metadata={}, data={'image/png': 'iVBORw0KGgo=', 'text/plain': '<Figure size 100x100>'})

def junk_notebook():
    return notebook(
        code('learn.fit(1)', html(STYLE), html(TABLE, TABLE, **{'text/markdown': f'```html\n{TABLE}\n```'}), stream('done\n')),
        code('learn.get_preds()', html(''), html('<div></div>', '<div></div>', **{'text/markdown': '```html\n<div></div>\n```'})),
        code('bar', html('<div><progress value="3" max="10"></progress> 30.00% [3/10 00:01&lt;00:02]</div>')),
        code('df.style', dict(html(PANDAS, '<pandas.io.formats.style.Styler>'), output_type='execute_result', execution_count=None)),
        code('plot', PNG, html('<style>h1 {color: red}</style>'), html('<img src="data:image/png;base64,iVBO">')))

def test_table_text():
    assert co.table_text(TABLE) == ('| epoch | accuracy | time  |\n|-------|----------|-------|\n| 0     | 0.996075 | 00:36 |')
    assert co.table_text('<div><p>Total time: 00:40</p>' + TABLE[5:]).startswith('Total time: 00:40\n| epoch |')
    assert co.table_text('<table class="fastprogress"><tr><th>a&lt;b</th></tr><tr><td>1</td></tr></table>') == '| a<b |\n|-----|\n| 1   |'

def test_clean_outputs():
    with tempfile.TemporaryDirectory() as d:
        fn = Path(d)/'x.ipynb'; fn.write_text(json.dumps(notebook(md('# T'), *junk_notebook()['cells'])))
        with contextlib.redirect_stdout(io.StringIO()) as out, contextlib.redirect_stderr(io.StringIO()):
            assert co.main(['--check', str(fn)]) == 1
        problems = out.getvalue().splitlines()
        assert [p.split(': ', 1)[1] for p in problems] == ['fastprogress style block', 'fastprogress table whose text copies are raw HTML',
            'empty HTML output', 'empty HTML output', 'fastprogress bar left behind'], problems
        assert problems[0].startswith(f'{fn} cell 1 output 0:'), problems
        before = fn.read_text()
        with contextlib.redirect_stdout(io.StringIO()): assert co.main([str(fn)]) == 0
        cells = json.loads(fn.read_text())['cells']
        assert [len(c.get('outputs', [])) for c in cells] == [0, 2, 0, 0, 1, 3], [len(c.get('outputs', [])) for c in cells]
        table = cells[1]['outputs'][0]['data']
        assert ''.join(table['text/html']) == TABLE and ''.join(table['text/plain']) == co.table_text(TABLE) == ''.join(table['text/markdown'])
        assert cells[1]['outputs'][1]['text'] == ['done\n']
        assert ''.join(cells[4]['outputs'][0]['data']['text/html']) == PANDAS  # a pandas table keeps its style
        assert [sorted(o['data']) for o in cells[5]['outputs']] == [['image/png', 'text/plain'], ['text/html', 'text/plain'], ['text/html', 'text/plain']]
        after = fn.read_text()
        assert after != before
        with contextlib.redirect_stdout(io.StringIO()) as out:
            assert co.main(['--check', str(fn)]) == 0 and co.main([str(fn)]) == 0
        assert fn.read_text() == after and out.getvalue() == '', out.getvalue()  # idempotent
