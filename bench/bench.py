"""Benchmark: the book's code path, mnist37's, and scikit-learn's peers, on one machine in one run.

    python -m bench.bench [--repeats 5] [--data auto] [--out bench]

Writes bench/results.md and bench/results.json. This is a measurement, never a test: nothing here
fails because the machine is slow or busy.
"""
import argparse, json, os, statistics, subprocess, sys, time
from pathlib import Path

from bench.machine import machine, describe
from mnist37.approaches import approach_names
HERE = Path(__file__).resolve().parent
APPROACHES = approach_names(2, default=True)  # what `mnist37 compare` runs on two classes, from the course's table
PY = sys.executable

def run_child(args, env=None):
    "Run `python args...` as a user would; return (stdout, wall seconds, the child's own peak RSS in MiB)"
    from concurrent.futures import ThreadPoolExecutor
    t = time.perf_counter()
    p = subprocess.Popen([PY, *args], stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env={**os.environ, **(env or {})})
    with ThreadPoolExecutor(2) as ex: out, err = (f.result() for f in [ex.submit(p.stdout.read), ex.submit(p.stderr.read)])
    _, status, usage = os.wait4(p.pid, 0)            # reap it ourselves, to read its resource usage
    wall = time.perf_counter() - t
    p.returncode = os.waitstatus_to_exitcode(status)
    if p.returncode: raise RuntimeError(f"{args} failed:\n{err[-3000:]}")
    return out, wall, usage.ru_maxrss/1024

def book_run(path):
    out, wall, rss = run_child([str(HERE/'book.py'), str(path)])
    return dict(results=json.loads(out.strip().splitlines()[-1]), wall=wall, rss_mib=rss)

def mnist37_run(data, tmp):
    "`python -m mnist37 compare`: exactly the command a user types"
    js = Path(tmp)/'compare.json'
    _, wall, rss = run_child(['-m', 'mnist37', 'compare', '--data', str(data), '--json', str(js), '--quiet'])
    return dict(results=json.loads(js.read_text())['results'], wall=wall, rss_mib=rss)

def sklearn_peers(ds):
    "NearestCentroid, LogisticRegression and MLPClassifier(30) on the flattened pixels"
    from sklearn.neighbors import NearestCentroid
    from sklearn.linear_model import LogisticRegression
    from sklearn.neural_network import MLPClassifier
    X, y = ds.train_x.view(len(ds.train_x), -1).numpy(), ds.train_y.numpy()
    Xv, yv = ds.valid_x.view(len(ds.valid_x), -1).numpy(), ds.valid_y.numpy()
    res = {}
    for name, peer_of, m in [('NearestCentroid', 'pixel', NearestCentroid()),
                             ('LogisticRegression', 'linear', LogisticRegression(max_iter=1000)),
                             ('MLPClassifier(30)', 'mlp', MLPClassifier(hidden_layer_sizes=(30,), random_state=42))]:
        t = time.perf_counter(); m.fit(X, y); s = time.perf_counter() - t
        res[name] = dict(peer_of=peer_of, accuracy=float((m.predict(Xv) == yv).mean()), seconds=s)
    return res

def matmul_peak(threads, dtype='float32', n=2048, reps=10):
    "Best GFLOP/s of an n×n matmul in `dtype` with `threads` threads (`mnist37.speed.matmul_gflops`)"
    import torch
    from mnist37.speed import matmul_gflops
    torch.set_num_threads(threads)
    return matmul_gflops(getattr(torch, dtype), n=n, reps=reps)

def count_flops(ds):
    "Training-epoch + validation FLOPs of mnist37's resnet18 (trimmed, as trained; and as written) and small net"
    import torch
    from torch.utils.flop_counter import FlopCounterMode
    from mnist37.speed import image_dls, resnet_learner
    from mnist37.nets import make_simple_net
    n_train, n_valid = len(ds.train_x), len(ds.valid_x)
    learn = resnet_learner(image_dls(ds, bs=64), precision='fp32')
    model = learn.model.float()
    xb, yb = learn.dls.one_batch()
    xb = xb.float()
    def fwd_bwd(m, x):
        with FlopCounterMode(display=False) as fc: m(x).float().sum().backward()
        return fc.get_total_flops()
    def fwd(m, x):
        with FlopCounterMode(display=False) as fc, torch.no_grad(): m(x)
        return fc.get_total_flops()
    per_img_train, per_img_valid = fwd_bwd(model.train(), xb)/len(xb), fwd(model.eval(), xb)/len(xb)
    resnet = per_img_train*n_train + per_img_valid*n_valid
    untrimmed = resnet_learner(image_dls(ds, bs=64), precision='fp32', trim=False).model
    written = fwd_bwd(untrimmed.train(), xb)/len(xb)*n_train + fwd(untrimmed.eval(), xb)/len(xb)*n_valid
    net = make_simple_net()
    x = ds.train_x[:256].view(256, -1)
    per_img_train, per_img_valid = fwd_bwd(net, x)/256, fwd(net, x)/256
    mlp = 40*(per_img_train*n_train + per_img_valid*n_valid)
    return dict(resnet18_epoch=resnet, resnet18_epoch_untrimmed=written, mlp_40_epochs=mlp)

def mlp_under_load(ds_path):
    "Seconds to train the small net, mnist37's way and the book's, alone and with a busy loop on another core"
    code = ("import json; from mnist37.approaches import run_approach; from mnist37.datasets import load_dataset;"
            f"ds = load_dataset({str(ds_path)!r});"
            "r = run_approach('mlp', ds, seed=42, progress=False); print(json.dumps(dict(seconds=r['seconds'], accuracy=r['accuracy'])))")
    def both():
        ours = json.loads(subprocess.run([PY, '-c', code], capture_output=True, text=True, check=True).stdout.splitlines()[-1])
        book = json.loads(run_child([str(HERE/'book.py'), str(ds_path), 'mlp'])[0].strip().splitlines()[-1])['mlp']
        return dict(mnist37=ours, book=book)
    quiet = both()
    hog = subprocess.Popen([PY, '-c', 'while True: pass'])
    try: busy = both()
    finally: hog.kill()
    return dict(quiet=quiet, busy=busy)

def med(xs): return statistics.median(xs) if xs else None

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--repeats', type=int, default=5); ap.add_argument('--data', default='auto')
    ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    from mnist37.sources import find_mnist_sample
    from mnist37.datasets import load_dataset
    ds_path, src, why = find_mnist_sample(a.data)  # a DataSource: (path, source, why)
    ds = load_dataset(ds_path)
    print(f"data: {src} at {ds_path} ({why})", flush=True)
    import tempfile; tmp = tempfile.mkdtemp()
    book, ours = [], []
    for i in range(a.repeats):  # alternate, so drift in the machine's speed hits both sides alike
        book.append(book_run(ds_path)); print(f"book  run {i+1}: {book[-1]['wall']:.1f} s", flush=True)
        ours.append(mnist37_run(ds_path, tmp)); print(f"mnist37 run {i+1}: {ours[-1]['wall']:.1f} s", flush=True)
    peers = sklearn_peers(ds); print('sklearn done', flush=True)
    import torch
    cores = len(os.sched_getaffinity(0))
    peaks = {f'{dt}_threads{t}': matmul_peak(t, dt) for dt in ('float32', 'bfloat16') for t in sorted({1, cores})}
    torch.set_num_threads(cores)
    flops = count_flops(ds)
    load = mlp_under_load(ds_path)
    summary = dict(
        machine=machine(),
        data=dict(source=src, path=str(ds_path), n_train=len(ds.train_x), n_valid=len(ds.valid_x)),
        repeats=a.repeats,
        book={k: dict(accuracy=med([r['results'][k]['accuracy'] for r in book]), seconds=med([r['results'][k]['seconds'] for r in book])) for k in APPROACHES},
        mnist37={k: dict(accuracy=med([r['results'][k]['accuracy'] for r in ours]), seconds=med([r['results'][k]['seconds'] for r in ours])) for k in APPROACHES},
        wall=dict(book=med([r['wall'] for r in book]), mnist37=med([r['wall'] for r in ours])),
        peak_rss_mib=dict(book=max(r['rss_mib'] or 0 for r in book), mnist37=max(r['rss_mib'] or 0 for r in ours)),
        precision=sorted({r['results']['resnet18'].get('precision', 'fp32') for r in ours}),
        sklearn=peers, matmul_gflops=peaks, flops=flops, mlp_under_load=load)
    p = summary['precision'][0]; dt = dict(fp32='float32', bf16='bfloat16')[p]
    summary['floor_seconds'] = dict(resnet18_epoch=flops['resnet18_epoch']/(peaks[f'{dt}_threads{cores}']*1e9),
                                    mlp_40_epochs=flops['mlp_40_epochs']/(peaks[f'float32_threads{cores}']*1e9))
    out = Path(a.out); out.mkdir(exist_ok=True, parents=True)
    (out/'results.json').write_text(json.dumps(summary, indent=2))
    (out/'results.md').write_text(report(summary))
    print(report(summary))

def report(s):
    b, m, w = s['book'], s['mnist37'], s['wall']
    L = [f"# Benchmark results\n",
         f"{describe(s['machine'])}; data: {s['data']['source']} ({s['data']['n_train']} train / {s['data']['n_valid']} valid), "
         f"median of {s['repeats']} alternating runs. Produced by `make bench` (`python -m bench.bench`).\n",
         "| approach | book accuracy | book s | mnist37 accuracy | mnist37 s | speed-up |", "|---|---|---|---|---|---|"]
    for k in APPROACHES:
        L.append(f"| {k} | {b[k]['accuracy']:.4f} | {b[k]['seconds']:.2f} | {m[k]['accuracy']:.4f} | {m[k]['seconds']:.2f} | {b[k]['seconds']/m[k]['seconds']:.1f}× |")
    L.append(f"| **whole chapter (process wall time)** | | {w['book']:.1f} | | {w['mnist37']:.1f} | {w['book']/w['mnist37']:.1f}× ({w['mnist37']/w['book']:.2f} of the book's time) |\n")
    L += ["## scikit-learn peers\n", "| peer | stands in for | accuracy | fit s | mnist37 accuracy | mnist37 s |", "|---|---|---|---|---|---|"]
    for n, r in s['sklearn'].items():
        L.append(f"| {n} | {r['peer_of']} | {r['accuracy']:.4f} | {r['seconds']:.2f} | {m[r['peer_of']]['accuracy']:.4f} | {m[r['peer_of']]['seconds']:.2f} |")
    f, fl, g = s['flops'], s['floor_seconds'], s['matmul_gflops']
    cores = s['machine']['cores']; p = s['precision'][0]
    L += ["\n## Against the floor\n",
          "Matrix-multiply peak (best of ten 2048×2048 products), GFLOP/s: " +
          ', '.join(f"{k.split('_')[0]} on {k.split('threads')[1]} thread(s) {v:.0f}" for k, v in g.items()) + ".\n",
          f"resnet18 trained in {p} (`--precision auto`'s choice here); its floor is its FLOPs at the {p} peak on {cores} threads. "
          f"Trimming the padding-only kernel taps leaves {f['resnet18_epoch']/1e12:.2f} of the {f['resnet18_epoch_untrimmed']/1e12:.2f} TFLOP as written.\n",
          f"| work | FLOPs (torch.utils.flop_counter) | floor at the {cores}-thread peak | mnist37 s | × floor |", "|---|---|---|---|---|",
          f"| resnet18, one epoch + validation | {f['resnet18_epoch']/1e12:.2f} T | {fl['resnet18_epoch']:.1f} s | {m['resnet18']['seconds']:.1f} | {m['resnet18']['seconds']/fl['resnet18_epoch']:.1f}× |",
          f"| small net, 40 epochs + validation | {f['mlp_40_epochs']/1e9:.1f} G | {fl['mlp_40_epochs']:.2f} s | {m['mlp']['seconds']:.2f} | {m['mlp']['seconds']/fl['mlp_40_epochs']:.1f}× |",
          "\n### The small net with the other core busy\n",
          "| path | quiet s | other core busy s |", "|---|---|---|",
          *[f"| {k} | {s['mlp_under_load']['quiet'][k]['seconds']:.2f} | {s['mlp_under_load']['busy'][k]['seconds']:.2f} |" for k in ('book', 'mnist37')],
          "",
          f"Peak memory (max RSS): mnist37 compare {s['peak_rss_mib']['mnist37']:.0f} MiB, book path {s['peak_rss_mib']['book']:.0f} MiB.\n"]
    return '\n'.join(L)

if __name__ == '__main__': main()
