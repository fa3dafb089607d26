"""Shared by the tests under pytest: a tool run from the repository's root, where its output goes, and Chromium.

The browser tests need Debian's `chromium` and `chromium-driver` (and selenium, in the dev extras). Without them
they fail, saying what to install, unless MNIST37_SKIP_BROWSER=1 asks to skip them. MNIST37_TEST_OUT names a
folder for the screenshots and copies the tests write (default: a temporary one)."""
import os, subprocess, sys
from pathlib import Path
import pytest

ROOT = Path(__file__).resolve().parent.parent

@pytest.fixture(scope='session')
def out(tmp_path_factory) -> Path:
    "Where the tests put their screenshots and copies"
    d = os.environ.get('MNIST37_TEST_OUT')
    if not d: return tmp_path_factory.mktemp('out')
    Path(d).mkdir(parents=True, exist_ok=True); return Path(d)

@pytest.fixture(scope='session')
def browser():
    "Chromium and its driver, or a failure that says what is missing (a skip only when MNIST37_SKIP_BROWSER is set)"
    from tools import chromium
    lacking = [n for n, f in (('chromium', chromium.browser()), ('chromium-driver', chromium.driver_path())) if not os.path.isfile(f)]
    try: import selenium  # noqa: F401
    except ImportError: lacking.append('selenium')
    if lacking:
        why = f"{' and '.join(lacking)} missing: apt-get install chromium chromium-driver (selenium comes with the dev extras)"
        if os.environ.get('MNIST37_SKIP_BROWSER'): pytest.skip(why)
        pytest.fail(why, pytrace=False)

def _tail(r) -> str:
    "The end of a failed run's stderr, each repeated line once (a kernel's warning is printed per kernel), then the end of its stdout"
    err = list(dict.fromkeys(r.stderr.splitlines()))
    return '\n'.join(err)[-2500:] + '\n' + r.stdout[-3500:]

@pytest.fixture(scope='session')
def tool():
    "`tool('tools.web_test', '--require', ...)`: run a module from the repository's root; a failure shows the end of its output"
    def run(*args, env=None, python=sys.executable, timeout=None) -> str:
        r = subprocess.run([python, '-m', *map(str, args)], cwd=ROOT, capture_output=True, text=True,
                           env={**os.environ, **(env or {})}, timeout=timeout)
        out = r.stdout + r.stderr
        if r.returncode: pytest.fail(f"python -m {' '.join(map(str, args))} exited {r.returncode}:\n{_tail(r)}", pytrace=False)
        print(out[-3000:])
        return out
    return run
