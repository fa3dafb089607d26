"""`check` in a real Jupyter kernel (ipykernel through nbclient), as a learner meets it: a "Your turn" answer that
never returns gets its one hint line within the time limit, and the kernel answers the next cell."""
import nbformat
from nbclient import NotebookClient

def run_cells(*sources, timeout=120):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(s) for s in sources])
    NotebookClient(nb, timeout=timeout, kernel_name='python3').execute()
    return [''.join(o.get('text', '') or ''.join(o.get('data', {}).get('text/plain', '')) for o in c.outputs) for c in nb.cells]

def test_a_runaway_loop_gets_a_hint_and_the_kernel_goes_on():
    out = run_cells(
        "from mnist37.exercises import check\n"
        "def my_mnist_distance(a, b):\n"
        "    while True: pass            # forgot to return\n"
        "import time; t0 = time.perf_counter(); ok = check('mnist_distance', my_mnist_distance, timeout=1); took = time.perf_counter() - t0",
        "print(ok, round(took))",
        "def my_odd_doubled(xs):\n"
        "    i, out = 0, []\n"
        "    while i < len(xs):\n"
        "        if xs[i] % 2: out.append(2*xs[i])   # forgot i += 1\n"
        "    return out\n"
        "check('odd_doubled', my_odd_doubled, timeout=1)",
        "2 + 2")
    assert 'still running after 1 s' in out[0] and 'loop' in out[0], out[0]
    ok, took = out[1].split()
    assert ok == 'False' and int(took) <= 5, out[1]     # the hint comes near the limit, not after minutes
    assert 'still running after 1 s' in out[2], out[2]
    assert out[3] == '4', out                          # the kernel is still usable
