"""Time two fixed workloads, to tell which speed the machine runs at right now.

The shared machines this project is measured on change speed from one minute to the next
(docs/performance.md: the same commit ranks 100,000 candidates in 1.16 ms, then in 2.6 ms,
with the CPU time equal to the wall time, so not a matter of waiting). `make bench` prints
this probe before each benchmark, so that a figure can be read beside the speed of the
machine when it was taken. The probe changes no bar and no figure.

    .venv/bin/python benchmarks/machine.py
"""

import statistics
import sys
import time

import numpy as np

RUNS = 7
VALUES = np.arange(4_000_000, dtype=np.int64)


def python_loop() -> None:
    total = 0
    for number in range(1_000_000):
        total += number


def numpy_pass() -> None:
    np.dot(VALUES, VALUES)
    np.cumsum(VALUES)


def median_ms(workload) -> float:
    samples = []
    for _ in range(RUNS):
        started = time.perf_counter()
        workload()
        samples.append((time.perf_counter() - started) * 1000)
    return statistics.median(samples)


def main() -> int:
    print(f"machine probe: Python loop {median_ms(python_loop):.1f} ms, "
          f"numpy pass {median_ms(numpy_pass):.1f} ms (medians of {RUNS}: the lower, the faster)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
