"""Where one epoch of mnist37's resnet18 spends its time: PyTorch's profiler over a whole `fit_one_cycle(1, 0.1)`.

    python -m bench.epoch_profile [--data auto] [--precision auto] [--top 15] [--out bench]

Writes bench/profile-<device>.md and .json: the machine (CPU model and flags, threads, torch), the epoch's
wall time, the share of forward, backward and optimiser, and the top operations by self time with their
input shapes. A measurement, never a test.
"""
import argparse, json, time
from pathlib import Path
from bench.machine import machine, describe
HERE = Path(__file__).resolve().parent

def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument('--data', default='auto'); ap.add_argument('--precision', default='auto')
    ap.add_argument('--top', type=int, default=15); ap.add_argument('--out', default=str(HERE))
    a = ap.parse_args()
    import torch
    from torch.profiler import profile, ProfilerActivity, record_function
    from fastai.callback.core import Callback
    from fastai.torch_core import set_seed
    from mnist37.core import setup_threads, get_device
    from mnist37.sources import find_mnist_sample
    from mnist37.datasets import load_dataset
    from mnist37.speed import image_dls, resnet_learner, choose_precision, used_taps_only
    setup_threads()
    src = find_mnist_sample(a.data); ds = load_dataset(src.path)
    dev = get_device()
    precision, why = choose_precision(a.precision, dev)

    class Phases(Callback):
        "Label each phase of a batch for the profiler"
        order = -100
        def before_batch(self): self.r = record_function('train batch' if self.training else 'valid batch'); self.r.__enter__()
        def after_batch(self): self.r.__exit__(None, None, None)

    set_seed(42)
    learn = resnet_learner(image_dls(ds), precision=precision, cbs=[Phases()])
    with learn.no_bar(), learn.no_logging(), used_taps_only(learn):
        learn.fit_one_cycle(1, 0.1)                                  # warm-up epoch: not profiled
    set_seed(42)
    learn = resnet_learner(image_dls(ds), precision=precision, cbs=[Phases()])
    acts = [ProfilerActivity.CPU] + ([ProfilerActivity.CUDA] if dev.type == 'cuda' else [])
    t = time.perf_counter()
    with profile(activities=acts, record_shapes=True) as p, learn.no_bar(), learn.no_logging(), used_taps_only(learn):
        learn.fit_one_cycle(1, 0.1)                                  # as `train_resnet` trains it
    wall = time.perf_counter() - t
    acc = float(learn.recorder.values[-1][-1])
    ev = p.key_averages()
    total = lambda name: sum(e.cpu_time_total for e in ev if e.key == name)/1e6
    phases = {k: total(k) for k in ('train batch', 'valid batch')}
    phase_ops = dict(backward=sum(e.self_cpu_time_total for e in ev if 'Backward' in e.key or e.key.endswith('_backward'))/1e6,
                     optimiser=sum(e.self_cpu_time_total for e in ev if 'adam' in e.key.lower() or 'Optimizer' in e.key)/1e6)
    rows = sorted(p.key_averages(group_by_input_shape=True), key=lambda e: -e.self_cpu_time_total)[:a.top]
    top = [dict(op=e.key, shapes=' '.join(str(tuple(s)) for s in e.input_shapes[:3] if s), calls=e.count,
                self_s=e.self_cpu_time_total/1e6) for e in rows]
    self_total = sum(e.self_cpu_time_total for e in ev)/1e6
    m = machine()
    res = dict(machine=m, data=dict(source=src.source, n_train=len(ds.train_x), n_valid=len(ds.valid_x)),
               precision=precision, why=why, wall_seconds=wall, accuracy=acc, phases=phases, self_total=self_total,
               backward_self=phase_ops['backward'], optimiser_self=phase_ops['optimiser'], top=top)
    out = Path(a.out); name = f"profile-{'gpu' if dev.type == 'cuda' else dev.type}"
    (out/f'{name}.json').write_text(json.dumps(res, indent=2))
    L = [f"# Where resnet18's epoch goes ({dev.type})\n", describe(m) + '.\n',
         f"One epoch of `fit_one_cycle(1, 0.1)` on {src.source} data ({len(ds.train_x)} training / {len(ds.valid_x)} validation images), "
         f"batch 64, trimmed convolutions with only the used taps training, {precision} ({why}), under PyTorch's profiler (which adds a little time): "
         f"{wall:.1f} s, accuracy {acc:.4f}. Produced by `python -m bench.epoch_profile`.\n",
         f"- training batches: {phases['train batch']:.1f} s; validation batches: {phases['valid batch']:.2f} s",
         f"- self time in backward operations: {phase_ops['backward']:.1f} s; in the optimiser: {phase_ops['optimiser']:.2f} s "
         f"(of {self_total:.1f} s of profiled CPU time)\n",
         f"| operation | input shapes | calls | self s | share |", "|---|---|---|---|---|"]
    L += [f"| `{r['op']}` | {r['shapes']} | {r['calls']} | {r['self_s']:.2f} | {r['self_s']/self_total:.0%} |" for r in top]
    (out/f'{name}.md').write_text('\n'.join(L) + '\n')
    print('\n'.join(L))

if __name__ == '__main__': main()
