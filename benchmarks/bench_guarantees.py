"""Benchmarks of the guarantee model (issue 12): one million parameter draws, 7 architectures, 120 months.

The baseline is the simulator of accord 0.1 (``legacy_simulation.simulate_core``, kept in this
folder only for this purpose), which stepped through 120 months of 1,000,000 simulated
histories per architecture. The new model draws 1,000,000 parameter sets and evaluates each
architecture's survival in closed form (``accord.guarantees.simulation.simulate``); it reports
P(war) and P(any violation) at 1, 2, 5 and 10 years for every draw and the monthly mean curves
from the first 200,000 draws (a second row computes the curves from every draw). Both are
measured in the same run, after one untimed call that compiles the numba kernels.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import numpy as np
from timing import timed

from accord.case import load_case
from accord.guarantees import simulation

sys.path.insert(0, str(Path(__file__).resolve().parent))
import legacy_simulation as legacy

IDS = [
    "nato-art5",
    "budapest-1994",
    "minsk-2",
    "uk-ukr-2024",
    "euro-reassurance",
    "coalition-art5-like",
    "none",
]
DRAWS = 1_000_000
MONTHS = 120


def _legacy(draws: int) -> None:
    params = legacy.Parameters.from_mapping({})
    rng = np.random.default_rng(0)
    # the seven architectures of the old comparison: guarantor counts and weights of that model
    shapes = [(1, 0.25), (3, 0.0), (3, 0.01), (1, 0.18), (4, 0.18), (6, 0.35), (0, 0.0)]
    for n_g, w in shapes:
        p = np.full(n_g, 0.2)
        legacy.simulate_core(p, np.full(n_g, w), 0.0, params, draws=draws, horizon_months=MONTHS, rng=rng)


def bench_guarantees(large: bool = False) -> Iterator[tuple[str, float, float | None]]:
    case = load_case("ukraine-2025")
    simulation.simulate(case, IDS, draws=1000, attribute=False)  # compile the kernels
    base = timed(lambda: _legacy(DRAWS), repeat=1)
    new = timed(lambda: simulation.simulate(case, IDS, draws=DRAWS, attribute=False), repeat=2)
    yield (f"guarantees: {DRAWS:,} draws x {MONTHS} months x {len(IDS)} architectures", new, base)
    full = timed(
        lambda: simulation.simulate(case, IDS, draws=DRAWS, attribute=False, curve_draws=None), repeat=1
    )
    yield (f"guarantees: same, monthly curves from all {DRAWS:,} draws", full, base)
    yield (
        "guarantees: default run (20,000 draws, 8 architectures, Shapley attribution)",
        timed(lambda: simulation.simulate(case), repeat=2),
        None,
    )
