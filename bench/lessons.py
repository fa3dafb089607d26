"""A learner's wait: how long Run All takes for each lesson, in a real Jupyter kernel, as a learner runs it.

    python -m bench.lessons [--data auto] [NOTEBOOK ...]     # default: the chapter, nbs/01..09
                                                             # writes bench/lessons.md and bench/lessons.json

Each notebook runs top to bottom in a fresh ipykernel (through nbclient, as tools/kernel.py runs it): every
cell, the slow ones too, nothing skipped, on the threads the kernel gets by default. The time counts from the
kernel's start to the last cell's end. A benchmark, not a test: it asserts nothing about speed, it records it,
with the machine it ran on and how busy that machine was (the load average before and after), since a busy
machine skews every figure. The chapter's targets (issue: "a learner's wait"): at most 60 s a lesson, and at
most 90 s for 08, whose book-way epoch of resnet18 is most of its time.
"""
import argparse, json, os, sys
from pathlib import Path
from tools.kernel import run
from bench.machine import machine, describe, load

ROOT = Path(__file__).resolve().parent.parent

TARGET = {'08_resnet.ipynb': 90}   # seconds; every other chapter lesson: DEFAULT_TARGET
DEFAULT_TARGET = 60

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', type=Path)
    p.add_argument('--data', default=os.environ.get('MNIST37_DATA', 'auto'), help="MNIST37_DATA for the kernels (default: auto)")
    p.add_argument('--out', type=Path, default=ROOT/'bench'/'lessons')
    a = p.parse_args(argv)
    os.environ['MNIST37_DATA'] = a.data if a.data != 'auto' else ''
    nbs = a.notebooks or sorted((ROOT/'nbs').glob('0[1-9]_*.ipynb'))
    rows, m = [], machine()
    for nb in nbs:
        before = load()
        r = run(nb)
        rows.append(dict(notebook=nb.name, seconds=r['seconds'], errors=len(r['errors']), load_before=round(before, 2), load_after=round(load(), 2),
                         target=TARGET.get(nb.name, DEFAULT_TARGET)))
        print(f"{nb.name}: {r['seconds']:.1f} s" + (f", {len(r['errors'])} cell(s) raised" if r['errors'] else ''), flush=True)
    info = dict(machine=m, data=a.data, rows=rows)
    a.out.with_suffix('.json').write_text(json.dumps(info, indent=1) + '\n')
    md = [f"# A learner's wait: Run All in a real kernel\n",
          f"{describe(m)}; data: {a.data}. Written by `python -m bench.lessons`: each lesson run top to "
          "bottom in a fresh ipykernel, every cell, slow ones included; the load average (processes wanting the processor, over a "
          "minute) before and after says how busy the machine was.\n",
          "| lesson | seconds | target | cells that raised | load before | load after |", "|---|---|---|---|---|---|"]
    md += [f"| `{r['notebook']}` | {r['seconds']:.1f} | {r['target']} | {r['errors']} | {r['load_before']} | {r['load_after']} |" for r in rows]
    a.out.with_suffix('.md').write_text('\n'.join(md) + '\n')
    return 1 if any(r['errors'] for r in rows) else 0

if __name__ == '__main__': sys.exit(main())
