"""Benchmark: `mnist37 predict` throughput for each approach, quiet and with a busy loop on another core.

    python -m bench.predict [--data auto] [--n 1000] [--out bench]

Trains each approach that can be saved once on the data (resnet18 with its recipe), saves it with `mnist37 train`,
then classifies `--n` validation images of that dataset: in process (load the images, one batched
`predict_probs`) and as the command a user runs (`mnist37 predict --model M FILES...`, process
start and imports included). Writes bench/predict.md and bench/predict.json. A measurement, never a test.
"""
import argparse, json, subprocess, sys, tempfile, time
from pathlib import Path
from bench.machine import machine, describe

HERE = Path(__file__).resolve().parent
PY = sys.executable

def cli(*args):
    t = time.perf_counter()
    p = subprocess.run([PY, '-m', 'mnist37', *map(str, args)], capture_output=True, text=True)
    if p.returncode: raise RuntimeError(f"mnist37 {args[:3]} failed:\n{p.stderr[-2000:]}")
    return p.stdout, time.perf_counter() - t

def in_process(model_fn, files, threads):
    "Seconds to read `files` and classify them in one batched call, in this process"
    import torch
    from mnist37.core import setup_threads
    from mnist37.models import load_model
    from mnist37.approaches import predict_probs
    from mnist37.draw import load_any_image
    setup_threads(threads)
    net, approach, classes = load_model(model_fn)
    t = time.perf_counter(); x = torch.stack([load_any_image(f)[0] for f in files]); read = time.perf_counter() - t
    t = time.perf_counter(); p = predict_probs(approach, net, x); compute = time.perf_counter() - t
    return dict(read=read, compute=compute, n=len(p))

def measure(models, files, threads):
    res = {}
    for k, fn in models.items():
        r = in_process(fn, files, threads)
        out, wall = cli('predict', '--model', fn, '--threads', threads, *files)
        assert len(out.splitlines()) == len(files)
        res[k] = dict(r, cli_wall=wall)
        print(f"  {k:<9} read {r['read']:.2f} s, compute {r['compute']:.3f} s, command {wall:.1f} s", flush=True)
    return res

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default='auto'); ap.add_argument('--n', type=int, default=1000)
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    from mnist37.core import cores
    from mnist37.sources import find_mnist_sample
    from mnist37.approaches import APPROACHES, approach_names
    src = find_mnist_sample(a.data)
    files = sorted(p for c in sorted((src.path/'valid').iterdir()) for p in c.iterdir())
    files = files[::max(1, len(files)//a.n)][:a.n]
    tmp = Path(tempfile.mkdtemp())
    models = {}
    for k in [k for k in approach_names(2) if APPROACHES[k].saveable]:   # what `mnist37 train` can save
        _, secs = cli('train', '--approach', k, '--data', src.path, '--out', tmp/f'{k}.safetensors', '--quiet')
        models[k] = tmp/f'{k}.safetensors'; print(f"trained {k} in {secs:.0f} s", flush=True)
    threads = cores()
    print(f"quiet, {threads} threads:", flush=True); quiet = measure(models, files, threads)
    hog = subprocess.Popen([PY, '-c', 'while True: pass'])
    try:
        print(f"one core busy, {threads} threads:", flush=True); busy = measure(models, files, threads)
    finally: hog.kill()
    s = dict(machine=machine(), data=src.source, n_images=len(files), quiet=quiet, busy=busy)
    out = Path(a.out); (out/'predict.json').write_text(json.dumps(s, indent=2))
    L = [f"# `mnist37 predict` throughput\n",
         f"{describe(s['machine'])}; {s['n_images']} validation images of the {s['data']} data. Produced by `make bench-predict`.",
         "*read*: decoding the PNGs; *compute*: one batched `predict_probs`; *command*: `mnist37 predict` as a user runs it, "
         "process start and imports included.\n",
         "| approach | read s | compute s | command s | compute s, other core busy | command s, other core busy |", "|---|---|---|---|---|---|"]
    for k in quiet:
        q, b = quiet[k], busy[k]
        L.append(f"| {k} | {q['read']:.2f} | {q['compute']:.3f} | {q['cli_wall']:.1f} | {b['compute']:.3f} | {b['cli_wall']:.1f} |")
    (out/'predict.md').write_text('\n'.join(L) + '\n')
    print('\n'.join(L))

if __name__ == '__main__': main()
