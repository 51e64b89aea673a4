"""Credibility: how likely each guarantor is to honour a guarantee if its trigger occurs.

The probability starts from a base rate of honouring for the obligation type and era
(:mod:`accord.guarantees.base_rates`) and multiplies its odds by documented modifiers:
legal form, forces on the ground (tripwires), integrated command, response lag, the
guarantor's capability and political turnover. Each modifier's default is listed in
:data:`DEFAULTS` with its source or the word ``assumption``; a case overrides any of them
with ``assumptions: {guarantees.<name>: value}``. See docs/guarantees.md.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass

from accord.case.guarantee import Guarantee
from accord.case.model import Case
from accord.errors import AnalysisError
from accord.guarantees.base_rates import base_rate
from accord.guarantees.types import Credibility, GuarantorCredibility, Modifier

__all__ = ["DEFAULTS", "PREFIX", "Default", "assess", "assess_all"]

PREFIX = "guarantees."
"""Prefix of the assumption names in a case's ``assumptions``."""

REITER_POAST = (
    "Reiter and Poast (2021), The Truth About Tripwires: Why Small Force Deployments Do Not Deter "
    "Aggression, Texas National Security Review"
)
ASSUMPTION = "assumption"


@dataclass(frozen=True)
class Default:
    """The default value of one overridable parameter.

    Attributes:
        value: Default value.
        source: Citation or ``"assumption"``.
        meaning: What the number is.
        low: Smallest allowed value (inclusive unless ``open_low``).
        open_low: True when ``low`` itself is not allowed.
        high: Largest allowed value, if any (inclusive).
    """

    value: float
    source: str
    meaning: str
    low: float = 0.0
    open_low: bool = True
    high: float | None = None


DEFAULTS: dict[str, Default] = {
    "legal_form_ratified_treaty_odds": Default(
        1.0,
        ASSUMPTION,
        "odds ratio for a ratified treaty; the reference category, since the coded alliances are "
        "formal written agreements",
    ),
    "legal_form_executive_agreement_odds": Default(0.7, ASSUMPTION, "odds ratio for an executive agreement"),
    "legal_form_unilateral_law_odds": Default(0.6, ASSUMPTION, "odds ratio for a unilateral law"),
    "legal_form_political_declaration_odds": Default(
        0.4, ASSUMPTION, "odds ratio for a political declaration"
    ),
    "tripwire_small_odds": Default(
        1.1, REITER_POAST, "odds ratio when the guarantor has a small force on the ground (adds little)"
    ),
    "tripwire_large_odds": Default(
        2.0, ASSUMPTION, "odds ratio when the guarantor has a large force on the ground"
    ),
    "tripwire_large_threshold": Default(
        10000.0, ASSUMPTION, "troops from which a deployment counts as large", low=1.0, open_low=False
    ),
    "integrated_command_odds": Default(1.3, ASSUMPTION, "odds ratio for an integrated command"),
    "response_lag_halflife_days": Default(
        90.0, ASSUMPTION, "days of stated response lag that halve the odds of honouring"
    ),
    "capability_odds_per_unit": Default(
        3.0, ASSUMPTION, "odds multiply by this per unit of guarantor capability above the reference"
    ),
    "capability_reference": Default(
        0.5, ASSUMPTION, "capability at which the capability modifier is 1", low=0.0, open_low=False, high=1.0
    ),
    "election_interval_years": Default(
        4.0,
        ASSUMPTION,
        "years between elections (override per guarantor: election_interval_years.<id in lower case>)",
    ),
    "walkback_probability": Default(
        0.15,
        ASSUMPTION,
        "probability an election brings a government that walks the guarantee back "
        "(override per guarantor: walkback_probability.<id in lower case>)",
        low=0.0,
        open_low=False,
        high=0.99,
    ),
    "turnover_horizon_years": Default(
        10.0, ASSUMPTION, "years over which the trigger may come (capped by the guarantee's duration)"
    ),
}
"""Every overridable parameter, by name without the ``guarantees.`` prefix."""


class _Params:
    """Reads parameters from a case's assumptions, falling back to :data:`DEFAULTS`."""

    def __init__(self, assumptions: Mapping[str, float] | None) -> None:
        self._given = dict(assumptions or {})
        for key, value in self._given.items():
            name = key.removeprefix(PREFIX)
            if not key.startswith(PREFIX):
                continue
            base = DEFAULTS.get(name) or DEFAULTS.get(name.rsplit(".", 1)[0])
            if base is not None:
                _check(key, value, base)

    def get(self, name: str, per: str | None = None) -> tuple[float, bool]:
        """Return (value, overridden) for ``name``, or its per-guarantor variant ``name.<per>``."""
        keys = ([f"{PREFIX}{name}.{per.lower()}"] if per else []) + [f"{PREFIX}{name}"]
        for key in keys:
            if key in self._given:
                return self._given[key], True
        return DEFAULTS[name].value, False


def _check(key: str, value: float, base: Default) -> None:
    too_low = value <= base.low if base.open_low else value < base.low
    if too_low or (base.high is not None and value > base.high):
        bound = f"{'>' if base.open_low else '>='} {base.low:g}"
        if base.high is not None:
            bound += f" and <= {base.high:g}"
        raise AnalysisError(f"assumption {key} = {value:g} must be {bound}")


def _mod(name: str, odds_ratio: float, overridden: bool, note: str, source: str | None = None) -> Modifier:
    src = source if source is not None else DEFAULTS[name].source
    if overridden:
        src = f"{ASSUMPTION} (set in the case)"
        note = f"{note}; overridden in the case"
    return Modifier(name=name, odds_ratio=odds_ratio, source=src, note=note)


def _modifiers(case: Case, g: Guarantee, guarantor: str, p: _Params) -> tuple[Modifier, ...]:
    mods: list[Modifier] = []

    name = f"legal_form_{g.legal_form}_odds"
    value, over = p.get(name)
    mods.append(_mod(name, value, over, f"legal form: {g.legal_form.replace('_', ' ')}"))

    if g.forces.count > 0 and (not g.forces.nations or guarantor in g.forces.nations):
        threshold, t_over = p.get("tripwire_large_threshold")
        name = "tripwire_large_odds" if g.forces.count >= threshold else "tripwire_small_odds"
        value, over = p.get(name)
        size = "large" if name == "tripwire_large_odds" else "small"
        mods.append(
            _mod(
                name,
                value,
                over or t_over,
                f"{g.forces.count} troops on the ground ({size}: threshold {threshold:g})",
            )
        )

    if g.integrated_command:
        value, over = p.get("integrated_command_odds")
        mods.append(_mod("integrated_command_odds", value, over, "forces under an integrated command"))

    if g.response_lag_days is not None:
        halflife, over = p.get("response_lag_halflife_days")
        ratio = 0.5 ** (g.response_lag_days / halflife)
        mods.append(
            _mod(
                "response_lag_halflife_days",
                ratio,
                over,
                f"stated response lag {g.response_lag_days} days, half-life {halflife:g} days",
            )
        )

    try:
        capability = case.actor(guarantor).capability
    except KeyError as exc:  # pragma: no cover - the case validator checks references
        raise AnalysisError(f"guarantor {guarantor!r} of {g.id!r} is not an actor of the case") from exc
    per_unit, over_u = p.get("capability_odds_per_unit")
    reference, over_r = p.get("capability_reference")
    mods.append(
        _mod(
            "capability_odds_per_unit",
            per_unit ** (capability - reference),
            over_u or over_r,
            f"capability {capability:g} against reference {reference:g}",
        )
    )

    interval, over_i = p.get("election_interval_years", guarantor)
    walkback, over_w = p.get("walkback_probability", guarantor)
    horizon, over_h = p.get("turnover_horizon_years")
    if g.duration_years is not None:
        horizon = min(horizon, g.duration_years)
    survive = _turnover_survival(interval, walkback, horizon)
    mods.append(
        _mod(
            "walkback_probability",
            survive,
            over_i or over_w or over_h,
            f"elections every {interval:g} years, walk-back {walkback:g} per election, over "
            f"{horizon:g} years: commitment intact {survive:.3f} of the time on average",
        )
    )
    return tuple(mods)


def _turnover_survival(interval: float, walkback: float, horizon: float) -> float:
    """Return the mean share of ``[0, horizon]`` during which no government has walked back.

    Walk-backs arrive as a Poisson process whose rate gives probability ``walkback`` per
    ``interval`` years; the trigger is taken to be equally likely at any time in the horizon.
    """
    if walkback <= 0.0:
        return 1.0
    rate = -math.log1p(-walkback) / interval
    x = rate * horizon
    if x < 1e-12:
        return 1.0 - x / 2.0
    return -math.expm1(-x) / x


def _find(case: Case, guarantee_id: str) -> Guarantee:
    for g in case.guarantees:
        if g.id == guarantee_id:
            return g
    known = ", ".join(g.id for g in case.guarantees) or "none"
    raise AnalysisError(f"case {case.id!r} has no guarantee {guarantee_id!r}; known guarantees: {known}")


def assess(case: Case, guarantee_id: str) -> Credibility:
    """Assess how likely each guarantor is to honour one guarantee if its trigger occurs.

    The base rate's odds are multiplied by each modifier's odds ratio in turn; every
    modifier is recorded with its source (or ``"assumption"``) in the result.

    Args:
        case: The case holding the guarantee; its ``assumptions`` (``guarantees.<name>``)
            override the defaults in :data:`DEFAULTS`.
        guarantee_id: Id of the guarantee.

    Returns:
        One entry per guarantor, in the guarantee's order.

    Raises:
        AnalysisError: If the case has no guarantee with this id (the message lists the
            known ids) or an assumption is out of range.
    """
    g = _find(case, guarantee_id)
    params = _Params(case.assumptions)
    rate = base_rate(g.obligation, g.year)
    rows: list[GuarantorCredibility] = []
    for guarantor in g.guarantors:
        mods = _modifiers(case, g, guarantor, params)
        log_odds = math.log(rate.probability) - math.log1p(-rate.probability)
        log_odds += sum(math.log(m.odds_ratio) for m in mods)
        probability = 1.0 / (1.0 + math.exp(-log_odds))
        rows.append(GuarantorCredibility(guarantor, rate.probability, rate.source, mods, probability))
    return Credibility(g.id, tuple(rows))


def assess_all(case: Case) -> tuple[Credibility, ...]:
    """Assess every guarantee of a case, in file order."""
    return tuple(assess(case, g.id) for g in case.guarantees)
