"""Pareto frontier benchmarks (issue 16): accord against NegMAS and against a numpy scoring floor.

NegMAS is never a dependency: give the interpreter of a throwaway venv, e.g.
``python3.11 -m venv /tmp/negmas-venv && /tmp/negmas-venv/bin/pip install negmas==0.16.0``, then
``make bench BENCH_ARGS="--only pareto --negmas /tmp/negmas-venv/bin/python"``. The utilities
accord scores (rounded as accord rounds them) are written to a temporary file and passed to
NegMAS's ``pareto_frontier`` in a subprocess, with each actor's no-deal value (less accord's
1e-9 tolerance) as the reserved value; every row checks the two frontiers hold the same
distinct utility vectors before its ratio is printed.
"""

from __future__ import annotations

import json
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from numpy.typing import NDArray
from run import synthetic_case
from timing import timed

from accord.deals import DealSpace, ScanResult, scan

_NEGMAS_SCRIPT = """
import json, sys, time
import numpy as np
from negmas.preferences import pareto_frontier
from negmas.preferences.crisp.mapping import MappingUtilityFunction
from negmas.preferences.ops import pareto_frontier_numpy

util = np.load(sys.argv[1])
reserved = json.loads(sys.argv[2])
cols = [util[:, a].tolist() for a in range(util.shape[1])]
outcomes = [(i,) for i in range(util.shape[0])]
ufuns = [
    MappingUtilityFunction(lambda o, c=c: c[o[0]], reserved_value=r) for c, r in zip(cols, reserved)
]
t = time.perf_counter()
points, index = pareto_frontier(ufuns, outcomes=outcomes, sort_by_welfare=True)
seconds = time.perf_counter() - t
rational = util[np.all(util >= np.asarray(reserved), axis=1)]
t = time.perf_counter()
pareto_frontier_numpy(rational)
core = time.perf_counter() - t
print(json.dumps({"seconds": seconds, "core_seconds": core, "index": [int(i) for i in index]}))
"""


def _all_utilities(space: DealSpace) -> NDArray[np.float64]:
    """Every package's utilities, ``(packages, actors)``, rounded as the scan rounds them."""
    idx = np.arange(space.size, dtype=np.int64)
    return np.round(space.utilities(space.choices(idx)).T, 9)


def negmas_frontier(python: str, util: NDArray[np.float64], reserved: list[float]) -> dict[str, object]:
    """Run NegMAS's ``pareto_frontier`` on ``util`` under ``python``; return its timings and indices."""
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "util.npy"
        np.save(path, util)
        proc = subprocess.run(
            [python, "-c", _NEGMAS_SCRIPT, str(path), json.dumps(reserved)],
            capture_output=True,
            text=True,
            check=True,
        )
    out: dict[str, object] = json.loads(proc.stdout.strip().splitlines()[-1])
    return out


def numpy_scoring_floor(space: DealSpace, chunk: int = 1 << 20) -> None:
    """One numpy pass that scores every package and tests acceptability, keeping nothing."""
    nd = space.no_deal[:, None] - 1e-9
    for start in range(0, space.size, chunk):
        idx = np.arange(start, min(start + chunk, space.size), dtype=np.int64)
        choices = space.choices(idx)
        util = space.utilities(choices)
        ((util >= nd) & ~space.red_lines_crossed(choices)).all(axis=0)


def bench_pareto(large: bool, negmas: str | None) -> Iterator[tuple[str, float, float | None]]:
    warm = DealSpace.from_case(synthetic_case(8, 4, 9), fixed={"i0": "o0", "i1": "o0"})
    scan(warm)  # compile or load the kernels
    if negmas is not None:
        for n_issues in (6, 7, 8):
            space = DealSpace.from_case(synthetic_case(n_issues, 4, 9))
            util = _all_utilities(space)
            theirs = negmas_frontier(negmas, util, [float(v) - 1e-9 for v in space.no_deal])
            ours = scan(space)
            index = theirs["index"]
            assert isinstance(index, list)
            same = {tuple(r) for r in util[index]} == {tuple(r) for r in ours.frontier_utilities}
            if not same:
                raise AssertionError(f"NegMAS and accord frontiers differ on {n_issues} issues")
            t = timed(lambda sp=space: scan(sp))
            label = (
                f"9 actors x {n_issues} issues x 4 options ({space.size:,} packages,"
                f" {len(index):,} frontier points)"
            )
            seconds = theirs["seconds"]
            core = theirs["core_seconds"]
            assert isinstance(seconds, float)
            assert isinstance(core, float)
            yield (f"{label}: accord scan vs NegMAS pareto_frontier, identical frontiers", t, seconds)
            yield (f"{label}: accord scan vs NegMAS pareto_frontier_numpy on given points", t, core)
    if not large:
        return
    # (issues, options, actors, no-deal value): the 9 x 8 x 8 space at the generator's default
    # no-deal value, then at the value that gives about the issue's 78,720 frontier points; the
    # 10^8-package space with 3 actors, then with 5 (about the issue's 163,279 points)
    for n_issues, n_options, n_actors, no_deal in (
        (8, 8, 9, 0.5),
        (8, 8, 9, 0.6165),
        (8, 10, 3, 0.5),
        (8, 10, 5, 0.5),
    ):
        space = DealSpace.from_case(synthetic_case(n_issues, n_options, n_actors, no_deal=no_deal))
        held: list[ScanResult] = []
        t = timed(lambda sp=space, out=held: out.append(scan(sp)), repeat=1)
        floor = timed(lambda sp=space: numpy_scoring_floor(sp), repeat=1)
        yield (
            f"{n_actors} actors x {n_issues} issues x {n_options} options, no-deal {no_deal}"
            f" ({space.size:,} packages, {held[0].frontier_index.size:,} frontier points):"
            " scan vs numpy scoring floor",
            t,
            floor,
        )
