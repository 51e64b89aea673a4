"""Every named number of the guarantee model, its default, its source and its allowed range.

A case overrides any of them under ``assumptions:`` with the key ``guarantees.<name>``
(per-guarantor variants append the actor id in lower case, e.g.
``guarantees.walkback_probability.usa``). :class:`Assumptions` reads a case's values,
checks their ranges and falls back to :data:`DEFAULTS`. docs/guarantees.md lists them all.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from accord.errors import AnalysisError

__all__ = ["ASSUMPTION", "DEFAULTS", "PREFIX", "Assumptions", "Default"]

PREFIX = "guarantees."
"""Prefix of the assumption names in a case's ``assumptions``."""

ASSUMPTION = "assumption"
"""Source of a number that no study supplies."""

REITER_POAST = (
    "Reiter and Poast (2021), The Truth About Tripwires: Why Small Force Deployments Do Not Deter "
    "Aggression, Texas National Security Review 4(3)"
)
BENSON = (
    "Benson (2011), Unpacking Alliances: Deterrent and Compellent Alliances and Their Relationship "
    "with Conflict, 1816-2000, Journal of Politics 73(4)"
)
LEEDS_ANAC = (
    "Leeds and Anac (2005), Alliance Institutionalization and Alliance Performance, International "
    "Interactions 31(3): no evidence that more institutionalised alliances are more reliable"
)


@dataclass(frozen=True)
class Default:
    """The default value of one overridable number.

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
    open_low: bool = False
    high: float | None = None


def _odds(value: float, source: str, meaning: str) -> Default:
    return Default(value, source, meaning, low=0.0, open_low=True)


def _unit(value: float, source: str, meaning: str) -> Default:
    return Default(value, source, meaning, low=0.0, high=1.0)


DEFAULTS: dict[str, Default] = {
    # --- credibility (ex-ante resolve of each guarantor) -------------------------------------
    "legal_form_ratified_treaty_odds": _odds(
        1.0,
        ASSUMPTION,
        "odds ratio of resolve for a ratified treaty (reference: coded alliances are treaties)",
    ),
    "legal_form_executive_agreement_odds": _odds(0.7, ASSUMPTION, "odds ratio for an executive agreement"),
    "legal_form_unilateral_law_odds": _odds(0.6, ASSUMPTION, "odds ratio for a unilateral law"),
    "legal_form_political_declaration_odds": _odds(0.4, ASSUMPTION, "odds ratio for a political declaration"),
    "tripwire_small_odds": _odds(
        1.1, REITER_POAST, "odds ratio of resolve when the guarantor has a small force on the ground"
    ),
    "tripwire_large_odds": _odds(
        1.25, ASSUMPTION, "odds ratio of resolve when the guarantor has a large force on the ground"
    ),
    "tripwire_large_threshold": Default(
        10000.0, ASSUMPTION, "troops from which a deployment counts as large", low=1.0
    ),
    "integrated_command_odds": _odds(
        1.0, LEEDS_ANAC, "odds ratio for an integrated command (1: no effect found in the data)"
    ),
    "response_lag_halflife_days": _odds(90.0, ASSUMPTION, "days of stated response lag that halve the odds"),
    "election_interval_years": _odds(
        4.0, ASSUMPTION, "years between elections (per guarantor: election_interval_years.<id>)"
    ),
    "walkback_probability": Default(
        0.10,
        ASSUMPTION,
        "probability that an election brings a government that walks the guarantee back, beyond what the "
        "base rate already holds (per guarantor: walkback_probability.<id>)",
        high=0.99,
    ),
    "turnover_horizon_years": _odds(
        10.0, ASSUMPTION, "years over which the trigger may come (capped by the guarantee's duration)"
    ),
    "honour_post1945_only": _unit(
        0.0,
        ASSUMPTION,
        "1: use the post-1945 defence-pact figure for the honour rate; 0: all eras, clustered by war",
    ),
    # --- selection model --------------------------------------------------------------------
    "deterrence_effect": Default(
        0.18,
        BENSON,
        "share by which an average defence pact lowers the rate of challenges against its protege",
        low=0.0,
        open_low=True,
        high=0.95,
    ),
    "deterrence_effect_log_sd": Default(
        0.35, ASSUMPTION, "log-scale spread of the deterrence effect (widened for transfer)", high=2.0
    ),
    "resolve_concentration_low": _odds(
        0.5, ASSUMPTION, "smallest Beta concentration of a guarantor's resolve (spread across pacts)"
    ),
    "resolve_concentration_high": _odds(5.0, ASSUMPTION, "largest Beta concentration of resolve"),
    # --- protection: what an honoured response brings ---------------------------------------
    "obligation.defence": _unit(1.0, ASSUMPTION, "share of military capacity a defence obligation commits"),
    "obligation.assistance_without_combat": _unit(
        0.35, ASSUMPTION, "share of capacity committed by assistance short of combat"
    ),
    "obligation.arms_supply": _unit(0.25, ASSUMPTION, "share of capacity committed by arms supply"),
    "obligation.consultation": _unit(0.05, ASSUMPTION, "share of capacity committed by consultation"),
    "obligation.monitoring": _unit(
        0.0, ASSUMPTION, "share committed by monitoring (its effect is the monitoring mechanism)"
    ),
    "obligation.assurance": _unit(
        0.0,
        "Leeds (2003), Do Alliances Deter Aggression?, AJPS 47(3): promises short of defence do not deter",
        "share committed by an assurance",
    ),
    "coalition_follow": _unit(
        0.7,
        ASSUMPTION,
        "chance that a coalition member follows the lead guarantor's decision instead of deciding alone",
    ),
    "violation_deterrence_share": _unit(
        0.5, ASSUMPTION, "share of the deterrent effect on renewed war that also applies to lesser violations"
    ),
    "threat_local_forces": Default(
        600000.0, ASSUMPTION, "troops the threat can bring against the beneficiary", low=1.0
    ),
    "forces_denial_effect": _unit(
        1.0, REITER_POAST, "share of the local balance that forces on the ground turn into denial"
    ),
    "recurrence_widen": Default(
        1.5, ASSUMPTION, "factor widening the war-recurrence model's standard errors for transfer", low=1.0
    ),
}
"""Every overridable number, by name without the ``guarantees.`` prefix."""

_PER_GUARANTOR = ("election_interval_years", "walkback_probability", "milex")


def _check(key: str, value: float, base: Default) -> None:
    too_low = value <= base.low if base.open_low else value < base.low
    if too_low or (base.high is not None and value > base.high):
        bound = f"{'>' if base.open_low else '>='} {base.low:g}"
        if base.high is not None:
            bound += f" and <= {base.high:g}"
        raise AnalysisError(f"assumption {key} = {value:g} must be {bound}")


class Assumptions:
    """A case's values for the guarantee model's numbers, checked, with the defaults behind them."""

    def __init__(self, given: Mapping[str, float] | None) -> None:
        """Read and check the ``guarantees.*`` entries of a case's ``assumptions``.

        Raises:
            AnalysisError: If a value is outside its allowed range.
        """
        self._given = {k: float(v) for k, v in (given or {}).items() if k.startswith(PREFIX)}
        for key, value in self._given.items():
            name = key.removeprefix(PREFIX)
            base = DEFAULTS.get(name)
            if base is None and name.rsplit(".", 1)[0] in _PER_GUARANTOR:
                base = DEFAULTS.get(name.rsplit(".", 1)[0])
            if base is not None:
                _check(key, value, base)
            elif name.startswith("milex.") and value < 0:
                raise AnalysisError(f"assumption {key} = {value:g} must be >= 0")

    def get(self, name: str, per: str | None = None) -> tuple[float, bool]:
        """Return ``(value, set in the case)`` for ``name`` or its per-guarantor variant."""
        keys = ([f"{PREFIX}{name}.{per.lower()}"] if per else []) + [f"{PREFIX}{name}"]
        for key in keys:
            if key in self._given:
                return self._given[key], True
        return DEFAULTS[name].value, False

    def value(self, name: str, per: str | None = None) -> float:
        """Return the value of ``name`` (the case's, else the default)."""
        return self.get(name, per)[0]

    def optional(self, key: str) -> float | None:
        """Return the case's value for a free key under the prefix (``dyad.parity``), if set."""
        return self._given.get(f"{PREFIX}{key}")
