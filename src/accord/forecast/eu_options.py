"""The interpretive switches of the expected-utility model, and their checks.

Scholz, Calbert and Smith (2011), "Unravelling Bueno De Mesquita's group decision model",
*Journal of Theoretical Politics* 23(4):510-531, reconstruct Bueno de Mesquita's model from
its publications; several steps admit more than one reading, and the public re-implementations
(Scholz's own code, the jmckib/dmasad Python replication) differ from the paper in places.
Each reading is a value of one of the ``Literal`` types below; ``docs/forecast.md`` lists them
against the paper's equations with the default and the reason for it.
"""

from __future__ import annotations

import math
from typing import Final, Literal, get_args

from accord.errors import AnalysisError

__all__ = [
    "SWITCHES",
    "Capitulation",
    "CompromiseSign",
    "Conflict",
    "DistanceRange",
    "OfferSelection",
    "Probability",
    "ProbabilityRisk",
    "Risk",
    "RiskPerspective",
    "Salience",
    "Security",
    "Statistic",
    "Stop",
    "TRule",
    "check_settings",
]

Salience = Literal["responder", "challenger"]
"""Whose salience weights the "challenge is resisted" branch of eq. 6."""

Probability = Literal["paper", "net", "all_triples"]
"""How P^i (the chance that i prevails over j, eqs. 30-31) is computed."""

ProbabilityRisk = Literal["linear", "voter"]
"""Whether the votes behind P^i use plain distances or each voter's risk exponent."""

Conflict = Literal["no_move", "loser_moves"]
"""What happens when both sides of a dyad expect to gain from a challenge (figure 6)."""

OfferSelection = Literal["enforceable", "least_move", "scholz_code"]
"""How an actor chooses among the offers it receives (section 6.2)."""

CompromiseSign = Literal["figure6", "text"]
"""Which region is "compromise" when the proposer has the upper hand (figure 6 vs the text)."""

Capitulation = Literal["reachable", "unreachable"]
"""Whether the capitulation (compel) branch can fire; jmckib's code never reaches it."""

RiskPerspective = Literal["own", "receiver"]
"""Whose risk exponent is used when an actor estimates its opponent's expected utility."""

Security = Literal["adversaries", "own_challenges"]
"""Which expected utilities are summed into an actor's security level (eq. 34)."""

Risk = Literal["security", "neutral"]
"""Whether risk exponents are estimated each round (eqs. 32-34) or fixed at 1."""

DistanceRange = Literal["initial", "current", "scale"]
"""The range ``x_max - x_min`` that normalises every distance (eqs. 15-16, 22-23)."""

TRule = Literal["fixed", "cases"]
"""Whether T is the number ``t`` or follows Scholz's four cases (figures 1-4)."""

Statistic = Literal["median", "mean"]
"""The statistic of the final positions reported as the forecast."""

Stop = Literal["statistic", "positions", "fixed"]
"""When the rounds stop: the forecast statistic holds, no actor moves, or after ``max_rounds``."""

SWITCHES: Final[dict[str, tuple[str, ...]]] = {
    "salience": get_args(Salience),
    "probability": get_args(Probability),
    "probability_risk": get_args(ProbabilityRisk),
    "conflict": get_args(Conflict),
    "offer_selection": get_args(OfferSelection),
    "compromise_sign": get_args(CompromiseSign),
    "capitulation": get_args(Capitulation),
    "risk_perspective": get_args(RiskPerspective),
    "security": get_args(Security),
    "risk": get_args(Risk),
    "distance_range": get_args(DistanceRange),
    "t_rule": get_args(TRule),
    "statistic": get_args(Statistic),
    "stop": get_args(Stop),
}
"""Every string switch of :class:`~accord.forecast.eu.EUModel` and its allowed values."""


def check_settings(values: dict[str, object]) -> None:
    """Check the switches and numeric settings of an expected-utility model.

    Args:
        values: The model's fields by name (``dataclasses.asdict`` of the model).

    Raises:
        AnalysisError: A switch outside its allowed values, ``q`` or ``t`` outside 0-1,
            ``max_rounds`` or ``patience`` below 1 or ``tolerance`` negative or not finite.
    """
    for name, allowed in SWITCHES.items():
        value = values[name]
        if value not in allowed:
            raise AnalysisError(
                f"EU model: {name}={value!r} is not one of {', '.join(repr(a) for a in allowed)}"
            )
    for name in ("q", "t"):
        number = values[name]
        if isinstance(number, bool) or not isinstance(number, int | float) or not 0.0 <= number <= 1.0:
            raise AnalysisError(f"EU model: {name} must be a number in [0, 1] (got {number!r})")
    for name in ("max_rounds", "patience"):
        count = values[name]
        if isinstance(count, bool) or not isinstance(count, int) or count < 1:
            raise AnalysisError(f"EU model: {name} must be an integer >= 1 (got {count!r})")
    tol = values["tolerance"]
    if isinstance(tol, bool) or not isinstance(tol, int | float) or not math.isfinite(tol) or tol < 0:
        raise AnalysisError(f"EU model: tolerance must be a finite number >= 0 (got {tol!r})")
