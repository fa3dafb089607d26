#!/usr/bin/env python
"""The lessons as a learner sees them in JupyterLab: every hidden cell folded away, every other cell open.

Usage: python -m tools.jupyterlab_test [--require] [--screenshot FILE] [NOTEBOOK ...]   (default: the chapter, 01-09)

Starts JupyterLab on nbs/ (offline, on a free local port, with a token), opens each notebook in headless
Chromium, and compares what the page shows with the notebook: a cell whose metadata says
`jupyter.source_hidden` must show JupyterLab's folded placeholder (with the cell's `#@title` as its text),
and no other cell may. The notebook is rendered whole (JupyterLab's windowing is switched off), so that
every cell is on the page. `--screenshot` saves the first notebook's page. Ends with "N passed, M failed"."""
import argparse, contextlib, json, os, subprocess, sys, tempfile, time, types, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from tools import chromium

SETTINGS = {  # JupyterLab's settings for the test: every cell rendered, no news pop-up over the page
    '@jupyterlab/notebook-extension/tracker.jupyterlab-settings': {'windowingMode': 'none'},
    '@jupyterlab/apputils-extension/notification.jupyterlab-settings': {'fetchNews': 'false', 'checkForUpdates': False},
}

@contextlib.contextmanager
def jupyterlab(root:Path, log):
    "A JupyterLab server on `root`: yields its base URL and token"
    port, token = chromium.free_port(), os.urandom(8).hex()
    with tempfile.TemporaryDirectory(prefix='mnist37-jl-') as settings:
        for name, value in SETTINGS.items():
            p = Path(settings)/name; p.parent.mkdir(parents=True, exist_ok=True); p.write_text(json.dumps(value))
        env = dict(os.environ, JUPYTERLAB_SETTINGS_DIR=settings, JUPYTER_CONFIG_DIR=settings)
        cmd = [str(Path(sys.executable).parent/'jupyter'), 'lab', '--no-browser', f'--port={port}', f'--ServerApp.token={token}',
               f'--ServerApp.root_dir={root}', '--ServerApp.ip=127.0.0.1', '--allow-root', '--LabApp.news_url=']
        proc = subprocess.Popen(cmd, env=env, stdout=log, stderr=log)
        try:
            base = f'http://127.0.0.1:{port}'
            for _ in range(120):
                if proc.poll() is not None: raise RuntimeError(f"JupyterLab exited with status {proc.returncode}")
                try: urllib.request.urlopen(f'{base}/api?token={token}', timeout=1); break
                except OSError: time.sleep(0.5)
            else: raise RuntimeError("JupyterLab did not start within a minute")
            yield base, token
        finally:
            proc.terminate()
            try: proc.wait(10)
            except subprocess.TimeoutExpired: proc.kill()

PAGE_CELLS = """
return [...document.querySelectorAll('.jp-Notebook .jp-Cell')].map(c => ({
  code: c.classList.contains('jp-CodeCell'),
  folded: !!c.querySelector('.jp-InputPlaceholder'),
  shown: (c.querySelector('.jp-InputPlaceholder') || {}).innerText || ''}));"""

def check_notebook(driver, base:str, token:str, nb:Path) -> list:
    "Problems with how JupyterLab shows `nb` (empty when every hidden cell is folded and no other cell is)"
    cells = json.loads(nb.read_text())['cells']
    want = [bool(c.get('metadata', {}).get('jupyter', {}).get('source_hidden')) for c in cells]
    driver.get(f'{base}/lab/workspaces/{nb.stem}/tree/{nb.name}?reset&token={token}')   # a workspace of its own: only this notebook open
    got, t0 = [], time.time()
    while time.time() - t0 < 60:
        got = driver.execute_script(PAGE_CELLS)
        if len(got) == len(cells) and sum(g['folded'] for g in got) >= sum(want): break
        time.sleep(0.5)
    if len(got) != len(cells): return [f"{nb.name}: JupyterLab shows {len(got)} cells, the notebook has {len(cells)}"]
    probs = []
    for i, (c, w, g) in enumerate(zip(cells, want, got)):
        if w and not g['folded']: probs.append(f"{nb.name} cell {i}: hidden, but JupyterLab shows its code")
        if g['folded'] and not w: probs.append(f"{nb.name} cell {i}: folded in JupyterLab, but not a hidden cell")
        title = ''.join(c['source']).split('\n', 1)[0]
        if w and g['folded'] and title.startswith('#@title') and title[len('#@title'):].strip() not in g['shown']:
            probs.append(f"{nb.name} cell {i}: folded, but its title {title!r} is not what JupyterLab shows ({g['shown'][:60]!r})")
    return probs

def main(argv=None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('notebooks', nargs='*', type=Path)
    p.add_argument('--screenshot', type=Path, help="save the first notebook's page as this PNG")
    chromium.add_args(p, timeout=600)
    a = p.parse_args(argv)
    nbs = [n.resolve() for n in a.notebooks] or sorted((ROOT/'nbs').glob('0[1-9]_*.ipynb'))
    if why := chromium.missing(a):
        print(f"jupyterlab test: {'FAILED' if a.require else 'skipped'}: {why}")
        return 1 if a.require else 0
    passed = failed = 0
    with chromium.deadline(a.timeout, 'the JupyterLab test'), tempfile.TemporaryDirectory(prefix='mnist37-jl-') as tmp, \
         open(Path(tmp)/'lab.log', 'w') as log, jupyterlab(nbs[0].parent, log) as (base, token):
        driver = chromium.chrome(a, Path(tmp)/'profile')
        try:
            driver.set_window_size(1280, 1000)
            for i, nb in enumerate(nbs):
                probs = check_notebook(driver, base, token, nb)
                if i == 0 and a.screenshot:   # start the picture just above the first hidden cell
                    driver.execute_script("document.querySelector('.jp-Notebook .jp-InputPlaceholder')?.closest('.jp-Cell')?.previousElementSibling?.scrollIntoView()")
                    time.sleep(0.5); a.screenshot.parent.mkdir(parents=True, exist_ok=True); driver.save_screenshot(str(a.screenshot))
                for pr in probs: print(f"FAIL {pr}")
                if probs: failed += 1
                else: passed += 1; print(f"ok   {nb.name}: every hidden cell folded, every other cell open")
        finally: driver.quit()
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
