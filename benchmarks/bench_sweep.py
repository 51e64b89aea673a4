"""Benchmark group ``bench_sweep``: Monte Carlo sweep of ukraine-2025 on each backend.

Usage (standalone):
    python benchmarks/bench_sweep.py [--draws N] [--case NAME] [--seed S] [--per-draw M] [--no-backends]

First the per-draw path: ``M`` draws (default 300) on one process with the original path
(the integer programme and the full credibility assessment in every draw, ``fast=False``)
and with the fast path (branch and bound, :mod:`accord.sweep.fastnash`), in the same run,
with the ratio; the two lists of records must be identical.

Runs the same sweep (default models, widening on, the default track) with the local backend at
1 and 2 workers and with Dask on a ``LocalCluster`` of 2 worker processes, prints draws per
second and the speed-up over 1 worker (measured in the same run), and checks that the three
summaries are identical. Wall times include starting the workers (spawned processes import
accord; a Dask cluster starts in about 1 s) but not the one-off baseline analysis, which is
timed on its own row.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from typing import Any

import numpy as np

from accord import load_case
from accord.deals import DealSpace
from accord.sweep import run_sweep
from accord.sweep.draw import DrawContext, apply_values, run_chunk
from accord.sweep.fastnash import count_acceptable
from accord.sweep.run import prepare


def _row(label: str, seconds: float, draws: int, base: float | None) -> str:
    speed = "-" if base is None else f"{base / seconds:.2f}x"
    return (
        f"| {label} | {draws:,} | {seconds:.1f} | {draws / seconds:.1f} | {seconds / draws:.4f} | {speed} |"
    )


def per_draw(ctx: DrawContext, draws: int) -> bool:
    """Time the original and the fast per-draw paths on the same draws; print a table.

    Returns:
        Whether the two paths gave identical records.
    """
    run_chunk(ctx, [0])  # compile the kernels outside the timing (numba caches them on disk)
    t0 = time.perf_counter()
    slow = run_chunk(dataclasses.replace(ctx, fast=False), range(draws))
    t_slow = time.perf_counter() - t0
    t0 = time.perf_counter()
    fast = run_chunk(ctx, range(draws))
    t_fast = time.perf_counter() - t0
    print("\n| per-draw path (1 process) | draws | seconds | draws/s | ms/draw | speed-up |")
    print("|---|---:|---:|---:|---:|---:|")
    print(
        f"| original (MILP, full credibility) | {draws:,} | {t_slow:.2f} | {draws / t_slow:.1f} | "
        f"{1000 * t_slow / draws:.2f} | - |"
    )
    print(
        f"| fast (branch and bound) | {draws:,} | {t_fast:.2f} | {draws / t_fast:.1f} | "
        f"{1000 * t_fast / draws:.2f} | {t_slow / t_fast:.1f}x |"
    )
    same = fast == slow
    print(f"\nrecords identical: {'yes' if same else 'NO'}")
    # the whole acceptable set of each draw (not part of a draw yet: see docs/sweep.md)
    spaces = [
        DealSpace.from_case(apply_values(ctx.case, ctx.spec, ctx.spec.sample(ctx.seed, i)), actors=ctx.actors)
        for i in range(draws)
    ]
    count_acceptable(spaces[0])
    t0 = time.perf_counter()
    counts = [count_acceptable(s) for s in spaces]
    t_count = time.perf_counter() - t0
    print(
        f"counting each draw's whole acceptable set: {1000 * t_count / draws:.2f} ms/draw "
        f"({t_count / t_fast:.2f}x the fast draw; median {int(np.median(counts)):,} "
        f"of {spaces[0].size:,} packages)"
    )
    return same


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a Markdown table; exit 1 if the backends disagree."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--draws", type=int, default=10_000)
    parser.add_argument("--case", default="ukraine-2025")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--per-draw", type=int, default=300, help="draws timed on each per-draw path (0: skip)"
    )
    parser.add_argument(
        "--backends", action=argparse.BooleanOptionalAction, default=True, help="time the backends"
    )
    args = parser.parse_args(argv)
    case = load_case(args.case)

    t0 = time.perf_counter()
    ctx, _header = prepare(case, args.seed)
    baseline = time.perf_counter() - t0
    print(
        f"{args.case}: {len(ctx.spec.inputs)} uncertain inputs, {len(ctx.candidates)} candidate packages, "
        f"track actors {', '.join(ctx.actors)}; baseline analysis {baseline:.1f} s"
    )

    same_records = per_draw(ctx, args.per_draw) if args.per_draw > 0 else True
    if not args.backends:
        return 0 if same_records else 1

    runs: list[tuple[str, dict[str, Any], float]] = []
    for label, kwargs in (
        ("local, 1 worker", {"backend": "local", "workers": 1}),
        ("local, 2 workers", {"backend": "local", "workers": 2}),
        ("dask LocalCluster, 2 workers", {"backend": "dask", "workers": 2}),
    ):
        t0 = time.perf_counter()
        result = run_sweep(case, args.draws, seed=args.seed, **kwargs)
        runs.append((label, result.summary, time.perf_counter() - t0 - baseline))
        print(f"  {label}: {runs[-1][2]:.1f} s", file=sys.stderr)

    print("\n| backend | draws | seconds | draws/s | s/draw | speed-up vs 1 worker |")
    print("|---|---:|---:|---:|---:|---:|")
    base = runs[0][2]
    for i, (label, _summary, seconds) in enumerate(runs):
        print(_row(label, seconds, args.draws, None if i == 0 else base))
    same = all(summary == runs[0][1] for _label, summary, _s in runs)
    print(f"\nsummaries identical across backends: {'yes' if same else 'NO'}")
    return 0 if same and same_records else 1


if __name__ == "__main__":
    sys.exit(main())
