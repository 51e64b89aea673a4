"""The guarantee simulator of accord 0.1 (issue 5), kept only as the speed baseline of bench_guarantees.py.

Deterrence simulation: how often a settlement breaks down under a guarantee architecture.

A vectorised, seeded Monte Carlo over a horizon of monthly steps (docs/guarantees.md,
"Deterrence simulation"). Each month, each simulated history that has not yet returned to
major war meets at most one contingency: a renewed full-scale offensive, a limited
incursion or a hybrid attack. Baseline monthly hazards fall with the deterrence the
architecture provides; when a contingency occurs each guarantor honours (or not) with its
probability of honouring; an incursion or hybrid attack that meets no effective response
may escalate to renewed major war, which ends the history.

Every parameter is named in :data:`DEFAULTS` and can be overridden in a case's
``assumptions`` under the same key (for example ``guarantees.hazard.offensive``).

Because hazards are constant within the guarantee's duration, the model also has a closed
form (:func:`exact_outcome`), which the tests use to check the simulation.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

from accord.case import Case
from accord.case.guarantee import Guarantee
from accord.errors import AnalysisError

__all__ = [
    "DEFAULTS",
    "NONE",
    "Architecture",
    "Outcome",
    "Parameters",
    "deterrence",
    "exact_outcome",
    "simulate_core",
]

NONE = "none"
"""Id of the baseline architecture with no guarantee (armed neutrality, no guarantor)."""

NONE_NAME = "No guarantee (armed neutrality, no guarantor)"
"""Display name of the baseline architecture."""

DEFAULTS: Mapping[str, float] = {
    # Baseline monthly hazards with no guarantee (assumptions; orders of magnitude from
    # Fortna 2003 and 2004: roughly two in five ceasefires after war fail, most of them in
    # the first years; here about half of histories see renewed major war in 10 years).
    "guarantees.hazard.offensive": 0.003,
    "guarantees.hazard.incursion": 0.008,
    "guarantees.hazard.hybrid": 0.01,
    # Probability that an incursion / hybrid attack escalates to major war when no
    # response at all meets it (assumptions).
    "guarantees.escalation.incursion": 0.3,
    "guarantees.escalation.hybrid": 0.05,
    # Largest share of each hazard that full deterrence (D = 1) removes (assumptions:
    # deterrence by punishment works best against large, attributable attacks).
    "guarantees.reduction.offensive": 0.9,
    "guarantees.reduction.incursion": 0.7,
    "guarantees.reduction.hybrid": 0.3,
    # Weight of an honoured obligation of each type, 0 to 1 (assumptions).
    "guarantees.obligation.defence": 1.0,
    "guarantees.obligation.assistance_without_combat": 0.5,
    "guarantees.obligation.arms_supply": 0.4,
    "guarantees.obligation.consultation": 0.2,
    "guarantees.obligation.monitoring": 0.1,
    "guarantees.obligation.assurance": 0.05,
    # Forces on the ground: deterrence f = max * (1 - exp(-count / scale)); small and
    # concave because small tripwires add little (Reiter and Poast 2021).
    "guarantees.forces.max": 0.2,
    "guarantees.forces.scale": 50_000.0,
}
"""Every parameter of the simulation with its default value."""

CONTINGENCIES = ("offensive", "incursion", "hybrid")
"""The contingencies, in the order they are drawn each month."""


@dataclass(frozen=True)
class Parameters:
    """The simulation's parameters (see :data:`DEFAULTS` for their meaning and values).

    Attributes:
        hazard: Baseline monthly hazard per contingency (offensive, incursion, hybrid).
        escalation: Probability an unanswered incursion / hybrid attack becomes major war.
        reduction: Share of each hazard removed by full deterrence.
        obligation: Weight of an honoured obligation, by obligation type.
        forces_max: Largest deterrence forces on the ground alone provide.
        forces_scale: Troop count at which forces give ``1 - 1/e`` of ``forces_max``.
    """

    hazard: tuple[float, float, float]
    escalation: tuple[float, float]
    reduction: tuple[float, float, float]
    obligation: Mapping[str, float]
    forces_max: float
    forces_scale: float

    @classmethod
    def from_mapping(cls, values: Mapping[str, float]) -> Parameters:
        """Build parameters from :data:`DEFAULTS` updated with ``values``.

        Raises:
            AnalysisError: If a value is out of range.
        """
        v = {**DEFAULTS, **{k: float(x) for k, x in values.items() if k in DEFAULTS}}
        for key, x in v.items():
            if key == "guarantees.forces.scale":
                if x <= 0.0:
                    raise AnalysisError(f"assumption {key} must be above 0 (got {x:g})")
            elif not 0.0 <= x <= 1.0:
                raise AnalysisError(f"assumption {key} must lie in [0, 1] (got {x:g})")
        hazard = tuple(v[f"guarantees.hazard.{c}"] for c in CONTINGENCIES)
        if sum(hazard) > 1.0:
            raise AnalysisError("the monthly hazards guarantees.hazard.* must add up to at most 1")
        prefix = "guarantees.obligation."
        return cls(
            hazard=(hazard[0], hazard[1], hazard[2]),
            escalation=(v["guarantees.escalation.incursion"], v["guarantees.escalation.hybrid"]),
            reduction=(
                v["guarantees.reduction.offensive"],
                v["guarantees.reduction.incursion"],
                v["guarantees.reduction.hybrid"],
            ),
            obligation={k[len(prefix) :]: x for k, x in v.items() if k.startswith(prefix)},
            forces_max=v["guarantees.forces.max"],
            forces_scale=v["guarantees.forces.scale"],
        )


def parameters_from_case(case: Case) -> Parameters:
    """Return the simulation parameters: :data:`DEFAULTS` overridden by ``case.assumptions``."""
    return Parameters.from_mapping(dict(case.assumptions or {}))


@dataclass(frozen=True)
class Architecture:
    """What the simulation needs to know about one guarantee architecture.

    Attributes:
        id: Guarantee id (or :data:`NONE`).
        name: Display name.
        guarantors: Guarantor actor ids.
        p_honour: Per guarantor, the probability it honours when a contingency occurs.
        weight: Per guarantor, capability times obligation weight, in [0, 1].
        forces: Deterrence of forces on the ground, in [0, 1].
        active_months: Months the guarantee lasts (``None``: the whole horizon).
    """

    id: str
    name: str
    guarantors: tuple[str, ...]
    p_honour: NDArray[np.float64]
    weight: NDArray[np.float64]
    forces: float
    active_months: int | None = None


@dataclass(frozen=True)
class Outcome:
    """Raw outcome of the simulation core.

    Attributes:
        p_major_war: Share of histories with renewed major war within the horizon.
        expected_months_to_violation: Mean full months of peace before the first violation,
            censored at the horizon (histories without one count as the horizon).
        survival: Per month 0..horizon, the share of histories with no violation yet.
    """

    p_major_war: float
    expected_months_to_violation: float
    survival: NDArray[np.float64]


def find_guarantee(case: Case, guarantee_id: str) -> Guarantee:
    """Return the guarantee with this id.

    Raises:
        AnalysisError: If the case has no such guarantee.
    """
    for g in case.guarantees:
        if g.id == guarantee_id:
            return g
    known = ", ".join([NONE, *(g.id for g in case.guarantees)])
    raise AnalysisError(f"unknown architecture {guarantee_id!r} (known: {known})")


def deterrence(p_honour: ArrayLike, weight: ArrayLike, forces: float = 0.0) -> float:
    """Return the deterrence ``D`` an architecture provides, in [0, 1].

    ``D = 1 - (1 - forces) * prod_g (1 - p_g * w_g)``: the chance that at least one source
    of response (a guarantor that honours, weighted by what it brings, or the forces
    already on the ground) is effective. It never falls when any ``p_g``, ``w_g`` or
    ``forces`` rises.

    Args:
        p_honour: Per guarantor, probability of honouring.
        weight: Per guarantor, capability times obligation weight.
        forces: Deterrence of forces on the ground.
    """
    p = np.asarray(p_honour, dtype=np.float64)
    w = np.asarray(weight, dtype=np.float64)
    return float(1.0 - (1.0 - forces) * np.prod(1.0 - p * w))


def _monthly(params: Parameters, d: float) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Return per-contingency monthly hazards and escalation probabilities (for an unanswered event)."""
    hazard = np.array(params.hazard) * (1.0 - np.array(params.reduction) * d)
    escalation = np.array([1.0, *params.escalation])
    return hazard, escalation


def exact_outcome(
    p_honour: ArrayLike,
    weight: ArrayLike,
    forces: float,
    params: Parameters,
    horizon_months: int,
    active_months: int | None = None,
) -> Outcome:
    """Return the closed-form expectation the simulation estimates.

    With deterrence ``D`` (:func:`deterrence`) the monthly hazard of contingency ``c`` is
    ``h_c (1 - r_c D)``; an incursion or hybrid attack escalates with probability
    ``e_c (1 - D)`` (the expected share of unanswered events, since responses are
    independent); an offensive is major war. So the monthly chance of major war is
    ``m = sum_c h_c (1 - r_c D) e_c'`` (``e'_offensive = 1``, ``e'_c = e_c (1 - D)``) and of
    a violation ``v = sum_c h_c (1 - r_c D)``; after the guarantee ends ``D = 0``.

    Args:
        p_honour: Per guarantor, probability of honouring.
        weight: Per guarantor, capability times obligation weight.
        forces: Deterrence of forces on the ground.
        params: The parameters.
        horizon_months: Number of months.
        active_months: Months the guarantee lasts (``None``: the whole horizon).
    """
    d = deterrence(p_honour, weight, forces)
    months = np.arange(horizon_months)
    on = months < (horizon_months if active_months is None else active_months)
    d_t = np.where(on, d, 0.0)
    hazard0 = np.array(params.hazard)
    red = np.array(params.reduction)
    h = hazard0[None, :] * (1.0 - red[None, :] * d_t[:, None])
    esc = np.column_stack(
        [np.ones(horizon_months), params.escalation[0] * (1 - d_t), params.escalation[1] * (1 - d_t)]
    )
    m = (h * esc).sum(axis=1)
    v = h.sum(axis=1)
    survival = np.concatenate([[1.0], np.cumprod(1.0 - v)])
    return Outcome(
        p_major_war=float(1.0 - np.prod(1.0 - m)),
        expected_months_to_violation=float(survival[1:].sum()),
        survival=survival,
    )


def simulate_core(
    p_honour: ArrayLike,
    weight: ArrayLike,
    forces: float,
    params: Parameters,
    *,
    draws: int,
    horizon_months: int,
    rng: np.random.Generator,
    active_months: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> Outcome:
    """Simulate ``draws`` histories of one architecture, vectorised over draws.

    Each month, one uniform per live history picks at most one contingency (offensive,
    incursion or hybrid, with the deterred hazards of :func:`exact_outcome`). For each
    incursion or hybrid attack, each guarantor honours with its ``p_honour`` (an
    independent draw per guarantor and event); the response is effective with probability
    ``R = 1 - (1 - forces) * prod_{g honours} (1 - w_g)``, and an event that meets no
    effective response escalates to major war with the contingency's escalation
    probability. An offensive is major war. Major war ends the history.

    Args:
        p_honour: Per guarantor, probability of honouring.
        weight: Per guarantor, capability times obligation weight, in [0, 1].
        forces: Deterrence of forces on the ground, in [0, 1].
        params: The parameters.
        draws: Number of histories.
        horizon_months: Number of monthly steps.
        rng: The random generator (seed it for reproducible runs).
        active_months: Months the guarantee lasts (``None``: the whole horizon).
        progress: Called with (months done, horizon) after each month.

    Returns:
        The outcome.

    Raises:
        AnalysisError: If the inputs are out of range.
    """
    p = np.asarray(p_honour, dtype=np.float64).reshape(-1)
    w = np.asarray(weight, dtype=np.float64).reshape(-1)
    if p.shape != w.shape:
        raise AnalysisError("p_honour and weight need one entry per guarantor")
    if np.any((p < 0) | (p > 1)) or np.any((w < 0) | (w > 1)) or not 0.0 <= forces <= 1.0:
        raise AnalysisError("probabilities, weights and forces must lie in [0, 1]")
    if draws < 1 or horizon_months < 1:
        raise AnalysisError("draws and the horizon must be at least 1")
    d = deterrence(p, w, forces)
    at_war = np.zeros(draws, dtype=bool)
    first_violation = np.full(draws, horizon_months, dtype=np.int64)
    violated = np.zeros(draws, dtype=bool)
    log_miss = np.log1p(-np.minimum(w, 1.0 - 1e-15))  # log(1 - w_g)
    end = horizon_months if active_months is None else active_months
    for month in range(horizon_months):
        active = month < end
        hazard, escalation = _monthly(params, d if active else 0.0)
        cum = np.cumsum(hazard)
        u = rng.random(draws)
        event = np.searchsorted(cum, u, side="right")  # 0, 1, 2 or 3 (none)
        event[at_war] = 3
        hit = event < 3
        new = hit & ~violated
        first_violation[new] = month
        violated |= hit
        at_war |= event == 0
        minor = np.flatnonzero((event == 1) | (event == 2))
        if minor.size:
            if active and p.size:
                honours = rng.random((minor.size, p.size)) < p
                miss = np.exp(honours @ log_miss) * (1.0 - forces)
            else:
                miss = np.ones(minor.size)
            r = rng.random(minor.size)
            escalates = r < escalation[event[minor]] * miss
            at_war[minor[escalates]] = True
        if progress is not None:
            progress(month + 1, horizon_months)
    months = np.arange(horizon_months + 1)
    counts = np.bincount(first_violation[violated], minlength=horizon_months)[:horizon_months]
    survival = np.concatenate([[1.0], 1.0 - np.cumsum(counts) / draws])
    return Outcome(
        p_major_war=float(at_war.mean()),
        expected_months_to_violation=float(first_violation.mean()),
        survival=survival[: months.size],
    )
