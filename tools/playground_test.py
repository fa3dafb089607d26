#!/usr/bin/env python
"""Check in headless Chromium that the playground (lesson 18) trains as Python does, and that its page works for a learner.

Usage: .venv/bin/python -m tools.playground_test [--data auto] [--page FOLDER] [--screenshot-dir docs/images] [--bench] [--require]

Writes the page (`write_playground_page`: index.html, its style and scripts from mnist37/static/, playground.json and
playground.bin) into a temporary folder, or takes the one given with `--page`, serves it from 127.0.0.1 and drives
Chromium through it with Selenium. Python's side is `reference_train` and lesson 04's `apply_step`, on the data read
back from the page's own files (`read_playground_data`), with the shipped start and batch order:
- both models (05's linear model, 07's small net) trained by the page's maths (`Playground.train`) and through the
  page itself (Start, at full speed): every weight within 1e-4 of Python's after one epoch, the validation accuracy
  within 0.005 after 20 epochs;
- the roller coaster at four learning rates: the losses within a relative 1e-5 while finite, and Infinity, then NaN,
  at the same steps as PyTorch's float32;
- what the learner sees: NaN and Infinity written as such (in words, in the table, and drawn on the chart), the
  diagnosis of a rate too large (diverging, jumping, stalling) and too small (crawling), accuracy as the loss leaving
  the weights where they are, one step lighting predict, loss, gradient and step in turn, a reset that always works
  (while running, during one step, after diverging), every control reached with the Tab key and working from the
  keyboard, URL parameters that set up a case, and no error in the console.
It also measures training steps a second (batch 256, the linear model, at full speed, in the page and in its maths
alone; the small net for comparison), three times each, and prints them with the load: a benchmark, never a pass
or fail. `--bench` writes them to bench/playground.md and .json; `--screenshot-dir` saves the two screenshots of a
learning rate too large and too small. Each failure is one line; the last line is `N passed, M failed`. Needs
Debian's `chromium` and `chromium-driver` and `selenium`: without them it says so and exits 0, unless `--require`."""
import argparse, json, math, os, statistics, sys, tempfile, time
from pathlib import Path
ROOT = Path(__file__).resolve().parent.parent
from tools.chromium import add_args, chrome, deadline, open_page, missing, serve_folder
from tools.web_test import Checks

MAX_WEIGHT_DIFF = 1e-4  # after one epoch, the largest |Δ| of any parameter between the page and Python
MAX_ACC_DIFF = 0.005    # after 20 epochs, the difference of the validation accuracies
MAX_COASTER_REL = 1e-5  # the roller coaster's losses, relative, while they are finite (both are float32)
CONTROLS = ('model', 'lr', 'bs', 'loss', 'seed', 'stop', 'speed', 'start', 'pause', 'one', 'reset', 'change')
ROUNDS, SECONDS = 3, 3  # rounds of the steps-a-second measurement, and seconds each

def largest_diff(js:list, py:list) -> float:
    "The largest |Δ| between the page's parameters (lists) and Python's (tensors), NaN if their shapes differ"
    if len(js) != len(py) or any(len(a) != b.numel() for a, b in zip(js, py)): return math.nan
    return max(max(abs(a - b) for a, b in zip(x, y.flatten().tolist())) for x, y in zip(js, py))

def wait_for(driver, js:str, seconds:float=60, what:str=''):
    "Poll `js` (an expression) in the page until it is truthy; its value, or an error naming `what`"
    t = time.time()
    while time.time() - t < seconds:
        v = driver.execute_script(f"try {{ return {js}; }} catch (e) {{ return null; }}")
        if v: return v
        time.sleep(0.05)
    raise TimeoutError(f"{what or js} did not happen within {seconds} s")

def open_case(driver, url:str, query:str=''):
    "Load the page with `query` and wait until its data is read"
    open_page(driver, url + query)
    wait_for(driver, "window.playground && true", 30, 'the page script')
    err = driver.execute_script("return playground.ready.then(() => null, e => e.message)")
    if err: raise RuntimeError(f"the page could not start: {err}")

def run_case(driver, url:str, query:str, seconds:float=120) -> dict:
    "Load a case that starts by itself (`run=1`), wait until it stops, and return what the page shows"
    open_case(driver, url, query)
    wait_for(driver, "!playground.running && playground.run.steps > 0", seconds, f'training to stop for {query}')
    return shown(driver)

SHOWN = """const r = playground.run, d = playground.diagnose();
return {kind: d.kind, message: document.getElementById('message').innerText, history: r.history.map(e => [e.train_loss, e.valid_loss ?? null, e.valid_acc ?? null].map(String)),
        table: document.getElementById('history').innerText, steps: r.steps, epoch: r.epoch, moved: Playground.moved(r), lit: playground.lit(),
        weights: Playground.weights(r), lr: playground.lr, model: document.getElementById('model').value, running: playground.running};"""
def shown(driver) -> dict: return driver.execute_script(SHOWN)

def canvas_ink(driver, cid:str='chart') -> dict:
    "How many pixels of a canvas are not white, and how many are red (the NaN and ∞ marks)"
    return driver.execute_script("""const c = document.getElementById(arguments[0]), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let ink = 0, red = 0; for (let i = 0; i < d.length; i += 4) { if (d[i] + d[i+1] + d[i+2] < 740) ink++; if (d[i] > 150 && d[i+1] < 60 && d[i+2] < 60) red++; }
        return {ink, red};""", cid)

def tab_order(driver, n:int=40) -> list:
    "The ids of the elements the Tab key reaches, from the top of the page"
    from selenium.webdriver.common.action_chains import ActionChains
    from selenium.webdriver.common.keys import Keys
    driver.execute_script("document.activeElement && document.activeElement.blur(); window.scrollTo(0, 0);")
    seen = []
    for _ in range(n):
        ActionChains(driver).send_keys(Keys.TAB).perform()
        seen.append(driver.execute_script("return document.activeElement && document.activeElement.id"))
    return seen

def steps_per_second(driver, url:str, model:str='linear') -> tuple:
    "Training steps a second at batch 256: `(through the page at full speed, its maths alone)`"
    open_case(driver, url, f'?model={model}&bs=256&speed=max&stop=100000&run=1')
    time.sleep(1)                                                     # warm up (the JIT, the first epochs)
    s0, t0 = driver.execute_script("return [playground.run.steps, performance.now()]")
    time.sleep(SECONDS)
    s1, t1 = driver.execute_script("return [playground.run.steps, performance.now()]")
    driver.find_element('id', 'pause').click()
    maths = driver.execute_script("""const d = playground.data, r = Playground.newRun(d, arguments[0]), o = {lr: d.manifest.lr[arguments[0]], bs: 256, loss: 'mnist'};
        for (let i = 0; i < 20; i++) Playground.step(r, d, o);
        const t = performance.now(); let n = 0; while (performance.now() - t < arguments[1]*1000) { Playground.step(r, d, o); n++; }
        return n/(performance.now() - t)*1000;""", model, SECONDS)
    return (s1 - s0)/(t1 - t0)*1000, maths

def run(args, tmp:Path, check:Checks) -> dict:
    import torch
    from selenium.webdriver.common.by import By
    from selenium.webdriver.common.keys import Keys
    from mnist37.core import setup_threads
    from mnist37.playground import write_playground_page, read_playground_data, reference_train, coaster, coaster_losses
    setup_threads(1)
    t0 = time.time()
    if args.page: site = Path(args.page)
    else: site = write_playground_page(tmp/'site', data=args.data)[0].parent; print(f"page written in {time.time() - t0:.1f} s")
    pg = read_playground_data(site)
    sub, orders, m = pg['subset'], pg['orders'], pg['manifest']
    print(f"data: {m['data']['n_train']} training and {m['data']['n_valid']} validation images ({m['data']['source']}), {len(orders)} epochs of batch order")
    check(all(torch.equal(a, b) for a, b in zip(pg['coaster'], coaster(m['seed']))), 'the shipped roller coaster is lesson 04\'s', 'its times, speeds or start differ from coaster()')
    py = {}
    for model in ('linear', 'net'):
        p1, _ = reference_train(sub, model, epochs=1, orders=orders, params=pg['start'][model])
        p20, h20 = reference_train(sub, model, epochs=20, orders=orders, params=pg['start'][model])
        py[model] = dict(p1=p1, h20=h20)
    rates = (1e-7, 1e-5, 1e-4, 1e-3)
    py_coaster = {lr: coaster_losses(lr, 60, m['seed'])[0] for lr in rates}
    print(f"Python's side in {time.time() - t0:.1f} s")
    server, url = serve_folder(site)
    driver, figures = None, {}
    try:
        driver = chrome(args, tmp/'profile', console=True, script_timeout=120)
        open_case(driver, url)
        check('watch it learn' in driver.title, 'title', driver.title)

        # 1. the maths, called directly, against Python
        for model in ('linear', 'net'):
            r1 = driver.execute_script("return Playground.train(playground.data, {model: arguments[0], epochs: 1})", model)
            d = largest_diff(r1['params'], py[model]['p1'])
            check(d <= MAX_WEIGHT_DIFF, f'{model}: weights after one epoch (Playground.train)', f"largest |Δ| {d:.3g} > {MAX_WEIGHT_DIFF:g}")
            r20 = driver.execute_script("return Playground.train(playground.data, {model: arguments[0], epochs: 20})", model)
            a, b = r20['history'][20]['valid_acc'], py[model]['h20'][20]['valid_acc']
            check(abs(a - b) <= MAX_ACC_DIFF, f'{model}: validation accuracy after 20 epochs (Playground.train)', f"page {a:.4f}, Python {b:.4f}")
            worst = max(abs(e[k] - q[k]) for e, q in zip(r20['history'], py[model]['h20']) for k in ('train_loss', 'valid_loss', 'valid_acc'))
            figures[model] = dict(weight_diff_epoch1=d, acc_page=a, acc_python=b, acc_diff=abs(a - b), history_diff=worst)
            print(f"{model}: largest |Δ| of the weights after one epoch {d:.2e}; accuracy after 20 epochs {a:.4f} (page) vs {b:.4f} (Python); "
                  f"largest |Δ| of any epoch's losses or accuracy {worst:.1e}")

        # 2. the same through the page itself: Start at full speed, stop after one epoch, then on to 20
        for model in ('linear', 'net'):
            s = run_case(driver, url, f'?model={model}&speed=max&stop=1&run=1')
            d = largest_diff(s['weights'], py[model]['p1'])
            check(s['epoch'] == 1 and d <= MAX_WEIGHT_DIFF, f'{model}: weights after one epoch (the page, Start)', f"epoch {s['epoch']}, largest |Δ| {d:.3g}")
            driver.execute_script("document.getElementById('stop').value = 20"); driver.find_element(By.ID, 'start').click()
            wait_for(driver, "!playground.running && playground.run.epoch >= 20", 120, f'{model} to train 20 epochs')
            s = shown(driver)
            a, b = float(s['history'][20][2]), py[model]['h20'][20]['valid_acc']
            check(abs(a - b) <= MAX_ACC_DIFF and s['lit'] == 'stop', f'{model}: validation accuracy after 20 epochs (the page, Start)', f"page {a:.4f}, Python {b:.4f}, lit {s['lit']}")

        # 3. the roller coaster, in float32 on both sides: the same losses, and the same overflow
        for lr in rates:
            js = [float(v) for v in driver.execute_script("return Playground.train(playground.data, {model: 'coaster', lr: arguments[0], steps: 60}).history.map(e => String(e.train_loss))", lr)[:60]]
            pl = py_coaster[lr]
            rel = max((abs(a - b)/abs(b) for a, b in zip(js, pl) if math.isfinite(a) and math.isfinite(b)), default=0)
            kinds = lambda ls: [('nan' if math.isnan(v) else 'inf' if math.isinf(v) else 'finite') for v in ls]
            check(kinds(js) == kinds(pl) and rel <= MAX_COASTER_REL, f'roller coaster at lr {lr:g}',
                  f"relative |Δ| {rel:.2g}; the page goes {sorted(set(kinds(js)))} (first non-finite at {next((i for i, k in enumerate(kinds(js)) if k != 'finite'), None)}), "
                  f"Python {sorted(set(kinds(pl)))} (at {next((i for i, k in enumerate(kinds(pl)) if k != 'finite'), None)})")
            figures[f'coaster_{lr:g}'] = dict(rel_diff=rel, first_inf=next((i for i, v in enumerate(pl) if math.isinf(v)), None), first_nan=next((i for i, v in enumerate(pl) if math.isnan(v)), None))

        # 4. what the learner sees: NaN and Infinity as such, and the diagnosis of each case
        s = run_case(driver, url, '?model=coaster&lr=1e-3&stop=40&speed=max&run=1')
        ink = canvas_ink(driver)
        check(s['kind'] == 'diverged' and 'Infinity' in s['message'] and 'NaN' in s['message'], 'diverged: the message says Infinity and NaN', s['message'][:200])
        check('NaN' in s['table'] and 'Infinity' in s['table'], 'diverged: the table writes NaN and Infinity', s['table'][-200:])
        check(ink['ink'] > 2000 and ink['red'] > 50, 'diverged: the chart is drawn, its NaN and ∞ marks in red', f"{ink}")
        check('nothing to draw' in driver.find_element(By.ID, 'weights').text, 'diverged: the plot of the predictions says why it is empty', driver.find_element(By.ID, 'weights').text[:200])
        cases = [('?model=coaster&lr=1e-4&stop=20&speed=max&run=1', 'growing'), ('?model=coaster&lr=1e-7&stop=40&speed=max&run=1', 'crawling'),
                 ('?model=linear&lr=0.001&stop=5&speed=max&run=1', 'crawling'), ('?model=linear&lr=100&stop=20&speed=max&run=1', 'jumping'),
                 ('?model=net&lr=100&stop=4&speed=max&run=1', 'stalled'), ('?model=linear&stop=20&speed=max&run=1', 'learning'),
                 ('?model=coaster&stop=20&speed=max&run=1', 'learning'), ('?model=net&stop=3&speed=max&run=1', 'learning')]
        for q, kind in cases:
            s = run_case(driver, url, q)
            check(s['kind'] == kind, f'diagnosis of {q}', f"expected {kind}, the page says {s['kind']}: {s['message'][:160]}")
        s = run_case(driver, url, '?model=linear&loss=accuracy&stop=2&speed=max&run=1')
        check(s['kind'] == 'frozen' and s['moved'] == 0 and s['steps'] > 0, 'accuracy as the loss: the weights do not move', f"{s['kind']}, moved {s['moved']} in {s['steps']} steps")

        # 5. URL parameters set up a case, and do not start it without run=1
        open_case(driver, url, '?model=coaster&lr=1e-4&seed=42')
        s = shown(driver)
        check(s['model'] == 'coaster' and abs(s['lr'] - 1e-4) < 1e-12 and s['steps'] == 0 and not s['running'], 'URL parameters set up a case', f"{s['model']}, lr {s['lr']}, {s['steps']} steps")
        open_case(driver, url, '?model=nonsense&lr=abc&bs=7')
        s = shown(driver)
        check(s['model'] == 'linear' and s['lr'] == 1, 'nonsense in the URL is ignored', f"{s['model']}, lr {s['lr']}")

        # 6. one step: predict, loss, gradient and step lit in turn; a reset that always works
        open_case(driver, url, '?model=linear')
        driver.find_element(By.ID, 'one').click()
        lits, t = [], time.time()
        while time.time() - t < 5:   # what is lit, each change of it, until the step is done
            v, n = driver.execute_script("return [playground.lit(), playground.run.steps]")
            if v != 'init' and (not lits or lits[-1] != v): lits.append(v)
            if n == 1 and v == 'step': break
            time.sleep(0.03)
        check(lits == ['predict', 'loss', 'gradient', 'step'], 'one step lights its four phases in turn', f"lit: {lits}")
        start = driver.execute_script("return Playground.startParams(playground.data, 'linear', 42).map(p => Array.from(p))")
        def reset_ok(what):
            driver.find_element(By.ID, 'reset').click(); time.sleep(0.5)
            s = shown(driver)
            d = largest_diff(s['weights'], [torch.tensor(p) for p in start]) if s['model'] == 'linear' else 0
            check(s['steps'] == 0 and len(s['history']) == 1 and not s['running'] and s['lit'] == 'init' and s['kind'] == 'start' and d == 0,
                  f'reset {what}', f"{s['steps']} steps, {len(s['history'])} epochs, running {s['running']}, lit {s['lit']}, {s['kind']}, weights off by {d}")
        reset_ok('after one step')
        driver.find_element(By.ID, 'one').click(); time.sleep(0.1); reset_ok('in the middle of one step')
        driver.find_element(By.ID, 'start').click(); time.sleep(0.5); reset_ok('while training')
        run_case(driver, url, '?model=coaster&lr=1e-2&stop=30&speed=max&run=1'); reset_ok('after diverging to NaN')
        check(canvas_ink(driver)['ink'] > 500, 'the chart after a reset', 'it is blank')

        # 7. the keyboard reaches every control, and works them
        open_case(driver, url, '?model=net')
        seen = tab_order(driver)
        check(set(CONTROLS) <= set(seen), 'the Tab key reaches every control', f"never reached: {sorted(set(CONTROLS) - set(seen))}")
        lr0 = driver.execute_script("return playground.lr")
        driver.find_element(By.ID, 'lr').send_keys(Keys.ARROW_RIGHT, Keys.ARROW_RIGHT, Keys.ARROW_RIGHT)
        lr1 = driver.execute_script("return playground.lr")
        check(abs(lr1/lr0 - 10**0.3) < 1e-6, 'the arrow keys move the learning rate', f"{lr0} -> {lr1}")
        driver.find_element(By.ID, 'one').send_keys(Keys.ENTER)
        wait_for(driver, "playground.run.steps === 1 && playground.lit() === 'step'", 10, 'one step from the Enter key')
        driver.find_element(By.ID, 'start').send_keys(Keys.SPACE)
        wait_for(driver, "playground.run.steps > 3", 10, 'training from the Space key')
        driver.find_element(By.ID, 'pause').send_keys(Keys.ENTER)
        n = driver.execute_script("return playground.run.steps"); time.sleep(0.5)
        check(driver.execute_script("return playground.run.steps") == n and not driver.execute_script("return playground.running"), 'Pause from the keyboard', 'it kept training')
        labels = driver.execute_script("return [...document.querySelectorAll('select, input')].filter(e => !e.labels || !e.labels.length).map(e => e.id)")
        check(not labels, 'every control has a label', f"unlabelled: {labels}")

        # 8. the screenshots: a learning rate too large (the roller coaster diverging) and too small (crawling)
        if args.screenshot_dir:
            out = Path(args.screenshot_dir); out.mkdir(parents=True, exist_ok=True)
            for name, q in (('playground-lr-too-large.png', '?model=coaster&lr=1e-4&stop=60&speed=max&run=1'),
                            ('playground-lr-too-small.png', '?model=linear&lr=0.001&stop=20&speed=max&run=1')):
                run_case(driver, url, q)
                h = driver.execute_script("return document.documentElement.scrollHeight")
                driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', dict(width=1180, height=min(max(h, 700), 1400), deviceScaleFactor=1, mobile=False))
                time.sleep(0.3); driver.save_screenshot(str(out/name)); print(f"screenshot: {out/name}")
                driver.execute_cdp_cmd('Emulation.clearDeviceMetricsOverride', {})

        logs = [l for l in driver.get_log('browser') if l.get('level') == 'SEVERE']
        check(not logs, 'no JavaScript errors', '; '.join(l['message'] for l in logs)[:300])

        # 9. steps a second: a benchmark, printed, never a pass or fail
        load0 = os.getloadavg()[0]
        speeds = {k: [steps_per_second(driver, url, k) for _ in range(ROUNDS)] for k in ('linear', 'net')}
        bench = dict(load_before=load0, load_after=os.getloadavg()[0], batch_size=256, seconds=SECONDS,
                     **{k: dict(page=[round(a, 1) for a, _ in v], maths=[round(b, 1) for _, b in v]) for k, v in speeds.items()})
        for k, v in speeds.items():
            print(f"{k}, batch 256: {statistics.median(a for a, _ in v):.0f} steps/s through the page at full speed, "
                  f"{statistics.median(b for _, b in v):.0f} in its maths alone (medians of {ROUNDS}: {bench[k]['page']} and {bench[k]['maths']})")
        print(f"load average {load0:.2f} before, {bench['load_after']:.2f} after")
        logs = [l for l in driver.get_log('browser') if l.get('level') == 'SEVERE']
        check(not logs, 'no JavaScript errors while measuring', '; '.join(l['message'] for l in logs)[:300])
    finally:
        if driver is not None: driver.quit()
        server.shutdown(); server.server_close()
    print(f"playground test took {time.time() - t0:.1f} s")
    return dict(figures=figures, bench=bench, data=m['data'])

def write_bench(res:dict, folder:Path):
    "bench/playground.md and .json: the steps a second, with the machine they were measured on"
    from bench.machine import machine, describe
    mach, b = machine(), res['bench']
    med = lambda xs: statistics.median(xs)
    (folder/'playground.json').write_text(json.dumps(dict(machine=mach, **b, data=res['data'], matches=res['figures']), indent=1) + '\n')
    rows = '\n'.join(f"| {k} | {med(b[k]['page']):.0f} | {med(b[k]['maths']):.0f} | {', '.join(map(str, b[k]['page']))} | {', '.join(map(str, b[k]['maths']))} |" for k in ('linear', 'net'))
    f = res['figures']
    (folder/'playground.md').write_text(f"""# The playground's training steps a second

{describe(mach)}; headless Chromium (`tools/playground_test.py --bench`), load average {b['load_before']:.2f} before and {b['load_after']:.2f} after.
{res['data']['n_train']} training images ({res['data']['source']} data), batches of {b['batch_size']}; each figure counts the steps of {b['seconds']} s, after one second of warming up.
*page*: the page itself training at full speed (its chart, weights and digits redrawn as it goes); *maths*: `Playground.step` alone in the same page.
A benchmark, not a test: the page must manage 30 steps a second with the linear model to be worth watching.

| model | page, steps/s (median) | maths, steps/s (median) | page, each round | maths, each round |
|---|---|---|---|---|
{rows}

The same run compared the page with Python: after one epoch the largest difference of a weight was {f['linear']['weight_diff_epoch1']:.1e} (linear)
and {f['net']['weight_diff_epoch1']:.1e} (small net); after 20 epochs the validation accuracies differed by {f['linear']['acc_diff']:.4f} and {f['net']['acc_diff']:.4f}.
""")
    print(f"wrote {folder/'playground.md'} and {folder/'playground.json'}")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', default='auto', help="the data the page ships (default: auto)")
    p.add_argument('--page', default='', help="a folder already written by write_playground_page (default: write one)")
    p.add_argument('--screenshot-dir', default='', help="where to save playground-lr-too-large.png and playground-lr-too-small.png ('' for none)")
    p.add_argument('--bench', action='store_true', help="write the steps a second to bench/playground.md and .json")
    add_args(p, timeout=600)
    args = p.parse_args()
    if why := missing(args):
        print(f"playground test skipped: {why}"); return 1 if args.require else 0
    check, res = Checks(), None
    try:
        with deadline(args.timeout, 'the playground test'), tempfile.TemporaryDirectory(prefix='mnist37-playground-') as tmp: res = run(args, Path(tmp), check)
    except Exception as e:
        check(False, 'playground test', f"{type(e).__name__}: {e}")
    if args.bench and res and not check.failed:
        write_bench(res, ROOT/'bench')
    print(f"{check.passed} passed, {len(check.failed)} failed")
    return 1 if check.failed else 0

if __name__ == '__main__': sys.exit(main())
