"""Coupling with the deals: price an option that names a guarantee by its simulated protection.

For an issue whose options name guarantees (``Option.guarantee``), the beneficiary's value
for each such option follows the protection the architecture gives in the deterrence
simulation, ``s_o = 1 - P(major war within the horizon)``, rescaled so that the options
naming a guarantee span the beneficiary's own value range over those options
(docs/guarantees.md, "Deterrence simulation"):

``value_o = lo + (hi - lo) * (s_o - s_min) / (s_max - s_min)``

where ``lo`` and ``hi`` are the smallest and largest of the beneficiary's base values
(its explicit ``values`` or its distance-based values) over the options naming a
guarantee, and ``s_min``, ``s_max`` the smallest and largest protection among them. When
every such option protects equally, each gets ``(lo + hi) / 2``. Options without a
guarantee keep their base value.
"""

from __future__ import annotations

import numpy as np

from accord.case import Case
from accord.deals.utility import Shape, option_values
from accord.errors import AnalysisError
from accord.guarantees.simulation import architecture_of, parameters_from_case, simulate_architecture

__all__ = ["base_values", "guarantee_values"]


def base_values(case: Case, issue_id: str, actor: str, shape: Shape = "linear") -> dict[str, float]:
    """Return an actor's value for each option of an issue, as the deal space computes it.

    Raises:
        AnalysisError: If the issue is unknown or the actor has no position on it.
    """
    try:
        issue = case.issue(issue_id)
    except KeyError:
        raise AnalysisError(f"unknown issue {issue_id!r}") from None
    pos = case.position(actor, issue_id)
    if pos is None:
        raise AnalysisError(f"actor {actor!r} has no position on issue {issue_id!r}")
    if pos.values is not None:
        return {o.id: float(pos.values[o.id]) for o in issue.options}
    positions = np.array([o.position for o in issue.options], dtype=np.float64)
    values = option_values(positions, pos.ideal, shape)
    return {o.id: float(v) for o, v in zip(issue.options, values, strict=True)}


def guarantee_values(
    case: Case,
    issue_id: str,
    beneficiary: str,
    *,
    draws: int = 2000,
    seed: int = 0,
    horizon_years: float = 10,
    shape: Shape = "linear",
) -> dict[str, float]:
    """Return the beneficiary's value for each option of an issue that names a guarantee.

    Args:
        case: The case.
        issue_id: The issue (typically the security-guarantee issue).
        beneficiary: The actor whose values follow the protection.
        draws: Simulated histories per architecture.
        seed: Seed of the simulation.
        horizon_years: Horizon of the simulation.
        shape: Value function for the beneficiary's base values.

    Returns:
        ``{option id: value}`` for the options naming a guarantee (empty if none do).

    Raises:
        AnalysisError: An unknown issue or guarantee, or a beneficiary with no position.
    """
    base = base_values(case, issue_id, beneficiary, shape)
    named = [(o.id, o.guarantee) for o in case.issue(issue_id).options if o.guarantee is not None]
    if not named:
        return {}
    params = parameters_from_case(case)
    protection: dict[str, float] = {}
    cache: dict[str, float] = {}
    for option_id, guarantee_id in named:
        if guarantee_id not in cache:
            arch = architecture_of(case, guarantee_id, params)
            result = simulate_architecture(arch, params, draws=draws, horizon_years=horizon_years, seed=seed)
            cache[guarantee_id] = 1.0 - result.p_major_war
        protection[option_id] = cache[guarantee_id]
    lo = min(base[o] for o, _ in named)
    hi = max(base[o] for o, _ in named)
    s_min, s_max = min(protection.values()), max(protection.values())
    if s_max - s_min <= 1e-12:
        return {o: (lo + hi) / 2.0 for o in protection}
    return {o: lo + (hi - lo) * (s - s_min) / (s_max - s_min) for o, s in protection.items()}
