"""The pages a learner opens outside the notebooks, in headless Chromium: the draw page of `mnist37 serve`, the
draw page with no server (lesson 17) and the playground (lesson 18), both checked against Python; the website,
built, then every page opened, the draw page drawn on and the playground trained."""
import pytest
from tests.conftest import ROOT

def test_draw_page_served(browser, tool, out):
    tool('tools.browser_test', '--require', '--screenshot', out/'serve.png')

def test_draw_page_without_a_server(browser, tool, out):
    tool('tools.web_test', '--require', '--screenshot', out/'web.png')

def test_playground(browser, tool, out):
    tool('tools.playground_test', '--require', '--screenshot-dir', out/'playground')

@pytest.fixture(scope='module')
def site(tool):
    "The website, built as `make docs` builds it"
    tool('tools.site_build')
    return ROOT/'_docs'

def test_site_builds(site):
    assert (site/'index.html').is_file() and (site/'playground'/'index.html').is_file() and (site/'draw'/'index.html').is_file()

def test_site_pages(site, browser, tool, out):
    tool('tools.site_test', '--require', '--screenshot-index', out/'site-index.png', '--screenshot-lesson', out/'site-lesson.png')
