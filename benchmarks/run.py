"""Benchmark runner: each row is timed against a baseline measured in the same run.

Usage:
    python benchmarks/run.py [--only GROUP] [--large] [--baseline DIR] [--negmas PY]
    (groups: deals, pareto, eu, backtest, smp, guarantees, exact, startup, hostile, web)

Prints a table (name, seconds, baseline seconds, speed-up = baseline / seconds).
``--large`` adds the 10^8-package scan, run in a subprocess to measure its peak memory, and the
frontier rows against a numpy scoring floor. ``--negmas PY`` (the interpreter of a throwaway venv
with negmas==0.16.0; never a dependency) adds the frontier rows against NegMAS.
"""

from __future__ import annotations

import argparse
import itertools
import json
import resource
import subprocess
import sys
from collections.abc import Callable, Iterator
from typing import Any

import numpy as np
from timing import timed

from accord.case import Case, load_case
from accord.deals import DealSpace, analyse_deals, scan, solve_exact


def synthetic_case(n_issues: int, n_options: int, n_actors: int, seed: int = 1, no_deal: float = 0.5) -> Case:
    rng = np.random.default_rng(seed)
    actors = [f"A{i}" for i in range(n_actors)]
    return Case.model_validate(
        {
            "id": "bench",
            "title": "benchmark",
            "as_of": "2025-01-01",
            "description": "synthetic",
            "actors": [
                {
                    "id": a,
                    "name": a,
                    "kind": "state",
                    "capability": 0.5,
                    "capability_basis": "x",
                    "no_deal_utility": no_deal,
                }
                for a in actors
            ],
            "issues": [
                {
                    "id": f"i{k}",
                    "name": f"i{k}",
                    "description": "d",
                    "options": [
                        {"id": f"o{j}", "label": str(j), "position": j * 100 / (n_options - 1)}
                        for j in range(n_options)
                    ],
                }
                for k in range(n_issues)
            ],
            "positions": [
                {
                    "actor": a,
                    "issue": f"i{k}",
                    "ideal": float(rng.integers(0, 101)),
                    "salience": float(rng.uniform(0.1, 1.0)),
                }
                for a in actors
                for k in range(n_issues)
            ],
        }
    )


def python_loop_scan(case: Case, limit: int) -> int:
    """Baseline: score packages one by one in pure Python (what a spreadsheet-style loop does)."""
    actors = [a.id for a in case.actors]
    positions = {(p.actor, p.issue): p for p in case.positions}
    totals = {a: sum(p.salience for p in case.positions if p.actor == a) for a in actors}
    no_deal = {a.id: a.no_deal_utility for a in case.actors}
    ok = 0
    for combo in itertools.islice(itertools.product(*(i.options for i in case.issues)), limit):
        good = True
        for a in actors:
            u = 0.0
            for issue, opt in zip(case.issues, combo, strict=True):
                p = positions.get((a, issue.id))
                if p is None:
                    continue
                if opt.id in p.red_line:
                    good = False
                u += p.salience * (1 - abs(opt.position - p.ideal) / 100)
            if u / totals[a] < no_deal[a]:
                good = False
        ok += good
    return ok


def numpy_only(fn: Callable[[], Any]) -> Callable[[], Any]:
    """Run ``fn`` with the compiled kernels switched off (the pure-numpy path)."""
    from accord.deals import _kernels

    def run() -> Any:
        saved = (_kernels.score_blocks, _kernels.skyline_counts, _kernels.skyline_sorted)
        _kernels.score_blocks = _kernels.skyline_counts = _kernels.skyline_sorted = None
        try:
            return fn()
        finally:
            _kernels.score_blocks, _kernels.skyline_counts, _kernels.skyline_sorted = saved

    return run


def bench_deals(large: bool) -> Iterator[tuple[str, float, float | None]]:
    case = synthetic_case(n_issues=10, n_options=4, n_actors=6)
    space = DealSpace.from_case(case)
    scan(DealSpace.from_case(case, fixed={f"i{k}": "o0" for k in range(9)}))  # compile or load the kernels
    n = 50_000
    per_pkg = timed(lambda: python_loop_scan(case, n), repeat=1) / n
    compiled = timed(lambda: scan(space))
    yield (
        f"scan {space.size:,} packages, 6 actors: compiled vs pure-Python loop (extrapolated)",
        compiled,
        per_pkg * space.size,
    )
    sub = DealSpace.from_case(case, fixed={"i0": "o0", "i1": "o1"})  # 4^8 = 65,536 packages
    yield (
        f"scan {sub.size:,} packages, 6 actors: compiled vs numpy path",
        timed(lambda: scan(sub)),
        timed(numpy_only(lambda: scan(sub)), repeat=1),
    )
    uk = load_case("ukraine-2025")
    for actors, label in ((["USA", "RUS", "UKR"], "trilateral"), (None, "all 11 actors")):
        uspace = DealSpace.from_case(uk, actors=actors)
        t = timed(lambda sp=uspace: analyse_deals(sp, top=5), repeat=1)
        yield (f"ukraine-2025 {label}: full analysis of {uspace.size:,} packages", t, None)
    uspace = DealSpace.from_case(uk, actors=["USA", "RUS", "UKR"])
    t_enum = timed(lambda: analyse_deals(uspace, top=0, solutions=("nash",)), repeat=1)
    t_exact = timed(lambda: solve_exact(uspace, "nash"), repeat=1)
    yield ("ukraine-2025 trilateral: Nash by MILP vs by enumeration", t_exact, t_enum)
    big = synthetic_case(n_issues=40, n_options=5, n_actors=3)
    bspace = DealSpace.from_case(big)
    t_nash = timed(lambda: solve_exact(bspace, "nash"), repeat=1)
    yield ("40 issues x 5 options (9.1e27 packages), 3 actors: exact Nash by MILP", t_nash, None)
    if large:
        code = (
            "import resource, time, json, sys; sys.path.insert(0, 'benchmarks');"
            "from run import synthetic_case; from accord.deals import DealSpace, scan;"
            "s = DealSpace.from_case(synthetic_case(n_issues=8, n_options=10, n_actors=3));"
            "t = time.perf_counter(); r = scan(s); t = time.perf_counter() - t;"
            "print(json.dumps({'size': s.size, 'seconds': t, 'acceptable': r.acceptable,"
            "'peak_mb': resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))"
        )
        proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
        out = json.loads(proc.stdout)
        yield (
            f"scan {out['size']:,} packages, 3 actors (peak RSS {out['peak_mb']:.0f} MB)",
            out["seconds"],
            None,
        )


def _groups(
    baseline: str | None, negmas: str | None
) -> dict[str, Callable[[bool], Iterator[tuple[str, float, float | None]]]]:
    from bench_exact import bench_exact
    from bench_forecast import bench_backtest, bench_forecast
    from bench_guarantees import bench_guarantees
    from bench_hostile import bench_hostile
    from bench_pareto import bench_pareto
    from bench_smp import bench_smp
    from bench_startup import bench_startup
    from load_web import bench_web

    return {
        "deals": bench_deals,
        "pareto": lambda large: bench_pareto(large, negmas),
        "eu": lambda large: bench_forecast(large, baseline),
        "backtest": bench_backtest,
        "smp": bench_smp,
        "guarantees": bench_guarantees,
        "exact": bench_exact,
        "startup": bench_startup,
        "hostile": bench_hostile,
        "web": bench_web,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "--only",
        choices=[
            "deals",
            "pareto",
            "eu",
            "backtest",
            "smp",
            "guarantees",
            "exact",
            "startup",
            "hostile",
            "web",
        ],
    )
    parser.add_argument(
        "--baseline",
        metavar="DIR",
        help="folder with the jmckib/dmasad replication of Scholz's EU model (fetched; never committed)",
    )
    parser.add_argument("--large", action="store_true", help="include the 10^8-package scan")
    parser.add_argument(
        "--negmas",
        metavar="PY",
        help="Python interpreter of a throwaway venv with negmas==0.16.0, for the Pareto frontier rows",
    )
    args = parser.parse_args()
    rows: list[tuple[str, str, float, float | None]] = []
    for name, group in _groups(args.baseline, args.negmas).items():
        if args.only and name != args.only:
            continue
        for label, seconds, baseline in group(args.large):
            rows.append((name, label, seconds, baseline))
            print(f"  done: {label}", file=sys.stderr)
    width = max(len(r[1]) for r in rows)
    print(f"| group | benchmark{' ' * (width - 9)} | seconds | baseline s | speed-up |")
    print(f"|---|{'-' * (width + 1)}|---:|---:|---:|")
    for group, label, seconds, baseline in rows:
        b = f"{baseline:.4g}" if baseline is not None else "-"
        ratio = f"{baseline / seconds:.1f}x" if baseline is not None else "-"
        print(f"| {group} | {label.ljust(width)} | {seconds:.4g} | {b} | {ratio} |")
    print(
        f"\npeak RSS of this process: {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MB",
        file=sys.stderr,
    )


if __name__ == "__main__":
    main()
