"""What machine a benchmark ran on: CPU model, the flags that matter for this workload, cores, torch.

    python -m bench.machine      # prints it as JSON

Every script in bench/ puts `describe(machine())` beside its figures, so that each says where it was measured.
The CPU itself is read by `mnist37.machine.cpu_info`, the library's one reader of /proc/cpuinfo.
"""
import datetime, json, os, platform
from mnist37.machine import cpu_info

def cores() -> int:
    "The cores this process may use"
    return len(os.sched_getaffinity(0)) if hasattr(os, 'sched_getaffinity') else os.cpu_count()

def load() -> float:
    "The one-minute load average (NaN where the system has none): a busy machine skews every figure"
    try: return os.getloadavg()[0]
    except (OSError, AttributeError): return float('nan')

def machine() -> dict:
    "Where and when: CPU, cores this process may use, Python, torch, the GPU if any, today's date, the load"
    import torch
    return dict(date=datetime.date.today().isoformat(), cpu=cpu_info(), cores=cores(), load=load(),
                threads=torch.get_num_threads(), python=platform.python_version(), torch=torch.__version__,
                gpu=torch.cuda.get_device_name() if torch.cuda.is_available() else None)

def describe(m:dict) -> str:
    "One line for a report"
    c = m['cpu']
    return (f"{m['date']}, {c['model']} ({c.get('family_model_stepping', '?')}; {', '.join(c['flags']) or 'no SIMD flags read'}), "
            f"{m['cores']} cores, {m['threads']} torch threads, Python {m['python']}, torch {m['torch']}"
            + (f", GPU {m['gpu']}" if m['gpu'] else '') + (f", load {m['load']:.1f} when it started" if m.get('load') == m.get('load') else ''))

if __name__ == '__main__': print(json.dumps(machine(), indent=2))
