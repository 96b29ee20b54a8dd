"""CPU time and peak memory of sanitize() on 10 MB of '&', and on the largest input it accepts.

Run: ``python benchmarks/sanitize_size_cap.py``. Each measurement runs in a fresh process
(peak memory is per process), three rounds interleaved, median [min-max] of CPU seconds
(``time.process_time``) and of peak RSS. Issue 10 item 5: before ``max_input_bytes``, 10 MB
of ``&`` was parsed in full.
"""

from __future__ import annotations

import json
import statistics
import subprocess
import sys

CHILD = """
import json, resource, time
from commentguard import sanitize
html = "&" * {size}
start = time.process_time()
try:
    outcome = f"{{len(sanitize(html)):,}} characters out"
except ValueError:
    outcome = "ValueError"
cpu = time.process_time() - start
print(json.dumps([cpu, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, outcome]))
"""
SIZES = {"10 MB of &": 10_000_000, "65,525 bytes of & (the cap)": 65_525}


def main() -> int:
    """Measure each size in fresh processes and print median [min-max]."""
    results: dict[str, list[tuple[float, float, str]]] = {name: [] for name in SIZES}
    for _ in range(3):
        for name, size in SIZES.items():
            output = subprocess.run(  # noqa: S603 - this interpreter, our own fixed code
                [sys.executable, "-c", CHILD.format(size=size)], capture_output=True, text=True, check=True
            ).stdout
            cpu, peak, outcome = json.loads(output)
            results[name].append((cpu, peak, outcome))
    for name, rounds in results.items():
        cpus, peaks = [r[0] for r in rounds], [r[1] for r in rounds]
        print(
            f"{name}: CPU {statistics.median(cpus):.3f} s [{min(cpus):.3f}-{max(cpus):.3f}], "
            f"peak RSS {statistics.median(peaks):.0f} MiB [{min(peaks):.0f}-{max(peaks):.0f}], {rounds[0][2]}"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
