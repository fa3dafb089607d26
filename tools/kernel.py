"""Run lessons the way a learner does: in a real Jupyter kernel (ipykernel, driven by nbclient), not in
nbdev-test's in-process runner. Slow cells run too, nothing sets `IN_TEST`, and with `--twice` every code cell
is run a second time straight after the first, as a learner does after a "Your turn" or a typo.

Usage: python -m tools.kernel [--twice] [--json FILE] NOTEBOOK ...

Prints one line per notebook (its seconds, the cells that took longest, and the first error of each failing cell)
and exits 1 if any cell raised. The notebooks are not written back."""
import argparse, json, sys, time
from pathlib import Path
import nbformat
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

CELL_TIMEOUT = 600  # as nbdev's cell_timeout

def _error(cell) -> str:
    "The one-line error a cell's outputs show, or ''"
    for o in cell.get('outputs', []):
        if o.get('output_type') == 'error': return f"{o.get('ename')}: {str(o.get('evalue', '')).splitlines()[0] if o.get('evalue') else ''}"
    return ''

def run(fn, twice:bool=False, timeout:int=CELL_TIMEOUT) -> dict:
    "Run notebook `fn` in a fresh kernel, each code cell once or twice in a row: `dict(seconds, errors)`"
    fn = Path(fn)
    nb = nbformat.read(fn, as_version=4)
    client = NotebookClient(nb, timeout=timeout, kernel_name='python3', allow_errors=True,
                            resources=dict(metadata=dict(path=str(fn.parent))))
    errors, cells, t0 = [], {}, time.perf_counter()
    with client.setup_kernel():
        for i, cell in enumerate(nb.cells):
            if cell.cell_type != 'code': continue
            t = time.perf_counter()
            for n in range(2 if twice else 1):
                try: client.execute_cell(cell, i)
                except CellTimeoutError: errors.append((i, n + 1, f'still running after {timeout} s')); break
                if e := _error(cell): errors.append((i, n + 1, e)); break
            cells[cell.get('id', str(i))] = round(time.perf_counter() - t, 1)
    slowest = dict(sorted(cells.items(), key=lambda kv: -kv[1])[:3])
    return dict(notebook=fn.name, seconds=round(time.perf_counter() - t0, 1), errors=errors, twice=twice, slowest=slowest, cells=cells)

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='+')
    p.add_argument('--twice', action='store_true', help='run every code cell twice in a row')
    p.add_argument('--json', help='write the results to this file')
    a = p.parse_args(argv)
    res, bad = [], 0
    for fn in a.notebooks:
        r = run(fn, a.twice); res.append(r)
        slow = ', '.join(f"{k} {v:.0f} s" for k, v in r['slowest'].items())
        print(f"{r['notebook']}: {r['seconds']:.1f} s (slowest cells: {slow})" + ('' if not r['errors'] else f", {len(r['errors'])} cell(s) raised"), flush=True)
        for i, n, e in r['errors']: print(f"  cell {i}, run {n}: {e}", flush=True)
        bad += bool(r['errors'])
    if a.json: Path(a.json).write_text(json.dumps(res, indent=1) + '\n')
    print(f"{len(res) - bad} passed, {bad} failed")
    return 1 if bad else 0

if __name__ == '__main__': sys.exit(main())
