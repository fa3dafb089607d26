"""What a learner meets around the lessons: every notebook (lessons 01-20 and the appendix) run in a real Jupyter
kernel with each cell twice in a row; the hidden cells folded in JupyterLab; the self-test copies, up to date and copied as
`make exercises` copies them; and a lesson's install cell in a fresh environment, as on Colab."""
import shutil
import pytest
from tests.conftest import ROOT

NOTEBOOKS = sorted(str(p.relative_to(ROOT)) for p in (ROOT/'nbs').glob('[0-9][0-9]*_*.ipynb'))

def test_every_notebook_is_run():
    assert {'01_pixels.ipynb', '12a_report.ipynb', '18_playground.ipynb', '99_testing.ipynb'} <= {n.split('/')[-1] for n in NOTEBOOKS}, NOTEBOOKS

@pytest.mark.parametrize('notebook', NOTEBOOKS, ids=lambda n: n.split('/')[-1])
def test_notebook_in_a_real_kernel_every_cell_twice(tool, notebook):
    "Run All in ipykernel (slow cells too, no IN_TEST), each code cell run twice in a row, on the embedded sample; one test per notebook"
    tool('tools.kernel', '--twice', notebook, env=dict(MNIST37_DATA='embedded', MNIST37_THREADS='1'))

def test_hidden_cells_folded_in_jupyterlab(browser, tool, out):
    tool('tools.jupyterlab_test', '--require', '--screenshot', out/'jupyterlab-lesson.png')

def test_selftest_copies_up_to_date(tool):
    tool('tools.exercises', '--check')

def test_selftest_copies_copied(tool, out):
    dest = out/'exercises'
    shutil.rmtree(dest, ignore_errors=True)
    tool('tools.exercises', '--dest', dest)
    assert sorted(p.name for p in dest.glob('*.ipynb')) == sorted(p.name for p in (ROOT/'selftest').glob('*.ipynb'))

def test_install_cell_as_on_colab(tool):
    "A lesson's first cells in a fresh virtual environment with PyTorch but no mnist37; a newer torch survives the install"
    tool('tools.colab_test', python=shutil.which('python3') or 'python3')
