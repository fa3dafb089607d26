#!/usr/bin/env python3
"""A lesson as Colab opens it: a fresh virtual environment with PyTorch and IPython but no mnist37.

Usage: python3 -m tools.colab_test [--lesson 01_pixels] [--keep]      (`make colab-test`; stdlib only)

1. The lesson's install cell (the one tools/colab.py puts first; the one it would put there, if the lesson
   has none yet) runs in IPython, with MNIST37_INSTALL pointing it at a copy of this checkout instead of
   GitHub: it must run pip once, leave PyTorch as it was, and make mnist37 importable. Then the
   lesson's cells run in order up to its first teaching cell that calls `find_mnist_sample()` (on the
   embedded sample, offline), and the install cell, run again, must do nothing.
2. A learner's newer PyTorch survives the install: in an environment holding only the metadata of a
   newer torch and torchvision than this machine has, `pip install --dry-run --report` of the checkout
   (from PyPI, with this machine's pip cap set aside) must not plan to install either. The same probe of
   a copy whose pyproject.toml pins `torch<=2.14.1` must plan to replace them: that shows it can fail.
Ends with "N passed, M failed". PyTorch comes from this machine's pip configuration (`COLAB_TEST_TORCH`,
default "torch torchvision"); here that is the copy on local disk."""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
NEWER = {'torch': '2.99.0', 'torchvision': '0.99.0'}  # newer than any release this machine has

def sh(*cmd, **kw) -> subprocess.CompletedProcess:
    kw.setdefault('check', True)
    return subprocess.run([str(c) for c in cmd], text=True, **kw)

def quiet(text:str) -> str:
    "`text` without pip's warnings about this machine's unused local index folders"
    text = re.sub(r'\x1b\[[0-9;]*m', '', text)
    return '\n'.join(l for l in text.splitlines() if 'it is neither a file nor a directory' not in l and l.strip()).strip()

def copy_checkout(dest:Path) -> Path:
    "The files of this checkout that git tracks or would track (build outputs and .venv left out), copied to `dest`"
    files = sh('git', '-C', ROOT, 'ls-files', '-z', '--cached', '--others', '--exclude-standard', capture_output=True).stdout
    for f in filter(None, files.split('\0')):
        src = ROOT/f
        if src.is_file(): (dest/f).parent.mkdir(parents=True, exist_ok=True); shutil.copy2(src, dest/f)
    return dest

DRIVER = r'''
import importlib, json, os, re, sys
from IPython.core.interactiveshell import InteractiveShell
nb, lesson, install = json.load(open(sys.argv[1])), sys.argv[2], sys.argv[3]
shell = InteractiveShell.instance()
import subprocess
pip_calls, real_run = [], subprocess.run
def counting(args, *a, **k):
    if list(args[1:3]) == ['-m', 'pip']: pip_calls.append(' '.join(map(str, args[3:])))
    return real_run(args, *a, **k)
subprocess.run = counting
def run(src, what):
    r = shell.run_cell(src)
    if not r.success: raise SystemExit(f"FAIL {what}: {r.error_in_exec or r.error_before_exec!r}")
    return r.result
import torch; before = torch.__version__
assert importlib.util.find_spec('mnist37') is None, "mnist37 is importable before the install cell ran"
run(install, 'the install cell')
assert len(pip_calls) == 1, f"the install cell should run pip once, not {len(pip_calls)} times"
print(f"install cell: ran pip {pip_calls[0]}")
import mnist37
print(f"mnist37 {mnist37.__version__} importable from {os.path.dirname(os.path.dirname(mnist37.__file__))}")
assert torch.__version__ == before, f"the install replaced torch {before} with {torch.__version__}"
code = [''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'code']
for i, src in enumerate(code):
    if 'MNIST37_INSTALL' in src: continue
    out = run(src, f"{lesson}, code cell {i}")
    if 'find_mnist_sample(' in src and not src.startswith(('#|', '#@title')):
        print(f"{lesson}, first teaching cell ({i}): {src.splitlines()[0]!r} -> {out!r}"); break
else: raise SystemExit(f"FAIL {lesson} has no visible cell that calls find_mnist_sample()")
run(install, 'the install cell, again')
assert len(pip_calls) == 1, "the install cell ran pip again although mnist37 was importable"
print(f"install cell again: no pip (torch still {torch.__version__})")
'''

def lesson_in_colab(args, tmp:Path) -> list:
    "Part 1: the install cell and the first teaching cell in a fresh environment"
    from tools import colab
    nbf = ROOT/'nbs'/f'{args.lesson}.ipynb'
    nb = json.loads(nbf.read_text())
    cells = [''.join(c['source']) for c in nb['cells'] if c['cell_type'] == 'code' and colab.MARK in ''.join(c['source'])]
    install = cells[0] if cells else colab.install_source()
    print(f"the install cell {'of ' + nbf.name if cells else 'that tools/colab.py would insert (the lesson has none yet)'}:\n  " + install.replace('\n', '\n  '))
    t = time.time()
    venv = tmp/'colab'
    sh(sys.executable, '-m', 'venv', venv)
    py = venv/'bin'/'python'
    r = sh(py, '-m', 'pip', 'install', '-q', *os.environ.get('COLAB_TEST_TORCH', 'torch torchvision').split(), 'ipython', capture_output=True, check=False)
    if r.returncode: return [f"installing PyTorch and IPython failed: {quiet(r.stdout + r.stderr)[-500:]}"]
    print(f"fresh environment with {sh(py, '-c', 'import torch; print(torch.__version__)', capture_output=True).stdout.strip()} and IPython: {time.time() - t:.0f} s")
    src = copy_checkout(tmp/'checkout')
    env = dict(os.environ, MNIST37_INSTALL=str(src), MNIST37_DATA='embedded', FASTAI_HOME=str(tmp/'fastai_home'))
    t = time.time()
    r = sh(py, '-c', DRIVER, nbf, args.lesson, install, env=env, cwd=tmp, check=False, capture_output=True)
    print(quiet(r.stdout))
    print(f"install and lesson cells: {time.time() - t:.0f} s")
    return [] if r.returncode == 0 else [(quiet(r.stderr).splitlines() or ['failed'])[-1]]

def planned(venv:Path, project:Path, tmp:Path) -> dict:
    "What `pip install --dry-run` of `project` into `venv` would install, name -> version (PyPI only, no pip cap)"
    rep = tmp/'report.json'
    env = dict(os.environ, PIP_CONFIG_FILE=os.devnull)
    sh(venv/'bin'/'python', '-m', 'pip', 'install', '--dry-run', '-q', '--report', rep, project, env=env, capture_output=True)
    return {i['metadata']['name'].lower(): i['metadata']['version'] for i in json.loads(rep.read_text())['install']}

def newer_torch_survives(tmp:Path) -> list:
    "Part 2: the resolver keeps a newer torch and torchvision, and would not keep them under the old pin"
    venv = tmp/'newer'
    sh(sys.executable, '-m', 'venv', venv)
    site = Path(sh(venv/'bin'/'python', '-c', "import sysconfig; print(sysconfig.get_paths()['purelib'])", capture_output=True).stdout.strip())
    for name, v in NEWER.items():  # metadata only: enough for pip's resolver, which never imports them
        d = site/f'{name}-{v}.dist-info'; d.mkdir()
        (d/'METADATA').write_text(f'Metadata-Version: 2.1\nName: {name}\nVersion: {v}\n'); (d/'INSTALLER').write_text('pip\n'); (d/'RECORD').write_text('')
    src = tmp/'checkout' if (tmp/'checkout').exists() else copy_checkout(tmp/'checkout')
    t = time.time()
    plan = planned(venv, src, tmp)
    kept = [n for n in NEWER if n in plan]
    print(f"pip would install {len(plan)} packages into an environment with torch {NEWER['torch']}: "
          f"{'torch and torchvision kept' if not kept else 'it would REPLACE ' + ', '.join(f'{n} with {plan[n]}' for n in kept)} ({time.time() - t:.0f} s)")
    probs = [f"installing mnist37 would replace {n} {NEWER[n]} with {plan[n]}" for n in kept]
    pinned = tmp/'pinned'; shutil.copytree(src, pinned)
    pp = pinned/'pyproject.toml'
    pp.write_text(re.sub(r'"torch[^"]*"', '"torch>=2.6,<=2.14.1"', pp.read_text(), count=1))
    control = planned(venv, pinned, tmp)
    print(f"control, with torch pinned <=2.14.1: pip would install torch {control.get('torch', '(none)')}")
    if 'torch' not in control: probs.append("the probe cannot fail: with torch pinned <=2.14.1 it still plans no new torch")
    return probs

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--lesson', default='01_pixels', help="the lesson whose first cells run (default 01_pixels)")
    p.add_argument('--keep', action='store_true', help="keep the temporary folder (its path is printed)")
    args = p.parse_args()
    t0, passed, failed = time.time(), 0, 0
    tmp = Path(tempfile.mkdtemp(prefix='mnist37-colab-'))
    try:
        for name, test in [('a lesson in a fresh environment, as on Colab', lambda: lesson_in_colab(args, tmp)),
                           ("a learner's newer PyTorch survives the install", lambda: newer_torch_survives(tmp))]:
            print(f"== {name}")
            try: probs = test()
            except subprocess.CalledProcessError as e: probs = [f"{' '.join(map(str, e.cmd))[:200]} exited with {e.returncode}"]
            for pr in probs: print(f"FAIL {pr}")
            if probs: failed += 1
            else: passed += 1; print("ok")
    finally:
        if args.keep: print(f"kept {tmp}")
        else: shutil.rmtree(tmp, ignore_errors=True)
    print(f"colab test took {time.time() - t0:.0f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
