"""Ranking A/B: this checkout's CandidateIndex against the one of an earlier commit.

Run from the repository root:
    .venv/bin/python benchmarks/ranking_ab.py --against b8eb1d0
    .venv/bin/python benchmarks/ranking_ab.py --against HEAD~1 --size 1000000

On a shared machine whose speed moves from one minute to the next, two runs of
`ranking.py` cannot tell a change of 20 % from noise. This one builds both indexes in the
same process from the same pool (`ranking.py`'s synthetic candidates and postings), ranks
each posting with both in turn, alternating which goes first, and prints the medians and
their ratio, then checks that both return the same matches. The earlier commit's
`matcher/ranking` (self-contained: relative imports only) and `seed/` are taken with
`git archive` into a temporary directory and imported as `earlier_ranking`.
"""

from __future__ import annotations

import argparse
import importlib
import io
import statistics
import subprocess
import sys
import tarfile
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from ranking import TODAY, Synthetic  # noqa: E402

from matcher.ranking import CandidateIndex  # noqa: E402


def earlier_package(revision: str, into: Path):
    """Import `matcher/ranking` of `revision` as the package `earlier_ranking`."""
    archive = subprocess.run(
        ["git", "archive", revision, "matcher/ranking", "seed"],
        cwd=ROOT, check=True, capture_output=True,
    ).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(into, filter="data")
    # occupations.py finds seed/ beside the package's parent: into/seed
    (into / "matcher" / "ranking").rename(into / "earlier_ranking")
    sys.path.insert(0, str(into))
    return importlib.import_module("earlier_ranking")


def timed_rank(index, posting) -> tuple[float, list]:
    start = time.perf_counter()
    matches = index.rank(posting, TODAY)
    elapsed = (time.perf_counter() - start) * 1000
    return elapsed, [(m.id, m.score, sorted(m.flags)) for m in matches]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--against", required=True, help="the earlier commit (any git revision)")
    parser.add_argument("--size", type=int, default=100_000, help="candidates in the pool")
    parser.add_argument("--rounds", type=int, default=3, help="repeated passes over the postings")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        earlier = earlier_package(args.against, Path(folder))
        synthetic = Synthetic(1)
        candidates = [synthetic.candidate(i) for i in range(1, args.size + 1)]
        synthetic = Synthetic(2)
        postings = [synthetic.posting(i) for i in range(1, 51)]
        indexes = {}
        for name, kind in (("earlier", earlier.CandidateIndex), ("this", CandidateIndex)):
            start = time.perf_counter()
            indexes[name] = kind(candidates)
            print(f"{name}: built in {time.perf_counter() - start:.1f} s", flush=True)
        del candidates
        first: dict[str, list[float]] = {"earlier": [], "this": []}
        repeated: dict[str, list[float]] = {"earlier": [], "this": []}
        differ = []
        for rounds in range(args.rounds + 1):
            for i, posting in enumerate(postings):
                names = ["earlier", "this"] if (i + rounds) % 2 == 0 else ["this", "earlier"]
                found = {}
                for name in names:
                    elapsed, found[name] = timed_rank(indexes[name], posting)
                    (first if rounds == 0 else repeated)[name].append(elapsed)
                if found["earlier"] != found["this"] and posting.id not in differ:
                    differ.append(posting.id)
    print(f"\n{args.size:,} candidates, 50 postings, {args.rounds} repeated passes")
    print(f"{'':28}{'earlier':>10}{'this':>10}{'this / earlier':>16}")
    for label, times in (("first query (median, ms)", first), ("repeated (median, ms)", repeated)):
        old, new = statistics.median(times["earlier"]), statistics.median(times["this"])
        print(f"{label:28}{old:>10.2f}{new:>10.2f}{new / old:>16.2f}")
    if differ:
        raise SystemExit(f"the two indexes return different matches for postings {differ}")
    print("same matches for every posting")


if __name__ == "__main__":
    main()
