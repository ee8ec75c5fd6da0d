"""Build and rank timings of the CandidateIndex for one source tree (wall and CPU time).

Run from the repository root, for this tree or a pristine export of another commit (to
compare; not a checkout someone works in):
    .venv/bin/python benchmarks/ranking_build.py . 10000,100000
    git archive main matcher benchmarks seed | tar -x -C /tmp/main-tree
    .venv/bin/python benchmarks/ranking_build.py /tmp/main-tree 10000,100000
    .venv/bin/python benchmarks/ranking_build.py . 100000 --profile   # cProfile of the build

The tree's own `benchmarks/ranking.py` generates the candidates (realistic texts of 5 to 25
words) and the first 50 postings; each size prints the build's wall and CPU time, then the
median of 50 repeated `rank` calls after one warm-up pass over the same postings.
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import statistics
import sys
import time
from pathlib import Path


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", help="the checkout whose matcher package is measured")
    parser.add_argument("sizes", help="comma-separated pool sizes")
    parser.add_argument("--profile", action="store_true", help="print the build's cProfile")
    args = parser.parse_args()
    tree = Path(args.tree).resolve()
    sys.path[:0] = [str(tree), str(tree / "benchmarks")]
    import ranking as bench  # noqa: PLC0415 (the tree is chosen at run time)

    from matcher.ranking import CandidateIndex  # noqa: PLC0415
    from matcher.ranking.occupations import default_catalog  # noqa: PLC0415

    _ = default_catalog().text_model
    synthetic = bench.Synthetic(2)
    postings = [synthetic.posting(i) for i in range(1, 51)]
    for size in (int(s) for s in args.sizes.split(",")):
        candidates = bench._generate(size)
        profile = cProfile.Profile() if args.profile else None
        wall, cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        index = CandidateIndex(candidates)
        if profile:
            profile.disable()
        build_wall, build_cpu = time.perf_counter() - wall, time.process_time() - cpu
        for posting in postings:
            index.rank(posting, bench.TODAY)
        walls, cpus = bench.timed_queries(lambda p, i=index: i.rank(p, bench.TODAY), postings)
        print(
            f"{tree.name} N={size:,}: build wall {build_wall:.2f} s, cpu {build_cpu:.2f} s | "
            f"rank repeated median wall {statistics.median(walls):.2f} ms, "
            f"cpu {statistics.median(cpus):.2f} ms",
            flush=True,
        )
        if profile:
            pstats.Stats(profile).sort_stats("tottime").print_stats(25)
        del index, candidates


if __name__ == "__main__":
    main()
