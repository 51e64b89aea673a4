"""Compare guarantee architectures: renewed war, any violation, credibility, and why they differ.

:func:`simulate` draws every uncertain parameter once (:func:`accord.guarantees.engine.draw_common`),
evaluates each architecture and "no guarantee" on the same draws with the closed-form
survival of :mod:`accord.guarantees.engine`, and summarises: P(renewed major war) and
P(any violation) by 1, 2, 5 and 10 years with 80% and 95% intervals, each architecture's
difference from no guarantee on common draws, each guarantor's ex-ante credibility and
P(honour | attacked), and the Shapley share of each guarantor, forces and mechanism in the
reduction of risk. docs/guarantees.md gives the model and every number's source.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import replace

import numpy as np
from numpy.typing import NDArray

from accord.case import Case
from accord.errors import AnalysisError
from accord.guarantees.architecture import (
    NONE,
    NONE_NAME,
    Architecture,
    architecture_of,
    default_architectures,
    find_guarantee,
)
from accord.guarantees.assumptions import Assumptions
from accord.guarantees.engine import (
    CURVE_DRAWS,
    Draws,
    Evaluation,
    central_draws,
    draw_common,
    evaluate_all,
    horizons_for,
    invoked,
    multipliers,
)
from accord.guarantees.selection import honour_figure
from accord.guarantees.types import ArchitectureResult, Estimate, GuarantorCredibility, GuarantorResult

__all__ = [
    "DEFAULT_DRAWS",
    "NONE",
    "NONE_NAME",
    "architecture_of",
    "architectures",
    "default_architectures",
    "find_guarantee",
    "point_war_probability",
    "simulate",
]

DEFAULT_DRAWS = 20_000
"""Parameter draws per run by default (Monte Carlo error of a mean P about 0.002)."""

SHAPLEY_DRAWS = 2000
"""Draws used for the Shapley attribution (a mean over them, so its error is small)."""

MAX_PLAYERS = 9
"""Above this many guarantors, forces and mechanisms, contributions are not attributed."""

F64 = NDArray[np.float64]


def _check_honour(case: Case, honour: Mapping[str, float] | None) -> None:
    known = {a.id for a in case.actors}
    for actor, value in (honour or {}).items():
        if actor not in known:
            raise AnalysisError(f"honour: unknown actor {actor!r} (known: {', '.join(sorted(known))})")
        if not (isinstance(value, int | float) and 0.0 <= float(value) <= 1.0):
            raise AnalysisError(f"honour: the probability for {actor} must be in [0, 1] (got {value!r})")


def _horizon_months(horizon_years: float) -> int:
    if not math.isfinite(horizon_years):
        raise AnalysisError(f"the horizon must be a finite number of years (got {horizon_years!r})")
    months = round(horizon_years * 12)
    if months < 1:
        raise AnalysisError(f"the horizon must be at least one month (got {horizon_years:g} years)")
    return months


def architectures(
    case: Case,
    guarantee_ids: Sequence[str] | None,
    assumptions: Assumptions,
    honour: Mapping[str, float] | None = None,
) -> list[Architecture]:
    """Return the architectures asked for (default: the main beneficiary's guarantees, then none)."""
    _check_honour(case, honour)
    ids = list(dict.fromkeys(guarantee_ids if guarantee_ids else [*default_architectures(case), NONE]))
    return [architecture_of(case, gid, assumptions).with_honour(dict(honour or {})) for gid in ids]


def _restricted(arch: Architecture, players: Sequence[str], keep: set[str]) -> Architecture:
    """Return ``arch`` with only the players in ``keep`` (guarantor ids, ``forces``, mechanisms)."""
    gidx = {k for k, g in enumerate(arch.guarantors) if g in keep}
    units = tuple(u for u in arch.units if u.guarantor in gidx)
    return replace(
        arch,
        units=units,
        forces=arch.forces if "forces" in keep else 0,
        mechanisms=tuple(m for m in arch.mechanisms if f"mechanism:{m}" in keep),
    )


def _players(arch: Architecture) -> list[str]:
    guarantors = [g for k, g in enumerate(arch.guarantors) if any(u.guarantor == k for u in arch.units)]
    forces = ["forces"] if arch.forces > 0 else []
    return [*dict.fromkeys(guarantors), *forces, *(f"mechanism:{m}" for m in arch.mechanisms)]


def _war_at(arch: Architecture, draws: Draws, assumptions: Assumptions, months: int, m: int) -> float:
    """Mean P(renewed war) by ``months`` over the first ``m`` draws."""
    _, _, mult, _ = multipliers(arch, draws, assumptions, 0, m)
    t = months / 12.0
    tp = t ** draws.war_shape[:m]
    if arch.active_months is not None and arch.active_months < months:
        ta = (arch.active_months / 12.0) ** draws.war_shape[:m]
        h = draws.war_scale[:m] * (mult * ta + tp - ta)
    else:
        h = draws.war_scale[:m] * mult * tp
    return float(np.mean(-np.expm1(-h)))


def contributions(
    arch: Architecture, draws: Draws, assumptions: Assumptions, months: int
) -> dict[str, float]:
    """Return each player's Shapley share of the change in P(renewed war) by ``months``.

    Players are the guarantors that bring capacity, ``forces`` and each mechanism; the
    value of a set of players is the change in mean P(renewed war) against no guarantee
    when only they are present (negative: lower risk). The shares add up to the
    architecture's whole difference from no guarantee (over the first
    :data:`SHAPLEY_DRAWS` draws). Empty when there are more than
    :data:`MAX_PLAYERS` players or none.
    """
    players = _players(arch)
    if not players or len(players) > MAX_PLAYERS:
        return {}
    m = min(draws.n, SHAPLEY_DRAWS)
    value: dict[frozenset[str], float] = {}
    base = _war_at(_restricted(arch, players, set()), draws, assumptions, months, m)
    for r in range(len(players) + 1):
        for combo in itertools.combinations(players, r):
            key = frozenset(combo)
            value[key] = _war_at(_restricted(arch, players, set(key)), draws, assumptions, months, m) - base
    n = len(players)
    out: dict[str, float] = {}
    for p in players:
        total = 0.0
        others = [q for q in players if q != p]
        for r in range(n):
            weight = math.factorial(r) * math.factorial(n - r - 1) / math.factorial(n)
            for combo in itertools.combinations(others, r):
                s = frozenset(combo)
                total += weight * (value[s | {p}] - value[s])
        out[p] = total
    return out


def _credibility(
    arch: Architecture, ev: Evaluation, draws: Draws, assumptions: Assumptions
) -> tuple[GuarantorResult, ...]:
    fig = honour_figure(assumptions.value("honour_post1945_only") >= 0.5)
    source = f"{fig.source} ({fig.honoured}/{fig.n}, {fig.key})"
    total = sum(u.capacity for u in arch.units) or 1.0
    rows: list[GuarantorResult] = []
    for k, g in enumerate(arch.guarantors):
        share = sum(u.capacity for u in arch.units if u.guarantor == k) / total
        if arch.is_threat[k]:
            cred = GuarantorCredibility(g, fig.rate, source, arch.modifiers[k], 0.0, None, None, True, 1.0)
            rows.append(GuarantorResult(cred, 0.0))
            continue
        ex = Estimate.of(ev.theta[:, k])
        inv = Estimate.of(invoked(arch, draws.selection, draws.k_unit, k))
        cred = GuarantorCredibility(
            g, fig.rate, source, arch.modifiers[k], ex.mean, ex, inv, False, arch.turnover[k]
        )
        rows.append(GuarantorResult(cred, share))
    return tuple(rows)


def simulate(
    case: Case,
    guarantee_ids: Sequence[str] | None = None,
    *,
    draws: int = DEFAULT_DRAWS,
    horizon_years: float = 10,
    seed: int = 0,
    progress: Callable[[str, int, int], None] | None = None,
    honour: Mapping[str, float] | None = None,
    attribute: bool = True,
    curve_draws: int | None = CURVE_DRAWS,
) -> dict[str, ArchitectureResult]:
    """Compare guarantee architectures of a case on common parameter draws.

    Args:
        case: The case.
        guarantee_ids: Guarantee ids, or :data:`NONE` for no guarantee (default: every
            guarantee protecting the case's main beneficiary, then ``"none"``).
        draws: Parameter draws (each evaluated in closed form over the horizon).
        horizon_years: Horizon in years, in monthly steps.
        seed: Seed of the draws; each parameter has its own named stream, so results do not
            depend on which architectures are compared.
        progress: Called with ("draws", draws done, draws) as the evaluation proceeds.
        honour: Per guarantor actor id, an ex-ante credibility that replaces the model's in
            every architecture it guarantees (a what-if control).
        attribute: Compute the Shapley contributions.
        curve_draws: Draws behind the monthly mean curves (``None``: all); every draw gives
            the probabilities at 1, 2, 5 and 10 years.

    Returns:
        ``{architecture id: result}`` in the order asked.

    Raises:
        AnalysisError: An unknown architecture, bad draws or horizon, or an assumption out of range.
    """
    if draws < 1:
        raise AnalysisError(f"draws must be at least 1 (got {draws})")
    horizon = _horizon_months(horizon_years)
    a = Assumptions(case.assumptions)
    archs = architectures(case, guarantee_ids, a, honour)
    none = next((x for x in archs if x.id == NONE), None) or architecture_of(case, NONE, a)
    everything = archs if any(x.id == NONE for x in archs) else [*archs, none]
    guarantors = [g for x in everything for g in x.guarantors]
    mechs = [m for x in everything for m in x.mechanisms]
    common = draw_common(draws, seed, a, guarantors, mechs)
    step = None if progress is None else (lambda done, total: progress("draws", done, total))
    evals = evaluate_all(everything, common, a, horizon, progress=step, curve_draws=curve_draws)
    by_id = {x.id: e for x, e in zip(everything, evals, strict=True)}
    base = by_id[NONE]
    months = horizons_for(horizon)
    results: dict[str, ArchitectureResult] = {}
    for arch in archs:
        ev = by_id[arch.id]
        war = {mo: Estimate.of(ev.war[:, j]) for j, mo in enumerate(months)}
        viol = {mo: Estimate.of(ev.violation[:, j]) for j, mo in enumerate(months)}
        diff = {mo: Estimate.of(ev.war[:, j] - base.war[:, j]) for j, mo in enumerate(months)}
        diff_v = {mo: Estimate.of(ev.violation[:, j] - base.violation[:, j]) for j, mo in enumerate(months)}
        rows = _credibility(arch, ev, common, a)
        survival = ev.survival.copy()
        survival.setflags(write=False)
        curve = ev.war_curve.copy()
        curve.setflags(write=False)
        results[arch.id] = ArchitectureResult(
            guarantee=arch.id,
            draws=draws,
            horizon_months=horizon,
            p_honour={r.credibility.guarantor: r.credibility.probability for r in rows},
            p_major_war=war[horizon].mean,
            expected_months_to_violation=float(survival[1:].sum()),
            survival=survival,
            notes={"name": arch.name, "seed": float(seed)},
            war=war,
            violation=viol,
            diff_none=diff,
            diff_none_violation=diff_v,
            war_curve=curve,
            guarantors=rows,
            protection=Estimate.of(ev.protection),
            multiplier=Estimate.of(ev.multiplier),
            contributions=contributions(arch, common, a, horizon) if attribute else {},
            mechanisms=arch.mechanisms,
            warnings=arch.notes,
        )
    return results


def point_war_probability(case: Case, guarantee_id: str, horizon_years: float = 10) -> float:
    """Return P(renewed war within the horizon) at the parameters' central values: no sampling.

    Raises:
        AnalysisError: An unknown guarantee, a bad horizon, or an assumption out of range.
    """
    horizon = _horizon_months(horizon_years)
    a = Assumptions(case.assumptions)
    arch = architecture_of(case, guarantee_id, a)
    draws = central_draws(a, arch.guarantors, arch.mechanisms)
    return _war_at(arch, draws, a, horizon, 1)
