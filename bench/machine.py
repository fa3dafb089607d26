"""What machine a benchmark ran on: CPU model, the flags that matter for this workload, cores, torch.

    python bench/machine.py      # prints it as JSON

Imported by bench.py and profile.py, so that every figure in bench/ says where it was measured.
"""
import datetime, json, os, platform, re

FLAGS = ('avx2', 'fma', 'avx512f', 'avx512_bf16', 'avx512_vnni', 'amx_tile', 'amx_bf16', 'amx_int8', 'avx_vnni')

def cpu_info() -> dict:
    "Model name, family/model/stepping and the workload's SIMD flags, from /proc/cpuinfo (Linux), else platform"
    info = dict(model=platform.processor() or platform.machine(), flags=[])
    try: text = open('/proc/cpuinfo').read()
    except OSError: return info
    first = text.split('\n\n')[0]
    field = lambda k: (re.search(rf'^{k}\s*:\s*(.*)$', first, re.M) or [None, ''])[1].strip()
    flags = set(field('flags').split())
    info.update(model=field('model name') or info['model'],
                family_model_stepping='/'.join(field(k) for k in ('cpu family', 'model', 'stepping')),
                flags=[f for f in FLAGS if f in flags])
    return info

def machine() -> dict:
    "Where and when: CPU, cores this process may use, Python, torch, the GPU if any, today's date"
    import torch
    return dict(date=datetime.date.today().isoformat(), cpu=cpu_info(), cores=len(os.sched_getaffinity(0)),
                threads=torch.get_num_threads(), python=platform.python_version(), torch=torch.__version__,
                gpu=torch.cuda.get_device_name() if torch.cuda.is_available() else None)

def describe(m:dict) -> str:
    "One line for a report"
    c = m['cpu']
    return (f"{m['date']}, {c['model']} ({c.get('family_model_stepping', '?')}; {', '.join(c['flags']) or 'no SIMD flags read'}), "
            f"{m['cores']} cores, {m['threads']} torch threads, Python {m['python']}, torch {m['torch']}"
            + (f", GPU {m['gpu']}" if m['gpu'] else ''))

if __name__ == '__main__': print(json.dumps(machine(), indent=2))
