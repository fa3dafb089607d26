#!/usr/bin/env python
"""Check in headless Chromium that the static page of `mnist37.web` answers like Python: the same 28×28 input and the same classes.

Usage: .venv/bin/python -m tools.web_test [--data auto] [--page FOLDER] [--screenshot nbs/images/web.png] [--require]

Writes the page (`write_web_page`: index.html, its scripts and style from mnist37/static/, config.json, models.json)
into a temporary folder, or takes the one given with `--page`, serves it with Python's `http.server` on a free port
of 127.0.0.1, and drives Chromium through it with Selenium: at least 30 pictures (real MNIST images, photo-like
ones, and two shapes whose centre of mass falls between two pixels) go through the page's `mnist37.check` and are
compared with Python's `to_mnist` and `predict_probs` (the 28×28 inputs within 2/255 on average and at every pixel,
the same classes, probabilities within 0.001); the page's `imageSize` reads small and huge pictures of the five
formats it accepts as PIL does; then the real page is used (an empty canvas, a drawn 7, uploads: an MNIST file,
a text file, and small files whose headers announce too many pixels, which must be refused by name without being
decoded, with every decoded bitmap closed; the page without its models.json) and a screenshot is saved. Each failure is one line naming its picture; the last line is `N passed, M failed`. Needs Debian's
`chromium` and `chromium-driver` and the `selenium` package: without them it says so and exits 0, unless
`--require` is given (CI). The whole test is bounded by `--timeout` seconds."""
import argparse, base64, io, json, shutil, struct, sys, tempfile, time, zlib
from pathlib import Path
from tools.browser_test import stroke, answer, reset
from tools.chromium import add_args, chrome, deadline, open_page, missing, serve_folder

MAX_INPUT_DIFF = 2/255  # the largest mean absolute difference allowed between the browser's 28×28 input and Python's...
MAX_PIXEL_DIFF = 2/255  # ...and the largest difference of any one pixel (a different filter or a shifted digit exceeds it)
MAX_PROB_DIFF = 1e-3    # the largest difference of a probability (float32 sums in another order differ by about 1e-7)

def photo_like(img, size, digit_px, at, paper=0.85, ink=0.7, noise=0.03, seed=0):
    "A 28×28 MNIST digit as a grey photo of ink on paper: dark on light, `digit_px` big at `at` in a `size` picture, noisy"
    import numpy as np
    from PIL import Image
    big = Image.fromarray((img.numpy()*255).astype(np.uint8)).resize((digit_px, digit_px), Image.Resampling.BICUBIC)
    canvas = np.zeros(size[::-1], np.float32)
    canvas[at[1]:at[1] + digit_px, at[0]:at[0] + digit_px] = np.asarray(big)/255
    p = paper - ink*canvas + np.random.default_rng(seed).normal(0, noise, canvas.shape)
    return Image.fromarray((p.clip(0, 1)*255).astype(np.uint8))

def pictures(ds, n_mnist=20, n_photos=20, seed=0) -> list:
    "`(name, PIL image)` pairs: MNIST validation images of each class, and photo-like pictures of other validation digits"
    import numpy as np, torch
    from PIL import Image
    out, per = [], n_mnist//len(ds.classes)
    for c, name in enumerate(ds.classes):
        for i in torch.nonzero(ds.valid_y == c).flatten()[:per].tolist():
            out.append((f'mnist-{name}-{i}', Image.fromarray((ds.valid_x[i].numpy()*255).round().astype(np.uint8))))
    rng = np.random.default_rng(seed)
    for j, i in enumerate(torch.randperm(len(ds.valid_x), generator=torch.Generator().manual_seed(seed))[:n_photos].tolist()):
        w, h = int(rng.integers(48, 360)), int(rng.integers(48, 360))
        d = int(rng.integers(min(w, h)//3, min(w, h) + 1))
        im = photo_like(ds.valid_x[i], (w, h), d, (int(rng.integers(0, w - d + 1)), int(rng.integers(0, h - d + 1))),
                        paper=rng.uniform(0.6, 1), ink=rng.uniform(0.4, 0.9), noise=rng.uniform(0, 0.06), seed=i)
        kind = 'grey'
        if j % 5 == 3:   # blue ink on yellowish paper
            g = np.asarray(im, np.float64)[..., None]/255
            im, kind = Image.fromarray((g*np.array([255, 245, 205]) + (1 - g)*np.array([20, 40, 150])).round().astype(np.uint8)), 'colour'
        elif j % 5 == 4:   # the ink as opacity: black on a (mostly) transparent background
            a = 255 - np.asarray(im)
            im, kind = Image.fromarray(np.dstack([np.zeros_like(a)]*3 + [a]), 'RGBA'), 'transparent'
        out.append((f'photo-{j:02d}-{kind}-{w}x{h}-digit{i}', im))
    # Shapes whose centre of mass falls exactly between two pixels, where Python's round (half to even) and
    # JavaScript's Math.round (half up) place the digit a pixel apart: a straight 1, and a square
    for name, (h, w, top, left, bh, bw) in {'tie-a-straight-1': (120, 100, 20, 44, 80, 12), 'tie-a-square': (100, 100, 30, 30, 40, 40)}.items():
        a = np.full((h, w), 235, np.uint8); a[top:top + bh, left:left + bw] = 30
        out.append((name, Image.fromarray(a)))
    return out

def rgba_b64(im) -> str: return base64.b64encode(im.convert('RGBA').tobytes()).decode()

def encoded(im, fmt, **kw) -> bytes:
    "`im` written as a `fmt` file"
    buf = io.BytesIO(); im.save(buf, fmt, **kw); return buf.getvalue()

def headers() -> list:
    "`(name, bytes, (format, width, height))`: small and huge pictures in each format the page reads, with what PIL says of them"
    from PIL import Image
    out = []
    for w, h in ((37, 23), (6000, 5000)):
        for fmt, mode, kw in [('PNG', 'L', {}), ('JPEG', 'L', {}), ('JPEG', 'RGB', dict(progressive=True, exif=b'Exif\0\0' + bytes(3000))),
                              ('GIF', 'P', {}), ('WEBP', 'RGB', {}), ('WEBP', 'RGB', dict(lossless=True)), ('WEBP', 'RGBA', {}), ('BMP', '1', {})]:
            b = encoded(Image.new(mode, (w, h), 200), fmt, **kw)
            with Image.open(io.BytesIO(b)) as im: want = ({'WEBP': 'WebP'}.get(im.format, im.format), *im.size)
            out.append((f"{fmt.lower()}-{mode}{'-' + '-'.join(kw) if kw else ''}-{w}x{h}", b[:65536], want))
    return out

def png_claiming(w, h) -> bytes:
    "A PNG file of a few dozen bytes whose header announces a `w`×`h` picture (and holds no pixels)"
    chunk = lambda kind, data: struct.pack('>I', len(data)) + kind + data + struct.pack('>I', zlib.crc32(kind + data))
    return b'\x89PNG\r\n\x1a\n' + chunk(b'IHDR', struct.pack('>IIBBBBB', w, h, 1, 0, 0, 0, 0)) + chunk(b'IEND', b'')

# Counts the page's calls to createImageBitmap, and the bitmaps it closes
COUNT_BITMAPS = """const made = window.createImageBitmap, n = window.mnist37bitmaps = {calls: 0, closed: 0, open: 0};
window.createImageBitmap = async (...a) => { n.calls++; const b = await made(...a), close = b.close.bind(b); n.open++;
  b.close = () => { n.closed++; n.open--; close(); }; return b; };"""

def canvas_pixels(driver):
    "The drawing canvas's pixels as a PIL image, read in the page"
    from PIL import Image
    w, h, b64 = driver.execute_script("""const c = document.getElementById('pad'), d = c.getContext('2d').getImageData(0, 0, c.width, c.height).data;
        let s = ''; for (let i = 0; i < d.length; i += 8192) s += String.fromCharCode(...d.subarray(i, i + 8192));
        return [c.width, c.height, btoa(s)];""")
    return Image.frombytes('RGBA', (w, h), base64.b64decode(b64))

class Checks:
    "Count checks; a failure is printed as one line"
    def __init__(self): self.passed, self.failed = 0, []
    def __call__(self, ok, name, why=''):
        if ok: self.passed += 1
        else: self.failed.append(name); print(f"FAIL {name}: {why}", flush=True)
        return ok

def run(args, tmp:Path, check:Checks):
    import torch
    from selenium.webdriver.common.by import By
    from mnist37.core import setup_threads
    from mnist37.sources import find_mnist_sample
    from mnist37.datasets import load_dataset, image_files
    from mnist37.draw import to_mnist, load_any_image
    from mnist37.approaches import predict_probs
    from mnist37.web import write_web_page, json_model
    setup_threads(1)
    t0 = time.time()
    if args.page: site = Path(args.page)
    else: site = write_web_page(tmp/'site', data=args.data)[0].parent; print(f"page written in {time.time() - t0:.1f} s")
    spec = json.loads((site/'models.json').read_text())
    models = [(m['name'], m['approach'], json_model(m)) for m in spec['models']]
    classes = spec['classes']
    src = find_mnist_sample(args.data)
    ds = load_dataset(src.path, n=None)
    if list(ds.classes) != classes: raise ValueError(f"the page's models know classes {classes}, the {src.source} data has {ds.classes}: pass the same --data")
    def python(x): return [predict_probs(a, m, x[None])[0] for _, a, m in models]
    server, url = serve_folder(site)
    driver = None
    try:
        driver = chrome(args, tmp/'profile', script_timeout=60)
        open_page(driver, url)
        assert 'draw a digit' in driver.title, driver.title
        driver.execute_script("return mnist37.ready.then(() => true)")
        shown = driver.find_element(By.ID, 'models').text
        check(shown == ', '.join(n for n, _, _ in models), 'models listed', f"the page lists {shown!r}")

        # the same pictures through Python and through the page's JavaScript
        worst_x = worst_p = 0.
        pics = pictures(ds, args.mnist, args.photos)
        t1 = time.time()
        for name, im in pics:
            r = driver.execute_script("return mnist37.check(arguments[0], arguments[1], arguments[2])", rgba_b64(im), im.width, im.height)
            try: x = to_mnist(im)
            except ValueError as e:
                check((r.get('error') or '').lower() == str(e).lower(), name, f"Python refuses it ({e}), the browser says {r.get('error') or 'nothing'}"); continue
            if 'error' in r: check(False, name, f"the browser refuses it ({r['error']}), Python does not"); continue
            bx = torch.tensor(r['input'], dtype=torch.float32).reshape(28, 28)
            d = (bx - x).abs(); worst_x = max(worst_x, d.max().item())
            bad = [f"the 28×28 input differs from Python's by {d.mean().item()*255:.2f}/255 on average (limit {MAX_INPUT_DIFF*255:g}/255)"] if d.mean().item() > MAX_INPUT_DIFF else []
            if d.max().item() > MAX_PIXEL_DIFF: bad.append(f"a pixel of the 28×28 input differs from Python's by {d.max().item()*255:.2f}/255 (limit {MAX_PIXEL_DIFF*255:g}/255)")
            for (mname, _, _), p, bp in zip(models, python(x), r['probs']):
                bp = torch.tensor(bp); dp = (bp - p).abs().max().item(); worst_p = max(worst_p, dp)
                if bp.argmax() != p.argmax(): bad.append(f"{mname} says {classes[bp.argmax()]} ({bp.max():.3f}) in the browser, {classes[p.argmax()]} ({p.max():.3f}) in Python")
                elif dp > MAX_PROB_DIFF: bad.append(f"{mname}'s probabilities differ from Python's by {dp:.2g} (limit {MAX_PROB_DIFF:g})")
            check(not bad, name, '; '.join(bad))
        print(f"{len(pics)} pictures in {time.time() - t1:.1f} s: largest |Δ| of the 28×28 inputs {worst_x:.2e}, of the probabilities {worst_p:.2e}")

        # the renderer escapes every text of an answer, and of the models' descriptions (class names come from model files)
        evil = '<img src=x onerror="window.pwned=1"><script>window.pwned=1</script>'
        driver.execute_script("""const e = arguments[0], z = Array(784).fill(0.5);
            showAnswer({input: z, note: e, models: [{name: e, classes: [e, '7'], label: e, confidence: 0.5, probs: [0.5, 0.5], means: [z, z], distances: [1, 2]},
                                                    {name: 'lin', classes: [e, '7'], label: '7', confidence: 1, probs: [0, 1], weights: z}]});
            showModels([{name: e, lesson: e, about: e}], e);""", evil)
        injected = driver.execute_script("return document.querySelectorAll('main script, main img[src=x]').length + (window.pwned || 0)")
        shown = driver.find_element(By.ID, 'result').text
        check(not injected and shown.count(evil) >= 3, 'markup in class names is shown, not run', f"{injected} elements injected; the answer reads {shown[:200]!r}")
        open_page(driver, url); driver.execute_script("return mnist37.ready.then(() => true)")   # the page as it was

        # the sizes the page reads from headers, against PIL's
        for name, b, want in headers():
            got = driver.execute_script("const s = mnist37.imageSize(Uint8Array.from(atob(arguments[0]), c => c.charCodeAt(0))); return s && [s.format, s.width, s.height]",
                                        base64.b64encode(b).decode())
            check(got == list(want), f'header of {name}', f"the page reads {got}, PIL {list(want)}")
        got = driver.execute_script("return [mnist37.imageSize(new Uint8Array([1, 2, 3])), mnist37.imageSize(new TextEncoder().encode('GIF89a'))]")
        check(got == [None, dict(format='GIF', width=None, height=None)], 'header of no image, and of a cut one', f"the page reads {got}")

        # the real page: an empty canvas, a drawn 7, an MNIST file and a text file
        pad = driver.find_element(By.ID, 'pad')
        reset(driver); driver.find_element(By.ID, 'classify').click()
        rows, err = answer(driver)
        check(err and 'The picture is empty' in err, 'empty canvas', f"expected the empty-picture message, got {err or rows}")
        driver.find_element(By.ID, 'clear').click()
        stroke(driver, pad, [(-75, -85), (-20, -88), (40, -88), (80, -90), (55, -40), (25, 15), (0, 65), (-15, 105)])
        stroke(driver, pad, [(-20, 8), (55, 8)])
        reset(driver); driver.find_element(By.ID, 'classify').click()
        rows, err = answer(driver)
        py = {n: classes[p.argmax()] for (n, _, _), p in zip(models, python(to_mnist(canvas_pixels(driver))))}
        check(err is None and rows == py, 'drawn 7', f"the page says {err or rows}, Python says {py} on the same canvas")
        if '7' in classes: check(sum(v == '7' for v in rows.values()) >= len(rows) - 1, 'drawn 7 read as 7', f"most models should read it as a 7: {rows}")
        res = driver.find_element(By.ID, 'result')
        parts = dict(input=res.find_elements(By.CSS_SELECTOR, 'img[alt="input"]'), means=res.find_elements(By.CSS_SELECTOR, '.mean img'),
                     weights=res.find_elements(By.CSS_SELECTOR, 'img[alt="weights × input"]'))
        check(parts['input'] and len(parts['means']) == len(classes) and parts['weights'] and 'preprocessed from 280×280' in res.text,
              'drawn 7 explained', f"expected the input, {len(classes)} class means and the weights, found {[(k, len(v)) for k, v in parts.items()]}")
        broken = driver.execute_script("return [...document.images].filter(i => !i.complete || !i.naturalWidth).length")
        check(broken == 0, 'images load', f"{broken} images did not load")
        driver.execute_script(COUNT_BITMAPS)
        bitmaps = lambda: driver.execute_script("return mnist37bitmaps")
        png = image_files(Path(src.path)/'valid'/classes[0])[0]
        reset(driver); driver.find_element(By.ID, 'file').send_keys(str(png))
        rows, err = answer(driver)
        py = {n: classes[p.argmax()] for (n, _, _), p in zip(models, python(load_any_image(png)[0]))}
        check(err is None and rows == py, f'upload {png.name}', f"the page says {err or rows}, Python says {py}")
        check(bitmaps() == dict(calls=1, closed=1, open=0), f'upload {png.name}: its bitmap closed', f"createImageBitmap: {bitmaps()}")
        from PIL import Image
        uploads = {'notes.txt': (b'this is not a picture\n', 'notes.txt is not an image this page can read'),
                   'huge.png': (png_claiming(100_000, 100_000), 'huge.png is 100000×100000 pixels: more than the 25,000,000 we accept'),
                   'bomb.png': (encoded(Image.new('1', (6000, 6000)), 'PNG'), 'bomb.png is 6000×6000 pixels: more than the 25,000,000 we accept'),
                   'bomb.gif': (encoded(Image.new('P', (8000, 4000)), 'GIF'), 'bomb.gif is 8000×4000 pixels'),
                   'cut.jpg': (encoded(Image.new('L', (40, 40)), 'JPEG')[:30], 'cut.jpg is damaged or truncated: its JPEG header gives no size')}
        for name, (body, msg) in uploads.items():
            f = tmp/name; f.write_bytes(body)
            reset(driver); driver.find_element(By.ID, 'file').send_keys(str(f))
            rows, err = answer(driver)
            lines = driver.execute_script("return [...document.querySelectorAll('#result .error')].map(e => e.innerText)")
            check(err and msg in err and len(lines) == 1 and '\n' not in lines[0], f'upload {name} ({len(body):,} bytes)', f"expected one line saying {msg!r}, got {lines or rows}")
            check(bitmaps()['calls'] == 1, f'upload {name}: refused before decoding', f"createImageBitmap was called: {bitmaps()}")
        driver.find_element(By.ID, 'clear').click()
        stroke(driver, pad, [(-75, -85), (-20, -88), (40, -88), (80, -90), (55, -40), (25, 15), (0, 65), (-15, 105)])
        stroke(driver, pad, [(-20, 8), (55, 8)])
        driver.find_element(By.ID, 'classify').click(); answer(driver)
        if args.screenshot:
            h = driver.execute_script("return document.documentElement.scrollHeight")
            driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', dict(width=1180, height=min(max(h, 600), 1400), deviceScaleFactor=1, mobile=False))
            out = Path(args.screenshot); out.parent.mkdir(parents=True, exist_ok=True)
            driver.save_screenshot(str(out)); print(f"screenshot: {args.screenshot}")
        logs = [l for l in driver.get_log('browser') if l.get('level') == 'SEVERE' and 'favicon' not in l.get('message', '')]
        check(not logs, 'no JavaScript errors', '; '.join(l['message'] for l in logs)[:300])
        # without models.json (or opened as a file) the page must say why it cannot answer
        bare = tmp/'bare'; bare.mkdir()
        for f in site.iterdir():
            if f.name != 'models.json': shutil.copy(f, bare/f.name)
        bare_server, bare_url = serve_folder(bare)
        try:
            open_page(driver, bare_url)
            err = driver.execute_script("return mnist37.ready.then(() => null, e => e.message)")
            check(err and 'The models could not be loaded' in err and 'The models could not be loaded' in driver.find_element(By.ID, 'result').text,
                  'page without models.json', f"expected a message saying the models could not be loaded, got {err!r}")
        finally: bare_server.shutdown(); bare_server.server_close()
    finally:
        if driver is not None: driver.quit()
        server.shutdown(); server.server_close()
    print(f"web test took {time.time() - t0:.1f} s")

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--data', default='auto', help="the data to train on and take pictures from (default: auto)")
    p.add_argument('--page', default='', help="a folder already written by write_web_page (default: write one)")
    p.add_argument('--screenshot', default='nbs/images/web.png', help="where to save the screenshot ('' for none)")
    p.add_argument('--mnist', type=int, default=20, help="MNIST images to compare (default 20)")
    p.add_argument('--photos', type=int, default=20, help="photo-like pictures to compare (default 20)")
    add_args(p, timeout=300)
    args = p.parse_args()
    if why := missing(args):
        print(f"web test skipped: {why}"); return 1 if args.require else 0
    check = Checks()
    try:
        with deadline(args.timeout, 'the web test'), tempfile.TemporaryDirectory(prefix='mnist37-web-') as tmp: run(args, Path(tmp), check)
    except Exception as e:
        check(False, 'web test', f"{type(e).__name__}: {e}")
    print(f"{check.passed} passed, {len(check.failed)} failed")
    return 1 if check.failed else 0

if __name__ == '__main__': sys.exit(main())
