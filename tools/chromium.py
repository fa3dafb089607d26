"""What the browser tests share (tools/browser_test.py, web_test.py, site_test.py): Debian's Chromium driven by
Selenium, headless and offline, a free local port and a static server, the common options, and a time limit."""
import contextlib, functools, http.server, os, shutil, signal, socket, threading
from pathlib import Path

# Headless, no GPU, and nothing that reaches for the network (this machine has none; Chromium would keep trying)
CHROMIUM_FLAGS = ['--headless=new', '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage',
                  '--disable-background-networking', '--disable-component-update', '--disable-sync',
                  '--no-first-run', '--window-size=1180,860', '--hide-scrollbars']

class Timeout(Exception): pass

def free_port() -> int:
    "A TCP port nobody listens on now (bind port 0 and ask which one we got)"
    with socket.socket() as s:
        s.bind(('127.0.0.1', 0)); return s.getsockname()[1]

def browser() -> str:
    "Debian's Chromium, or the Chrome a CI runner (GitHub's Ubuntu) comes with"
    return next(filter(None, map(shutil.which, ('chromium', 'google-chrome', 'chromium-browser'))), '/usr/bin/chromium')

def driver_path() -> str:
    "Debian's chromedriver, or the one a GitHub runner names in $CHROMEWEBDRIVER"
    d = os.environ.get('CHROMEWEBDRIVER')
    return shutil.which('chromedriver') or (os.path.join(d, 'chromedriver') if d else '/usr/bin/chromedriver')

def add_args(p, timeout:int):
    "The options every browser test takes: where Chromium and its driver are, a time limit, and --require"
    p.add_argument('--chromium', default=browser())
    p.add_argument('--chromedriver', default=driver_path())
    p.add_argument('--timeout', type=int, default=timeout, help="seconds for the whole test")
    p.add_argument('--require', action='store_true', help="fail (instead of skipping) without Chromium or Selenium")

def missing(args) -> str:
    "What is missing to run a browser test ('' when nothing is), with how to get it"
    gone = [f for f in (args.chromium, args.chromedriver) if not Path(f).is_file()]
    try: import selenium  # noqa: F401
    except ImportError: gone.append('the selenium package')
    return f"missing {', '.join(map(str, gone))} (apt-get install chromium chromium-driver; pip install selenium)" if gone else ''

def chrome(args, profile, console:bool=False, script_timeout:int=30):
    "A headless Chromium under Selenium, with a fresh profile folder; `console` keeps the page's console log"
    from selenium import webdriver
    from selenium.webdriver.chrome.service import Service
    opts = webdriver.ChromeOptions(); opts.binary_location = args.chromium
    for f in CHROMIUM_FLAGS + [f'--user-data-dir={profile}']: opts.add_argument(f)
    if console: opts.set_capability('goog:loggingPrefs', {'browser': 'ALL'})
    driver = webdriver.Chrome(service=Service(args.chromedriver), options=opts)
    driver.set_page_load_timeout(30); driver.set_script_timeout(script_timeout)
    return driver

def open_page(driver, url:str, timeout:int=30):
    "Go to `url` and wait until the page has loaded: chromedriver's `get` can return while the document is still loading"
    from selenium.webdriver.support.ui import WebDriverWait
    driver.get(url)
    WebDriverWait(driver, timeout).until(lambda d: d.execute_script("return document.readyState") == 'complete')

@contextlib.contextmanager
def deadline(seconds:int, what:str):
    "Raise `Timeout` in the block after `seconds` (a hung browser must not hang CI)"
    def alarm(*_): raise Timeout(f"{what} took more than {seconds} s")
    signal.signal(signal.SIGALRM, alarm); signal.alarm(seconds)
    try: yield
    finally: signal.alarm(0)

class Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args): pass

def serve_folder(folder, handler=Quiet):
    "Serve `folder` on a free port of 127.0.0.1 from a thread: `(server, url)`"
    server = http.server.ThreadingHTTPServer(('127.0.0.1', free_port()), functools.partial(handler, directory=str(folder)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f'http://127.0.0.1:{server.server_address[1]}/'
