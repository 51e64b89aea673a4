"""Exact search at 10 actors x 40 issues x 5 options (5^40 = 9.1e27 packages): Nash and egalitarian.

Each solution is timed on three seeds with today's code and with the exact search before
issue 16 (``legacy_exact.py``) as the baseline, in the same run. Prints one row per seed and
solution with the proven optimality gap; the goal (issue 16) is under 5 s for each. The
egalitarian branch and bound's numba kernels are compiled (or loaded from numba's cache) on a
tiny case first, as ``run.py`` does for the scan kernels: a first-ever compile adds about 5 s
once per install.

Usage:
    python benchmarks/bench_exact.py [--seeds 1 2 3]
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import legacy_exact
from run import synthetic_case
from timing import timed

from accord.deals import DealSpace, solve_exact
from accord.deals.solutions import SolutionName

SEEDS = (1, 2, 3)


def bench_exact(
    large: bool = False, seeds: tuple[int, ...] = SEEDS
) -> Iterator[tuple[str, float, float | None]]:
    """Yield ``(label, seconds, baseline seconds)`` for exact Nash and egalitarian on each seed."""
    names: tuple[SolutionName, ...] = ("nash", "egalitarian")
    solve_exact(DealSpace.from_case(synthetic_case(n_issues=4, n_options=3, n_actors=3)), "egalitarian")
    for seed in seeds:
        space = DealSpace.from_case(synthetic_case(n_issues=40, n_options=5, n_actors=10, seed=seed))
        for name in names:
            found: list[float] = []
            t = timed(lambda sp=space, s=name, f=found: f.append(solve_exact(sp, s).gap), repeat=1)
            t_old = timed(lambda sp=space, s=name: legacy_exact.solve_exact(sp, s), repeat=1)
            label = f"10 actors x 40 issues x 5 options, seed {seed}: exact {name} (gap {found[0]:.1e})"
            yield (label, t, t_old)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seeds", type=int, nargs="+", default=list(SEEDS))
    args = parser.parse_args()
    print("| benchmark | seconds | baseline s | speed-up | under 5 s |")
    print("|---|---:|---:|---:|---|")
    for label, seconds, baseline in bench_exact(seeds=tuple(args.seeds)):
        b = "-" if baseline is None else f"{baseline:.3g}"
        r = "-" if baseline is None else f"{baseline / seconds:.2f}x"
        met = "yes" if seconds < 5.0 else "**no**"
        print(f"| {label} | {seconds:.3g} | {b} | {r} | {met} |", flush=True)


if __name__ == "__main__":
    main()
