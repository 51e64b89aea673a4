"""Coupling with the deals: price an option that names a guarantee by the protection it gives.

For an issue whose options name guarantees (``Option.guarantee``), the beneficiary's value
for each such option is the guarantee's absolute protection: the probability of no renewed
major war within the horizon,

``value_o = 1 - P(war within H | guarantee of o)``,

computed in closed form at the model's central parameter values
(:func:`accord.guarantees.simulation.point_war_probability`). There is no sampling, so the
value is the same on every run, and no rescaling across options, so a value reads directly
("this guarantee leaves a 21% chance of renewed war in ten years: value 0.79"). Options
without a guarantee keep the beneficiary's base value.
"""

from __future__ import annotations

import numpy as np

from accord.case import Case
from accord.deals.utility import Shape, option_values
from accord.errors import AnalysisError
from accord.guarantees.simulation import point_war_probability

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
    horizon_years: float = 10,
    shape: Shape = "linear",
) -> dict[str, float]:
    """Return the beneficiary's value for each option of an issue that names a guarantee.

    Args:
        case: The case.
        issue_id: The issue (typically the security-guarantee issue).
        beneficiary: The actor whose values follow the protection.
        horizon_years: Horizon of the protection.
        shape: Value function used to check the beneficiary's position exists.

    Returns:
        ``{option id: value}`` for the options naming a guarantee (empty if none do).

    Raises:
        AnalysisError: An unknown issue or guarantee, or a beneficiary with no position.
    """
    base_values(case, issue_id, beneficiary, shape)  # checks the issue and the position
    named = [(o.id, o.guarantee) for o in case.issue(issue_id).options if o.guarantee is not None]
    cache: dict[str, float] = {}
    out: dict[str, float] = {}
    for option_id, guarantee_id in named:
        if guarantee_id not in cache:
            cache[guarantee_id] = 1.0 - point_war_probability(case, guarantee_id, horizon_years)
        out[option_id] = cache[guarantee_id]
    return out
