"""Results of the guarantee models, shared by credibility, simulation and durability."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
from numpy.typing import NDArray

__all__ = ["ArchitectureResult", "Credibility", "GuarantorCredibility", "Modifier"]


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


@dataclass(frozen=True)
class GuarantorCredibility:
    """How likely one guarantor is to honour one guarantee if its trigger occurs.

    Attributes:
        guarantor: Actor id.
        base_rate: Base-rate probability of honouring for this obligation type and era.
        base_source: Where the base rate comes from.
        modifiers: The adjustments applied, in order.
        probability: The resulting probability.
    """

    guarantor: str
    base_rate: float
    base_source: str
    modifiers: tuple[Modifier, ...]
    probability: float


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
    """Monte Carlo outcome of one guarantee architecture over the horizon.

    Attributes:
        guarantee: Guarantee id.
        draws: Number of simulated histories.
        horizon_months: Length of each history.
        p_honour: Per guarantor, the probability of honouring used in the draws.
        p_major_war: Share of histories with a renewed full-scale war within the horizon.
        expected_months_to_violation: Mean months to the first violation of any kind
            (histories without one count as the horizon: a lower bound, see docs).
        survival: Per month 0..horizon, share of histories with no violation yet.
        notes: Anything else worth reporting.
    """

    guarantee: str
    draws: int
    horizon_months: int
    p_honour: dict[str, float]
    p_major_war: float
    expected_months_to_violation: float
    survival: NDArray[np.float64]
    notes: dict[str, float | str] = field(default_factory=dict)
