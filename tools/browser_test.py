#!/usr/bin/env python
"""Drive `mnist37 serve` in a real (headless) Chromium: draw a digit, upload files, check the page, save a screenshot.

The page is mnist37/static/serve.html and its files, served as they are; it reads the models' names from
/config.json and posts the drawing or the upload to /predict, which answers JSON (errors too, with a 4xx status),
drawn by render.js. Each error must show as one line; the page's console must stay free of errors.

Usage: .venv/bin/python -m tools.browser_test [--data auto] [--screenshot nbs/images/serve.png] [--require]

Needs Debian's `chromium` and `chromium-driver` and the `selenium` package. Without Chromium it prints why
and exits 0, unless `--require` is given (CI). The server runs in its own process, on a free port, in an
empty temporary working folder that must still be empty when it stops; it is stopped by its pid, and the
whole test is bounded by `--timeout` seconds."""
import argparse, json, os, signal, subprocess, sys, tempfile, time, urllib.request
from pathlib import Path

from tools.chromium import add_args, chrome, deadline, open_page, free_port, missing  # noqa: E402  (what every browser test shares)

def wait_up(url, proc, log, timeout=90):
    "Wait until the server answers `/health`, or fail with its log"
    end = time.time() + timeout
    while time.time() < end:
        if proc.poll() is not None: raise RuntimeError(f"the server exited ({proc.returncode}):\n{Path(log).read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url + 'health', timeout=2) as r:
                if r.read() == b'ok': return
        except OSError: time.sleep(0.3)
    raise RuntimeError(f"the server did not answer within {timeout} s:\n{Path(log).read_text()[-3000:]}")

def stroke(driver, el, points, steps=6):
    "Draw a polyline on `el` with the mouse: press at the first point, move through the others, release"
    from selenium.webdriver.common.action_chains import ActionChains
    a = ActionChains(driver, duration=10)
    a.move_to_element_with_offset(el, *points[0]).click_and_hold()
    for (x0, y0), (x1, y1) in zip(points, points[1:]):
        for i in range(1, steps + 1): a.move_to_element_with_offset(el, round(x0 + (x1 - x0)*i/steps), round(y0 + (y1 - y0)*i/steps))
    a.release().perform()

def answer(driver, timeout=30):
    "Wait for the page's answer: `(rows, error)` where rows maps approach -> predicted label"
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    def done(d):
        rows = d.find_elements(By.CSS_SELECTOR, '#result tr[data-approach]')
        errs = d.find_elements(By.CSS_SELECTOR, '#result .error')
        return (rows or errs) and ({r.get_attribute('data-approach'): r.get_attribute('data-label') for r in rows}, errs[0].text if errs else None)
    return WebDriverWait(driver, timeout).until(done)

def reset(driver):
    driver.execute_script("document.getElementById('result').innerHTML = ''")

def run(args, tmp:Path):
    from PIL import Image
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    from mnist37.sources import find_mnist_sample
    from mnist37.datasets import image_files
    from mnist37.serve import FAST
    expected = list(FAST)   # what `mnist37 serve` trains when given no model file
    port, work = free_port(), tmp/'cwd'; work.mkdir()
    url, log = f'http://127.0.0.1:{port}/', tmp/'server.log'
    env = dict(os.environ, MNIST37_THREADS=os.environ.get('MNIST37_THREADS', '1'))
    t0 = time.time()
    with open(log, 'w') as lf:
        # `mnist37 serve`, run as `python -m mnist37` so that it works wherever mnist37 is importable
        server = subprocess.Popen([sys.executable, '-m', 'mnist37', 'serve', '--port', str(port), '--data', args.data],
                                  cwd=work, stdout=lf, stderr=subprocess.STDOUT, env=env)
    driver = None
    try:
        wait_up(url, server, log)
        print(f"server up on port {port} (pid {server.pid}) after {time.time() - t0:.1f} s")
        driver = chrome(args, tmp/'profile', console=True)
        open_page(driver, url)
        assert 'draw a digit' in driver.title, driver.title
        pad = driver.find_element(By.ID, 'pad')
        with urllib.request.urlopen(url + 'config.json', timeout=10) as r: config = json.load(r)
        assert [m['name'] for m in config['models']] == expected, config
        WebDriverWait(driver, 30).until(lambda d: d.find_element(By.ID, 'models').text != 'loading…')
        shown = driver.find_element(By.ID, 'models').text
        assert shown == ', '.join(expected), f"the page lists the models as {shown!r}"

        # an empty canvas: a message, not a prediction
        driver.find_element(By.ID, 'classify').click()
        rows, err = answer(driver)
        assert err and 'The picture is empty' in err, (rows, err)
        print("empty canvas:", err)

        # not an image
        txt = tmp/'notes.txt'; txt.write_text('this is not a picture\n')
        reset(driver); driver.find_element(By.ID, 'file').send_keys(str(txt))
        rows, err = answer(driver)
        assert err and 'not an image' in err, (rows, err)
        print("text file:", err)

        # a small file that would decode into too many pixels: refused by the server from its header, in one line
        bomb = tmp/'bomb.png'; Image.new('1', (6000, 6000)).save(bomb)
        reset(driver); driver.find_element(By.ID, 'file').send_keys(str(bomb))
        rows, err = answer(driver)
        lines = driver.execute_script("return [...document.querySelectorAll('#result .error')].map(e => e.innerText)")
        assert err and '6000×6000 pixels: more than the 25,000,000 we accept' in err and len(lines) == 1 and '\n' not in lines[0], (rows, lines)
        print("6000×6000 PNG:", err)

        # a real MNIST image from the data the server trained on
        src = find_mnist_sample(args.data)[0]
        png = image_files(Path(src)/'valid'/'3')[0]
        reset(driver); driver.find_element(By.ID, 'file').send_keys(str(png))
        rows, err = answer(driver)
        assert err is None and sorted(rows) == sorted(expected), (rows, err)
        right = [k for k, v in rows.items() if v == '3']
        print(f"upload {png.name} (a 3):", rows)
        assert len(right) >= 3, f"most approaches should read this 3: {rows}"

        # draw a 7 with the mouse (offsets from the canvas centre), then classify
        driver.find_element(By.ID, 'clear').click()
        stroke(driver, pad, [(-75, -85), (-20, -88), (40, -88), (80, -90), (55, -40), (25, 15), (0, 65), (-15, 105)])
        stroke(driver, pad, [(-20, 8), (55, 8)])  # the continental cross bar, as many write it
        drawn = driver.execute_script("""const c = document.getElementById('pad'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
            let n = 0; for (let i = 0; i < d.length; i += 4) if (d[i] < 128) n++; return n;""")
        assert drawn > 2000, f"the mouse strokes drew only {drawn} dark pixels"
        reset(driver); driver.find_element(By.ID, 'classify').click()
        rows, err = answer(driver)
        assert err is None and sorted(rows) == sorted(expected), (rows, err)
        print("drawn 7:", rows)
        assert sum(v == '7' for v in rows.values()) >= 3, f"most approaches should read the drawn 7: {rows}"
        assert driver.find_elements(By.CSS_SELECTOR, '#result img[alt="input"]') and 'preprocessed from 280×280' in driver.find_element(By.ID, 'result').text
        assert len(driver.find_elements(By.CSS_SELECTOR, '#result .mean img')) == 2, "pixel similarity: one mean image per class"
        assert driver.find_elements(By.CSS_SELECTOR, '#result img[alt="weights × input"]'), "the linear model's heat map"
        broken = driver.execute_script("return [...document.images].filter(i => !i.complete || !i.naturalWidth).length")
        assert broken == 0, f"{broken} images did not load"

        if args.screenshot:
            h = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride',
                                   dict(width=1180, height=min(max(h, 600), 1400), deviceScaleFactor=1, mobile=False))
            out = Path(args.screenshot); out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(out)); print(f"screenshot: {out}")
        # (the browser logs each 4xx answer of /predict, which the page asked for, as an error: those are not the page's)
        logs = [l['message'] for l in driver.get_log('browser') if l.get('level') == 'SEVERE' and not
                (l['message'].startswith(url + 'predict - Failed to load resource') and 'status of 4' in l['message'])]
        assert not logs, f"JavaScript errors on the page: {logs[:3]}"
        assert server.poll() is None, "the server stopped"
    finally:
        if driver is not None: driver.quit()
        if server.poll() is None:
            os.kill(server.pid, signal.SIGTERM)
            try: server.wait(15)
            except subprocess.TimeoutExpired: os.kill(server.pid, signal.SIGKILL); server.wait()
    left = list(work.iterdir())
    assert not left, f"the server wrote into its working folder: {left}"
    print(f"browser test passed in {time.time() - t0:.1f} s")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', default='auto', help="the data the server trains on (default: auto)")
    p.add_argument('--screenshot', default='nbs/images/serve.png', help="where to save the screenshot ('' for none)")
    add_args(p, timeout=180)
    args = p.parse_args()
    if why := missing(args):
        print(f"browser test skipped: {why}"); return 1 if args.require else 0
    try:
        with deadline(args.timeout, 'the browser test'), tempfile.TemporaryDirectory(prefix='mnist37-browser-') as tmp: run(args, Path(tmp))
    except Exception as e:
        print(f"browser test FAILED: {type(e).__name__}: {e}", file=sys.stderr); return 1
    return 0

if __name__ == '__main__': sys.exit(main())
