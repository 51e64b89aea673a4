"""One draw of a sweep: apply sampled values to the case and rerun the analyses.

Per draw, on the sweep's track: the exact Nash package (integer programming), whether each
candidate package is acceptable to every actor at the table, the Nash product of the
baseline Nash package, each chosen model's forecast of every issue, and every guarantor's
probability of honouring every guarantee. A draw's record is a small JSON-ready dict.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.case import Case
from accord.deals import DealSpace, solve_exact
from accord.errors import AccordError
from accord.forecast import forecast_case, get_model
from accord.guarantees.credibility import assess_all, honour_probabilities
from accord.sweep.fastnash import nash_package
from accord.sweep.spec import SweepSpec

__all__ = ["DrawContext", "apply_values", "nash_product", "run_chunk", "run_draw"]

Record = dict[str, Any]
"""One draw's results, as stored in a results file."""


@dataclass(frozen=True)
class DrawContext:
    """Everything a worker needs to compute draws: shipped once per worker.

    Attributes:
        case: The case as loaded.
        spec: The uncertain inputs.
        seed: The sweep's seed.
        actors: Actors at the table of the sweep's track.
        candidates: Candidate packages, as option indices per issue.
        baseline_nash: The baseline Nash package (``None``: nothing acceptable at baseline).
        models: Forecasting model names.
        fast: Find each draw's Nash package by branch and bound (:mod:`accord.sweep.fastnash`,
            the MILP's answer, proven without it in most draws) and compute only the
            guarantee numbers a draw keeps. ``False`` runs the MILP and the full credibility
            assessment in every draw: the original path, kept as the benchmarks' and tests'
            reference. Both give identical records.
    """

    case: Case
    spec: SweepSpec
    seed: int
    actors: tuple[str, ...]
    candidates: tuple[tuple[int, ...], ...]
    baseline_nash: tuple[int, ...] | None
    models: tuple[str, ...]
    fast: bool = True


def apply_values(case: Case, spec: SweepSpec, values: Sequence[float] | NDArray[np.float64]) -> Case:
    """Return a copy of ``case`` with each input set to its value.

    Values come from :meth:`SweepSpec.sample` and lie in each field's valid range, so the
    copy skips re-validation (``model_copy``).
    """
    pos_updates: dict[tuple[str, str], dict[str, float]] = {}
    actor_updates: dict[str, dict[str, float]] = {}
    for inp, value in zip(spec.inputs, values, strict=True):
        v = float(value)
        if inp.issue is not None:
            pos_updates.setdefault((inp.actor, inp.issue), {})[inp.field] = v
        else:
            key = "no_deal_utility" if inp.field == "no_deal" else "capability"
            actor_updates.setdefault(inp.actor, {})[key] = v
    positions = tuple(
        p.model_copy(update=pos_updates[(p.actor, p.issue)]) if (p.actor, p.issue) in pos_updates else p
        for p in case.positions
    )
    actors = tuple(
        a.model_copy(update=actor_updates[a.id]) if a.id in actor_updates else a for a in case.actors
    )
    return case.model_copy(update={"positions": positions, "actors": actors})


def nash_product(space: DealSpace, choices: Sequence[int]) -> float:
    """Return the product of the gains over no deal of one package (0 if any gain is not positive)."""
    gains = space.utilities(np.asarray(choices, dtype=np.int64)) - space.no_deal
    return float(np.prod(gains)) if np.all(gains > 0) else 0.0


def analyse_draw(ctx: DrawContext, case: Case, index: int = 0) -> Record:
    """Run the per-draw analyses on one (possibly perturbed) case.

    Each guarantor's probability of honouring is one draw of its resolve (the guarantee
    model's parameter uncertainty: the selection model and the spread of resolve), seeded by
    the sweep's seed and the draw's index, so P(honour) has an interval even when no case
    input is uncertain.
    """
    space = DealSpace.from_case(case, actors=ctx.actors)
    matrix = np.asarray(ctx.candidates, dtype=np.int64).reshape(-1, len(space.issues)).T
    if ctx.fast:
        nash = nash_package(space, matrix)
    else:
        found = solve_exact(space, "nash")
        nash = None if found.choices is None else tuple(int(v) for v in found.choices)
    accept = [bool(v) for v in np.atleast_1d(space.acceptable(matrix).all(axis=0))] if ctx.candidates else []
    forecasts = {m: [f.predicted for f in forecast_case(case, get_model(m)).issues] for m in ctx.models}
    draw_seed = (ctx.seed * 1_000_003 + index) % (2**63)
    if ctx.fast:
        honour = honour_probabilities(case, draws=1, seed=draw_seed)
    else:
        honour = [[g.probability for g in c.guarantors] for c in assess_all(case, draws=1, seed=draw_seed)]
    base_product = nash_product(space, ctx.baseline_nash) if ctx.baseline_nash is not None else math.nan
    return {
        "nash": None if nash is None else list(nash),
        "base_nash_product": None if math.isnan(base_product) else base_product,
        "accept": accept,
        "forecasts": forecasts,
        "honour": honour,
    }


def run_draw(ctx: DrawContext, index: int) -> Record:
    """Compute draw ``index``: ``{"i": index, ...}``, or ``{"i": index, "error": message}``."""
    values = ctx.spec.sample(ctx.seed, index)
    try:
        return {"i": index, **analyse_draw(ctx, apply_values(ctx.case, ctx.spec, values), index)}
    except AccordError as exc:
        return {"i": index, "error": str(exc)}


def run_chunk(ctx: DrawContext, indices: Sequence[int]) -> list[Record]:
    """Compute several draws, in the order given."""
    return [run_draw(ctx, int(i)) for i in indices]
