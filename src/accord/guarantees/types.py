"""Results of the guarantee models, shared by credibility, simulation and durability."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "ArchitectureResult",
    "Credibility",
    "Estimate",
    "GuarantorCredibility",
    "GuarantorResult",
    "Modifier",
]


@dataclass(frozen=True)
class Modifier:
    """One documented adjustment to a guarantor's probability of honouring a guarantee.

    Attributes:
        name: Assumption name, overridable in a case's ``assumptions`` (``guarantees.<name>``).
        odds_ratio: Multiplier applied to the odds of honouring.
        source: Citation (author, year, title) or ``"assumption"``.
        note: Why it applies here.
    """

    name: str
    odds_ratio: float
    source: str
    note: str = ""


QUANTILE_DRAWS = 200_000
"""Draws from which the percentiles of an :class:`Estimate` are read (the mean uses all)."""


@dataclass(frozen=True)
class Estimate:
    """A model output summarised over the Monte Carlo draws.

    Attributes:
        mean: Mean over draws.
        se: Monte Carlo standard error of the mean (``sd / sqrt(draws)``).
        low80, high80: 10th and 90th percentiles (80% interval).
        low95, high95: 2.5th and 97.5th percentiles (95% interval).
    """

    mean: float
    se: float
    low80: float
    high80: float
    low95: float
    high95: float

    @classmethod
    def of(cls, values: NDArray[np.float64]) -> Estimate:
        """Summarise draws (at least one)."""
        v = np.asarray(values, dtype=np.float64)
        # percentiles from at most QUANTILE_DRAWS draws: their error is far below the interval's width
        q = np.quantile(v[:QUANTILE_DRAWS], [0.025, 0.1, 0.9, 0.975])
        se = float(v.std(ddof=1) / np.sqrt(v.size)) if v.size > 1 else 0.0
        return cls(float(v.mean()), se, float(q[1]), float(q[2]), float(q[0]), float(q[3]))

    def to_dict(self) -> dict[str, float]:
        """Return the JSON form."""
        return {
            "mean": self.mean,
            "se": self.se,
            "low80": self.low80,
            "high80": self.high80,
            "low95": self.low95,
            "high95": self.high95,
        }


@dataclass(frozen=True)
class GuarantorCredibility:
    """How likely one guarantor is to honour one guarantee.

    Attributes:
        guarantor: Actor id.
        base_rate: Honour rate among invoked defence pacts the model is fitted to.
        base_source: Where it comes from.
        modifiers: The odds ratios applied to its resolve, in order.
        probability: Ex-ante credibility (mean resolve before any attack, after turnover);
            0 for a guarantor that is the threat itself.
        ex_ante: Ex-ante credibility with intervals over the parameter draws (``None`` for
            the threat itself).
        invoked: P(honour | attacked): the rate at which it would honour in the cases where
            the guarantee is invoked, lower than ``ex_ante`` because resolute guarantors
            deter and are rarely tested (``None`` for the threat itself).
        is_threat: True when the guarantor is the party the guarantee is meant to deter.
        turnover: Mean share of the horizon the commitment survives political turnover.
    """

    guarantor: str
    base_rate: float
    base_source: str
    modifiers: tuple[Modifier, ...]
    probability: float
    ex_ante: Estimate | None = None
    invoked: Estimate | None = None
    is_threat: bool = False
    turnover: float = 1.0


@dataclass(frozen=True)
class GuarantorResult:
    """One guarantor's part in an architecture.

    Attributes:
        credibility: Its credibility.
        capacity_share: Its share of the military capacity the architecture commits.
    """

    credibility: GuarantorCredibility
    capacity_share: float


@dataclass(frozen=True)
class Credibility:
    """Credibility of one guarantee: one entry per guarantor.

    Attributes:
        guarantee: Guarantee id.
        guarantors: Per guarantor, its credibility.
    """

    guarantee: str
    guarantors: tuple[GuarantorCredibility, ...]

    def probability(self, guarantor: str) -> float:
        """Return one guarantor's probability of honouring.

        Raises:
            KeyError: If it is not a guarantor of this guarantee.
        """
        for g in self.guarantors:
            if g.guarantor == guarantor:
                return g.probability
        raise KeyError(guarantor)


@dataclass(frozen=True)
class ArchitectureResult:
    """Outcome of one guarantee architecture over the horizon.

    Attributes:
        guarantee: Guarantee id (or ``"none"``).
        draws: Number of parameter draws.
        horizon_months: Length of the horizon.
        p_honour: Per guarantor, its ex-ante credibility (mean).
        p_major_war: Mean P(renewed major war) within the horizon.
        expected_months_to_violation: Mean months without any violation within the horizon
            (the area under the survival curve: a lower bound when peace outlasts it).
        survival: Per month 0..horizon, mean P(no violation of any kind yet).
        notes: Anything else worth reporting.
        war: Per horizon in years, P(renewed major war) with intervals.
        violation: Per horizon in years, P(any violation: a fatal incident or war).
        diff_none: Per horizon, P(renewed war) minus that with no guarantee, on common draws.
        diff_none_violation: The same for any violation.
        war_curve: Per month 0..horizon, mean P(renewed major war).
        guarantors: Per guarantor, its credibility and capacity share.
        protection: P(an attack meets an effective response).
        multiplier: Hazard multiplier on renewed war while the guarantee lasts.
        contributions: Shapley share of the change in P(war) at the horizon, per guarantor,
            ``forces`` and mechanism (negative: lower risk; sums to the difference from no
            guarantee).
        mechanisms: The mechanism priors applied.
        warnings: Data gaps and assumptions the reader should see.
    """

    guarantee: str
    draws: int
    horizon_months: int
    p_honour: dict[str, float]
    p_major_war: float
    expected_months_to_violation: float
    survival: NDArray[np.float64]
    notes: dict[str, float | str] = field(default_factory=dict)
    war: dict[int, Estimate] = field(default_factory=dict)
    violation: dict[int, Estimate] = field(default_factory=dict)
    diff_none: dict[int, Estimate] = field(default_factory=dict)
    diff_none_violation: dict[int, Estimate] = field(default_factory=dict)
    war_curve: NDArray[np.float64] = field(default_factory=lambda: np.zeros(0))
    guarantors: tuple[GuarantorResult, ...] = ()
    protection: Estimate | None = None
    multiplier: Estimate | None = None
    contributions: dict[str, float] = field(default_factory=dict)
    mechanisms: tuple[str, ...] = ()
    warnings: tuple[str, ...] = ()
