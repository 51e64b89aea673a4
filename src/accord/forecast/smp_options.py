"""The switches of the KTAB-style spatial model of politics, and their checks.

KAPSARC's discussion papers describe the KAPSARC Toolkit for Behavioral Analysis (KTAB) and
its spatial model of politics (SMP) as a family of models: each sub-model (how an actor's vote
depends on its utilities, how coalition strength turns into a probability of victory, how a
probabilistic Condorcet election is resolved, how two actors interpolate a bargain) has several
variants (KAPSARC 2019, "KTAB: Spatial Model of Politics GUI (SMP) User guide", v1.4, lists
them as model parameters). Each variant is a value of one of the ``Literal`` types below;
``docs/forecast.md`` lists them with the default and the reason for it.
"""

from __future__ import annotations

import math
from typing import Final, Literal, TypeGuard, get_args

from accord.errors import AnalysisError

__all__ = [
    "SWITCHES",
    "Bargain",
    "Election",
    "RiskAttitude",
    "Transition",
    "VictoryModel",
    "VotingRule",
    "check_settings",
]

VotingRule = Literal["proportional", "binary", "prop_bin", "prop_cubic", "cubic"]
"""How actor ``a``'s vote between two options depends on ``du``, the difference of its
utilities: ``w_a du`` (proportional), ``w_a sign(du)`` (binary), ``0.8 prop + 0.2 binary``
(prop_bin), ``0.5 prop + 0.5 cubic`` (prop_cubic) or ``w_a du^3`` (cubic)."""

VictoryModel = Literal["linear", "square", "quartic", "octic", "binary"]
"""How coalition strengths ``c1, c2`` become a probability of victory: ``c1^k / (c1^k + c2^k)``
with ``k`` = 1, 2, 4, 8, or ``binary`` (a 10% edge wins outright, linear in between)."""

Election = Literal["conditional", "markov_uniform", "markov_incentive"]
"""How a probabilistic Condorcet election among several options is resolved: the one-step
conditional probability that an option beats all others, or the limiting distribution of a
Markov chain of challenges (challengers drawn uniformly, or in proportion to their incentive)."""

RiskAttitude = Literal["neutral", "min", "mid", "max"]
"""Every ``R_i = 0`` (neutral), or ``R_i`` from the probability of ``i``'s position in a
risk-neutral election (KTAB's ``BigRRange``): the most probable position gets ``R = 1``, the
least probable ``0`` (min), ``-1/2`` (mid) or ``-1`` (max)."""

Bargain = Literal["s2p2", "s1p1"]
"""Weights of the two sides when a bargain is interpolated: ``(salience x P(success))^2``
(s2p2) or ``salience x P(success)`` (s1p1)."""

Transition = Literal["deterministic", "stochastic"]
"""Whether each actor adopts the most probable bargain in its queue, or one drawn at random
with the election's probabilities (seeded by the model's ``seed``)."""

SWITCHES: Final[dict[str, tuple[str, ...]]] = {
    "voting_rule": get_args(VotingRule),
    "victory": get_args(VictoryModel),
    "election": get_args(Election),
    "risk": get_args(RiskAttitude),
    "bargain": get_args(Bargain),
    "transition": get_args(Transition),
}
"""Every string switch of :class:`~accord.forecast.smp.SpatialModel` and its allowed values."""


def _is_number(value: object) -> TypeGuard[int | float]:
    return not isinstance(value, bool) and isinstance(value, int | float) and math.isfinite(value)


def check_settings(values: dict[str, object]) -> None:
    """Check the switches and numeric settings of a spatial model.

    Args:
        values: The model's fields by name.

    Raises:
        AnalysisError: A switch outside its allowed values, ``min_iter`` below 1, ``max_iter``
            below ``min_iter``, a negative or non-finite ratio or threshold, a
            ``position_tolerance`` outside [0, 1) or a ``seed`` that is not an integer.
    """
    for name, allowed in SWITCHES.items():
        value = values[name]
        if value not in allowed:
            raise AnalysisError(
                f"SMP model: {name}={value!r} is not one of {', '.join(repr(a) for a in allowed)}"
            )
    for name in ("min_iter", "max_iter", "seed"):
        count = values[name]
        if isinstance(count, bool) or not isinstance(count, int):
            raise AnalysisError(f"SMP model: {name} must be an integer (got {count!r})")
    min_iter, max_iter = values["min_iter"], values["max_iter"]
    if not (isinstance(min_iter, int) and isinstance(max_iter, int)) or not 1 <= min_iter <= max_iter:
        raise AnalysisError(
            f"SMP model: need 1 <= min_iter <= max_iter (got min_iter={min_iter}, max_iter={max_iter})"
        )
    for name in ("min_delta_ratio", "min_sig_delta", "min_gain"):
        number = values[name]
        if not _is_number(number) or number < 0:
            raise AnalysisError(f"SMP model: {name} must be a finite number >= 0 (got {number!r})")
    tol = values["position_tolerance"]
    if not _is_number(tol) or not 0.0 <= tol < 1.0:
        raise AnalysisError(f"SMP model: position_tolerance must be in [0, 1) (got {tol!r})")
