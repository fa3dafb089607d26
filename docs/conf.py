# Sphinx configuration of the course website (myst-nb renders the notebooks, sphinx-book-theme lays them out).
# `python -m tools.site_build` (`make docs`) prepares the page sources in _site/src from nbs/ and runs Sphinx
# with this file: nothing here executes a notebook, and nothing on the built pages is fetched from the internet.
from pathlib import Path
from tools.colab import repo   # Sphinx runs inside `python -m tools.site_build`, from the repository's root

ROOT = Path(__file__).resolve().parent.parent

_repo, _branch = repo(ROOT)

project = 'mnist37'
author = 'mnist37 developers'
copyright = 'mnist37 developers, Apache License 2.0'
extensions = ['myst_nb']
root_doc = 'index'
exclude_patterns = ['**.ipynb_checkpoints']

# The notebooks are shown with the outputs saved in them, which come from real runs.
nb_execution_mode = 'off'
nb_merge_streams = True
nb_output_stderr = 'show'
myst_enable_extensions = ['attrs_inline', 'attrs_block', 'colon_fence']
myst_heading_anchors = 4
myst_heading_slug_func = 'tools.check_docs.anchor'  # Pandoc's heading ids, which the links between lessons use
suppress_warnings = ['myst.header']  # show_doc headings (###) may follow the title (#) directly

html_theme = 'sphinx_book_theme'
html_title = 'mnist37'
html_favicon = str(ROOT/'docs'/'favicon.svg')
html_static_path = [str(ROOT/'nbs'/'styles.css')]
html_css_files = ['styles.css']
html_copy_source = False
html_show_sourcelink = False
html_last_updated_fmt = None
html_theme_options = dict(
    repository_url=f'https://github.com/{_repo}', repository_branch=_branch, path_to_docs='nbs',
    use_repository_button=True, use_issues_button=True, use_download_button=False,
    home_page_in_toc=True, show_navbar_depth=2, show_toc_level=2,
    navigation_with_keys=False, pygments_light_style='tango', navbar_persistent=[], navbar_end=[],
)
html_context = dict(default_mode='light')
