#!/usr/bin/env python
"""The built website (`make docs`) in a real headless Chromium, served from 127.0.0.1: every page, link, image and the search.

Usage: .venv/bin/python -m tools.site_test [--site _docs] [--screenshot-index F.png] [--screenshot-lesson F.png]
                                           [--lesson 01_pixels] [--require]

One test per page of the sidebar (nbs/_quarto.yml): it loads with no error in the browser's console and
fetches nothing from outside the local server; its title is the notebook's; every image on it is
decoded (naturalWidth > 0) and it shows at least the figures saved in the notebook; no raw HTML, code
fence or empty output shows as text. Then one test for the links (every internal link of every page,
and every asset the pages asked for, answered 200 by the server, and every #fragment exists on its
page) and one for the search box (a query finds a lesson, offline). One more opens the draw page of lesson
17 (draw/), draws a 7 on its canvas with the mouse, presses Classify and checks that every model of its
models.json answers, with nothing fetched from outside the site and no error in the console. And one opens the
playground of lesson 18 (playground/) set up by its address to train the linear model for two epochs, and checks
that it trains, learns, shows its pictures, fetches nothing from outside and logs no error (tools/playground_test.py
holds it to Python). Ends with "N passed, M failed".
Needs Debian's chromium and chromium-driver and selenium; without them it says so and exits 0, or 1
with --require (CI)."""
import argparse, functools, http.server, json, re, sys, tempfile, threading, time
import urllib.parse, urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
from tools.chromium import add_args, chrome, deadline, open_page, free_port, missing  # noqa: E402  (what every browser test shares)
from tools.browser_test import answer, stroke  # noqa: E402  (drawing on the canvas, and reading the answer)
from tools.site_build import DRAW_DIR, PLAYGROUND_DIR, SRC, sidebar  # noqa: E402

class Server(http.server.ThreadingHTTPServer):
    "http.server on 127.0.0.1 serving `site`, remembering the status of every request"
    def __init__(self, site:Path, port:int):
        self.status = {}
        srv = self
        class Handler(http.server.SimpleHTTPRequestHandler):
            def send_response(self, code, message=None):
                srv.status[urllib.parse.urlsplit(self.path).path] = code
                super().send_response(code, message)
            def log_message(self, *a): pass
        super().__init__(('127.0.0.1', port), functools.partial(Handler, directory=str(site)))

def expected(name:str) -> tuple:
    "`(title, figures)` of page `name` from its source in _site/src: the title, and how many images it must show"
    nb = json.loads((SRC/name).read_text())
    src0 = ''.join(nb['cells'][0]['source'])
    title = re.search(r'^#\s+(.*)$', src0, re.MULTILINE).group(1).strip()
    figs = 0
    for c in nb['cells']:
        if c['cell_type'] == 'markdown': figs += len(re.findall(r'!\[[^\]]*\]\((?!colab-badge)', ''.join(c['source'])))
        elif 'remove-output' not in c.get('metadata', {}).get('tags', []):
            figs += sum(any(k.startswith('image/') for k in o.get('data', {})) for o in c.get('outputs', []))
    return title, figs

# What a page must not show as text (code and output blocks aside): HTML tags, code fences, HTML entities
_re_raw = re.compile(r'</?(?:table|div|style|span|script|p|img|tr|td|pre|code|br|details|summary)\b[^>]*>|```|&(?:lt|gt|amp|quot);', re.I)

PAGE_JS = (ROOT/'tools'/'site_page.js').read_text()  # what a page shows: its title, text, images, links, requests

def check_page(driver, base:str, name:str, log) -> list:
    "Problems of one page, in words"
    probs = []
    open_page(driver, base + Path(name).with_suffix('.html').name)
    info = driver.execute_script(PAGE_JS)
    for e in driver.get_log('browser'):
        if e['level'] == 'SEVERE': probs.append(f"console error: {e['message'][:200]}")
    title, figs = expected(name)
    norm = lambda t: (t or '').replace('`', '').replace('\u2019', "'").replace('\u201c', '"').replace('\u201d', '"')
    if norm(info['title']) != norm(title): probs.append(f"title is {info['title']!r}, not {title!r}")
    outside = [r for r in info['resources'] if not r.startswith(base)]
    if outside: probs.append(f"fetches from outside the site: {outside[:3]}")
    bad = [i['src'] for i in info['images'] if not i['ok']]
    if bad: probs.append(f"{len(bad)} images not decoded: {bad[:3]}")
    shown = sum(1 for i in info['images'] if i['inArticle'] and i['ok'] and not i['badge'])
    if shown < figs: probs.append(f"shows {shown} figures, the notebook has {figs}")
    if name != 'index.ipynb':
        want = f'/nbs/{name}'
        if not any(u.endswith(want) for u in info['colab']): probs.append(f"no Open-in-Colab badge linking to {want}")
        if not any(i['badge'] and i['ok'] for i in info['images']): probs.append("the Open-in-Colab badge image is not shown")
    raw = sorted({m.group(0)[:40] for m in _re_raw.finditer(info['text'])})
    if raw: probs.append(f"shows raw markup as text: {raw[:5]}")
    if info['empty']: probs.append(f"{len(info['empty'])} empty outputs: {info['empty'][:2]}")
    log(name, info)
    return probs

def check_links(pages:dict, base:str, server:Server) -> list:
    "Every internal link and fragment of the pages, and every request the browser made, answered 200"
    probs, ids = [], {}
    def page_ids(path):
        if path not in ids:
            try:
                with urllib.request.urlopen(base + path.lstrip('/'), timeout=10) as r: body = r.read().decode('utf-8', 'replace')
                ids[path] = set(re.findall(r'\bid="([^"]+)"', body))
            except OSError as e: ids[path] = e
        return ids[path]
    for name, info in pages.items():
        for u in sorted(set(info['links'])):
            if not u.startswith(base): continue
            parts = urllib.parse.urlsplit(u)
            got = page_ids(parts.path)
            if isinstance(got, Exception): probs.append(f"{name}: link {parts.path} answers {got}"); continue
            frag = urllib.parse.unquote(parts.fragment)
            if frag and parts.path.endswith('.html') and frag not in got: probs.append(f"{name}: link {parts.path}#{frag}: no such id on that page")
    probs += [f"the server answered {code} to {path}" for path, code in sorted(server.status.items()) if code not in (200, 304)]
    return probs

def check_search(driver, base:str) -> list:
    "The search page finds a lesson for a word of the chapter, with no console error"
    from selenium.webdriver.support.ui import WebDriverWait
    open_page(driver, base + 'search.html?q=sigmoid')
    try:
        hits = WebDriverWait(driver, 20).until(lambda d: d.execute_script(
            "return [...document.querySelectorAll('#search-results li a')].map(a => a.href)") or None)
    except Exception: return ["searching 'sigmoid' found nothing"]
    probs = [f"console error: {e['message'][:200]}" for e in driver.get_log('browser') if e['level'] == 'SEVERE']
    if not any('05_linear.html' in h for h in hits): probs.append(f"searching 'sigmoid' does not find lesson 05: {hits[:5]}")
    return probs

def check_draw(driver, base:str, site:Path) -> list:
    "The draw page: a 7 drawn on its canvas with pointer events, then Classify; every model must answer"
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support.ui import WebDriverWait
    names = [m['name'] for m in json.loads((site/DRAW_DIR/'models.json').read_text())['models']]
    open_page(driver, base + DRAW_DIR)
    err = driver.execute_script("return mnist37.ready.then(() => null, e => e.message)")
    if err: return [f"the page could not load its models: {err}"]
    pad = driver.find_element(By.ID, 'pad')
    stroke(driver, pad, [(-75, -85), (-20, -88), (40, -88), (80, -90), (55, -40), (25, 15), (0, 65), (-15, 105)])
    stroke(driver, pad, [(-20, 8), (55, 8)])
    driver.find_element(By.ID, 'classify').click()
    rows, err = answer(driver)
    probs = [] if err is None and sorted(rows) == sorted(names) else [f"expected an answer from each of {names}, got {err or rows}"]
    if rows and sum(v == '7' for v in rows.values()) < len(names) - 1: probs.append(f"most models should read the drawn 7: {rows}")
    WebDriverWait(driver, 10).until(lambda d: d.execute_script("return [...document.images].every(i => i.complete)"))
    if driver.execute_script("return [...document.images].filter(i => !i.naturalWidth).length"): probs.append("a picture of the answer is not shown")
    outside = [r for r in driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)") if not r.startswith(base)]
    if outside: probs.append(f"fetches from outside the site: {outside[:3]}")
    probs += [f"console error: {e['message'][:200]}" for e in driver.get_log('browser') if e['level'] == 'SEVERE']
    return probs

def check_playground(driver, base:str) -> list:
    "The playground: set up by its address to train the linear model for two epochs, it must train, learn and show its pictures"
    from selenium.webdriver.support.ui import WebDriverWait
    open_page(driver, base + PLAYGROUND_DIR + '?model=linear&speed=max&stop=2&run=1')
    WebDriverWait(driver, 30).until(lambda d: d.execute_script("return !!window.playground"))
    err = driver.execute_script("return playground.ready.then(() => null, e => e.message)")
    if err: return [f"the page could not load its data: {err}"]
    try: WebDriverWait(driver, 60).until(lambda d: d.execute_script("return !playground.running && playground.run.epoch >= 2"))
    except Exception: return [f"it did not train two epochs: {driver.execute_script('return playground.run.epoch')} done"]
    kind, acc = driver.execute_script("return [playground.diagnose().kind, playground.run.history[2].valid_acc]")
    probs = [] if kind == 'learning' and acc > 0.6 else [f"after two epochs it says {kind!r}, validation accuracy {acc}"]
    if driver.execute_script("return [...document.querySelectorAll('#weights img, #digits img')].filter(i => !i.complete || !i.naturalWidth).length"): probs.append("a picture of the weights or digits is not shown")
    outside = [r for r in driver.execute_script("return performance.getEntriesByType('resource').map(r => r.name)") if not r.startswith(base)]
    if outside: probs.append(f"fetches from outside the site: {outside[:3]}")
    probs += [f"console error: {e['message'][:200]}" for e in driver.get_log('browser') if e['level'] == 'SEVERE']
    return probs

def screenshot(driver, url:str, out:str, height=1600):
    "A PNG of the top of the page at `url`, 1200 px wide"
    open_page(driver, url)
    h = driver.execute_script("return document.documentElement.scrollHeight")
    driver.execute_cdp_cmd('Emulation.setDeviceMetricsOverride', dict(width=1200, height=min(max(h, 700), height), deviceScaleFactor=1, mobile=False))
    Path(out).parent.mkdir(parents=True, exist_ok=True); driver.save_screenshot(out)
    driver.execute_cdp_cmd('Emulation.clearDeviceMetricsOverride', {})
    print(f"screenshot: {out}")

def run(args, tmp:Path) -> tuple:
    site = args.site.resolve()
    names = [p for _, ps in sidebar() for p in ps]
    missing = [n for n in names if not (site/Path(n).with_suffix('.html').name).exists()]
    missing += [d for d in (DRAW_DIR, PLAYGROUND_DIR) if not (site/d/'index.html').exists()]
    if missing: raise RuntimeError(f"pages missing from {site} (run make docs): {missing}")
    server = Server(site, free_port())
    threading.Thread(target=server.serve_forever, daemon=True).start()
    base = f'http://127.0.0.1:{server.server_address[1]}/'
    driver = chrome(args, tmp/'profile', console=True)
    passed = failed = 0
    def report(what, probs):
        nonlocal passed, failed
        if probs: failed += 1; print(f"FAIL {what}"); [print(f"     {p}") for p in probs]
        else: passed += 1; print(f"ok   {what}")
    try:
        pages = {}
        for name in names:
            try: report(name, check_page(driver, base, name, lambda n, info: pages.__setitem__(n, info)))
            except Exception as e: report(name, [f"{type(e).__name__}: {e}"])
        report('links, images and fragments', check_links(pages, base, server))
        report('search', check_search(driver, base))
        try: report(f'draw page ({DRAW_DIR}): a digit drawn, every model answers', check_draw(driver, base, site))
        except Exception as e: report(f'draw page ({DRAW_DIR})', [f"{type(e).__name__}: {e}"])
        try: report(f'playground ({PLAYGROUND_DIR}): set up by its address, it trains and learns', check_playground(driver, base))
        except Exception as e: report(f'playground ({PLAYGROUND_DIR})', [f"{type(e).__name__}: {e}"])
        if args.screenshot_index: screenshot(driver, base + 'index.html', args.screenshot_index)
        if args.screenshot_lesson: screenshot(driver, base + f'{args.lesson}.html', args.screenshot_lesson)
    finally:
        driver.quit(); server.shutdown(); server.server_close()
    return passed, failed

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--site', type=Path, default=ROOT/'_docs', help="the built site (default _docs/)")
    p.add_argument('--screenshot-index', default='', help="save a PNG of the home page here")
    p.add_argument('--screenshot-lesson', default='', help="save a PNG of the lesson --lesson here")
    p.add_argument('--lesson', default='01_pixels', help="the lesson of --screenshot-lesson (default 01_pixels)")
    add_args(p, timeout=300)
    args = p.parse_args()
    if why := missing(args):
        print(f"site test skipped: {why}"); return 1 if args.require else 0
    t0 = time.time()
    try:
        with deadline(args.timeout, 'the site test'), tempfile.TemporaryDirectory(prefix='mnist37-site-') as tmp: passed, failed = run(args, Path(tmp))
    except Exception as e:
        print(f"site test FAILED: {type(e).__name__}: {e}", file=sys.stderr); passed, failed = 0, 1
    print(f"site test took {time.time() - t0:.1f} s")
    print(f"{passed} passed, {failed} failed")
    return 1 if failed else 0

if __name__ == '__main__': sys.exit(main())
