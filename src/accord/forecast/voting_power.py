"""Council of the EU voting power: the treaty voting rules by date, and exact power indices.

The rules (each cited in docs/forecast.md):

* **EU-15, to 30 April 2004** (Treaty establishing the European Community, art. 205(2) after
  Amsterdam): weights DE, FR, IT, UK 10; ES 8; BE, EL, NL, PT 5; AT, SE 4; DK, IE, FI 3; LU 2;
  a qualified majority is 62 of 87.
* **Nice weights, 1 May 2004 to 31 October 2014** (Protocol on the enlargement of the EU,
  art. 3, as amended by the Acts of Accession of 2003, 2005 and 2011): DE, FR, IT, UK 29;
  ES, PL 27; RO 14; NL 13; BE, CZ, EL, HU, PT 12; AT, BG, SE 10; DK, IE, LT, SK, FI, HR 7;
  CY, EE, LV, LU, SI 4; MT 3. A qualified majority is 232 of 321 (EU-25), 255 of 345 (EU-27,
  from 2007) or 260 of 352 (EU-28, from July 2013), cast by a majority of the members. (The
  transitional weights of May-October 2004 and the 62% population check on request are not
  modelled.)
* **Double majority, from 1 November 2014** (Treaty on European Union art. 16(4)): 55% of the
  members (at least 15) representing 65% of the population; a blocking minority needs at
  least four members, so a coalition that fails only on population but leaves at most three
  members outside wins. Populations are the Council's figures for 2015 (thousands).
* **Unanimity**: every member is a veto player, so every member's power is ``1/n``.

:func:`power_index` computes the Shapley-Shubik or Banzhaf index exactly by counting
coalitions by size (and weight, or population) with a dynamic programme, so no coalition is
enumerated.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from functools import lru_cache
from math import factorial
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError

__all__ = ["PowerIndex", "VotingRule", "council_rule", "power_index", "state_power"]

PowerIndex = Literal["shapley", "banzhaf"]
"""Which power index: Shapley-Shubik (1954) or normalised Banzhaf (1965)."""

EU15 = {
    "de": 10, "fr": 10, "it": 10, "uk": 10, "es": 8, "be": 5, "el": 5, "nl": 5, "pt": 5,
    "at": 4, "se": 4, "dk": 3, "ie": 3, "fi": 3, "lu": 2,
}  # fmt: skip
"""EU-15 Council weights (TEC art. 205(2)), by DEU actor code."""

NICE = {
    "de": 29, "fr": 29, "it": 29, "uk": 29, "es": 27, "pl": 27, "ro": 14, "nl": 13,
    "be": 12, "cz": 12, "el": 12, "hu": 12, "pt": 12, "at": 10, "bu": 10, "se": 10,
    "dk": 7, "ie": 7, "lt": 7, "sk": 7, "fi": 7, "cr": 7,
    "cy": 4, "ee": 4, "lv": 4, "lu": 4, "si": 4, "mt": 3,
}  # fmt: skip
"""Nice Council weights (EU-28), by DEU actor code (``bu`` Bulgaria, ``cr`` Croatia)."""

POPULATION_2015 = {
    "de": 80_780, "fr": 65_857, "uk": 64_308, "it": 60_783, "es": 46_508, "pl": 38_496,
    "ro": 19_943, "nl": 16_829, "be": 11_204, "el": 10_993, "cz": 10_512, "pt": 10_427,
    "hu": 9_879, "se": 9_645, "at": 8_508, "bu": 7_246, "dk": 5_627, "fi": 5_451,
    "sk": 5_416, "ie": 4_604, "cr": 4_247, "lt": 2_944, "si": 2_061, "lv": 2_002,
    "ee": 1_316, "cy": 858, "lu": 550, "mt": 425,
}  # fmt: skip
"""Population in thousands, the Council's figures for 2015 (rounded)."""

ACCESSION_2004 = ("cy", "cz", "ee", "hu", "lv", "lt", "mt", "pl", "sk", "si")
ACCESSION_2007 = ("bu", "ro")
ACCESSION_2013 = ("cr",)


@dataclass(frozen=True)
class VotingRule:
    """A Council voting rule in force on some date.

    Attributes:
        name: A short label (``"EU-15 weights"``, ``"Nice EU-27"``, ``"double majority"``).
        members: Member-state codes, sorted.
        weights: Each member's vote weight (population in hundreds of thousands for the double
            majority).
        quota: Weight needed (the population quota for the double majority).
        min_members: Members needed.
        blocking_min: A losing coalition with at least ``n - blocking_min + 1`` members wins
            (the double majority's four-member blocking minority); 0 when not used.
    """

    name: str
    members: tuple[str, ...]
    weights: tuple[int, ...]
    quota: int
    min_members: int
    blocking_min: int = 0

    def wins(self, weight: int, size: int) -> bool:
        """Whether a coalition of this total weight and number of members wins."""
        n = len(self.members)
        if size < self.min_members:
            return False
        if weight >= self.quota:
            return True
        return self.blocking_min > 0 and n - size < self.blocking_min


def council_rule(date: dt.date, voting: Literal["qmv", "unanimity"] = "qmv") -> VotingRule:
    """Return the Council rule in force on ``date`` (unanimity: every member a veto player).

    Raises:
        AnalysisError: A date before 1995, when the EU-15 was formed.
    """
    if date < dt.date(1995, 1, 1):
        raise AnalysisError(f"no Council rule is modelled before 1995 (got {date.isoformat()})")
    if date < dt.date(2004, 5, 1):
        members = tuple(sorted(EU15))
        weights = {m: EU15[m] for m in members}
        rule = VotingRule("EU-15 weights", members, tuple(weights.values()), 62, 1)
    elif date < dt.date(2014, 11, 1):
        joined = set(NICE) - set(ACCESSION_2007) - set(ACCESSION_2013)
        name, quota = "Nice EU-25", 232
        if date >= dt.date(2007, 1, 1):
            joined |= set(ACCESSION_2007)
            name, quota = "Nice EU-27", 255
        if date >= dt.date(2013, 7, 1):
            joined |= set(ACCESSION_2013)
            name, quota = "Nice EU-28", 260
        members = tuple(sorted(joined))
        rule = VotingRule(name, members, tuple(NICE[m] for m in members), quota, len(members) // 2 + 1)
    else:
        members = tuple(sorted(POPULATION_2015))
        pops = tuple(round(POPULATION_2015[m] / 100) for m in members)  # hundreds of thousands
        quota = -(-65 * sum(pops) // 100)
        need = max(15, -(-55 * len(members) // 100))
        rule = VotingRule("double majority", members, pops, quota, need, blocking_min=4)
    if voting == "unanimity":
        n = len(rule.members)
        return VotingRule("unanimity", rule.members, (1,) * n, n, n)
    return rule


def _counts(weights: NDArray[np.int64], cap: int) -> NDArray[np.float64]:
    """``c[k, w]``: number of coalitions of ``k`` of these players with total weight ``w`` (``w`` capped)."""
    n = weights.size
    c = np.zeros((n + 1, cap + 1))
    c[0, 0] = 1.0
    for wt in weights:
        shift = min(int(wt), cap)
        for k in range(n, 0, -1):
            moved = np.zeros(cap + 1)
            moved[shift:] = c[k - 1, : cap + 1 - shift]
            moved[cap] += c[k - 1, cap + 1 - shift :].sum()
            c[k] += moved
    return c


@lru_cache(maxsize=64)
def power_index(rule: VotingRule, index: PowerIndex = "shapley") -> tuple[float, ...]:
    """Exact power of every member under a rule, in ``rule.members`` order; sums to 1.

    Shapley-Shubik: the share of orderings in which the member is pivotal. Banzhaf: the
    member's share of all swings (normalised).

    Raises:
        AnalysisError: An unknown index.
    """
    if index not in ("shapley", "banzhaf"):
        raise AnalysisError(f"unknown power index {index!r} (known: shapley, banzhaf)")
    weights = np.asarray(rule.weights, dtype=np.int64)
    n = weights.size
    cap = rule.quota  # weights at or above the quota behave alike
    sizes = np.arange(n + 1)[:, None]
    wins = (sizes >= rule.min_members) & (
        (np.arange(cap + 1)[None, :] >= rule.quota)
        | ((rule.blocking_min > 0) & (n - sizes < rule.blocking_min))
    )
    raw = np.zeros(n)
    for i in range(n):
        others = _counts(np.delete(weights, i), cap)
        total = 0.0
        wi = int(weights[i])
        for k in range(n):
            after = np.minimum(np.arange(cap + 1) + wi, cap)
            swing = (~wins[k]) & wins[k + 1][after]
            count = float(others[k][swing].sum())
            if index == "shapley":
                total += count * factorial(k) * factorial(n - k - 1) / factorial(n)
            else:
                total += count
        raw[i] = total
    if raw.sum() <= 0:
        return tuple([1.0 / n] * n)
    return tuple(float(v) for v in raw / raw.sum())


def state_power(
    date: dt.date, voting: Literal["qmv", "unanimity"] = "qmv", index: PowerIndex = "shapley"
) -> dict[str, float]:
    """Each member state's power index (DEU actor codes) under the rule in force on ``date``."""
    return dict(_state_power(date, voting, index))


@lru_cache(maxsize=4096)
def _state_power(
    date: dt.date, voting: Literal["qmv", "unanimity"], index: PowerIndex
) -> tuple[tuple[str, float], ...]:
    """:func:`state_power` as pairs, cached by date (a backtest asks once per issue and fold)."""
    rule = council_rule(date, voting)
    return tuple(zip(rule.members, power_index(rule, index), strict=True))
