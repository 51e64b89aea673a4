"""Priors for the effect of agreement mechanisms on the hazard of renewed war.

Each mechanism multiplies the hazard of the war-recurrence model
(:mod:`accord.guarantees.recurrence`) by a hazard ratio drawn from a log-normal prior. The
priors follow V. P. Fortna's studies of cease-fires after inter-state wars since 1945:

* Fortna, V. P. (2003). "Scraps of Paper? Agreements and the Durability of Peace".
  International Organization 57(2): 337-72.
* Fortna, V. P. (2004). *Peace Time: Cease-Fire Agreements and the Durability of Peace*.
  Princeton University Press.
* Fortna, V. P. (2004). "Interstate Peacekeeping: Causal Mechanisms and Empirical Effects".
  World Politics 56(4): 481-519.

What is verified and what is not (see ``docs/guarantees.md``): the *direction* of
each effect is stated in those works' abstracts (demilitarised zones, explicit third-party
guarantees, peacekeeping and joint commissions lengthen peace; peacekeeping "significantly"
so once its endogeneity is handled). Their published hazard ratios and standard errors could
not be checked against the texts while this module was written, so no table value is quoted.
Each prior instead centres on a moderate effect that a significant finding in Fortna's sample
(about 48 cease-fires) makes plausible and is wide enough that a 95% interval includes no effect.

Transfer rule: ``log_sd = max(2 * published log-SE, 0.5)`` when a published SE is verified,
and ``0.7`` when it is not. Doubling the SE allows for moving from her sample (mostly regional
wars, 1946-1997) to a war involving a nuclear great power; the floor keeps a well-measured
effect from being taken as exact in a new case.

The guarantee must enter once: ``third_party_guarantee`` is for an explicit guarantee written
into a cease-fire agreement by an outside state that is *not* modelled structurally. When the
guarantor's credibility is simulated (the structural model), do not also apply this prior, and
leave the recurrence model's ``pact_major`` at 0 for the beneficiary.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError

__all__ = [
    "MECHANISMS",
    "MECHANISM_NAMES",
    "TRANSFER_FLOOR",
    "UNVERIFIED_LOG_SD",
    "MechanismPrior",
    "draw_log_hr",
    "transfer_log_sd",
]

#: Smallest log-SD a transferred prior may have.
TRANSFER_FLOOR = 0.5
#: Log-SD used when the published uncertainty could not be verified.
UNVERIFIED_LOG_SD = 0.7

_FORTNA_2003 = (
    'Fortna, V. P. (2003). "Scraps of Paper? Agreements and the Durability of Peace". '
    "International Organization 57(2): 337-72 (abstract; Weibull hazard models of cease-fires "
    "after inter-state wars, 1946-1997)."
)
_FORTNA_BOOK = (
    "Fortna, V. P. (2004). Peace Time: Cease-Fire Agreements and the Durability of Peace. "
    "Princeton University Press."
)
_FORTNA_WP = (
    'Fortna, V. P. (2004). "Interstate Peacekeeping: Causal Mechanisms and Empirical Effects". '
    "World Politics 56(4): 481-519 (abstract: duration analysis with selection taken into account)."
)
_UNVERIFIED = (
    "Direction verified from the abstract; the magnitude is not a quoted table value (the "
    "published hazard ratio and SE could not be checked), so the prior is wide and includes 1."
)


def transfer_log_sd(published_log_se: float | None) -> float:
    """The transfer rule: twice the published log-SE, never below the floor.

    Args:
        published_log_se: The published standard error of the log hazard ratio, or ``None``
            when it could not be verified.

    Returns:
        ``max(2 * se, TRANSFER_FLOOR)``, or ``UNVERIFIED_LOG_SD`` when ``se`` is ``None``.

    Raises:
        AnalysisError: When the SE is negative or not finite.
    """
    if published_log_se is None:
        return UNVERIFIED_LOG_SD
    if not (math.isfinite(published_log_se) and published_log_se >= 0):
        raise AnalysisError(f"published log-SE must be finite and non-negative, got {published_log_se!r}")
    return max(2.0 * published_log_se, TRANSFER_FLOOR)


@dataclass(frozen=True)
class MechanismPrior:
    """A log-normal prior on one mechanism's hazard ratio.

    Attributes:
        name: Key in :data:`MECHANISMS`.
        label: Human-readable name.
        hazard_ratio: Prior median hazard ratio (below 1: the mechanism lengthens peace).
        log_sd: Standard deviation of the log hazard ratio, after widening for transfer.
        source: Author, year, title and where in the work.
        verified: ``True`` only when the number itself was checked against the publication.
        note: What the number rests on and how to use it.
    """

    name: str
    label: str
    hazard_ratio: float
    log_sd: float
    source: str
    verified: bool
    note: str

    @property
    def log_hr(self) -> float:
        """Prior mean of the log hazard ratio."""
        return math.log(self.hazard_ratio)

    def interval(self, level: float = 0.95) -> tuple[float, float]:
        """Central prior interval of the hazard ratio.

        Raises:
            AnalysisError: When ``level`` is not in (0, 1).
        """
        if not 0 < level < 1:
            raise AnalysisError(f"level must be in (0, 1), got {level!r}")
        from scipy.stats import norm

        z = float(norm.ppf(0.5 + level / 2.0))
        return math.exp(self.log_hr - z * self.log_sd), math.exp(self.log_hr + z * self.log_sd)


_PRIORS = (
    MechanismPrior(
        name="dmz",
        label="Demilitarised zone",
        hazard_ratio=0.5,
        log_sd=transfer_log_sd(None),
        source=f"{_FORTNA_2003} {_FORTNA_BOOK}",
        verified=False,
        note=(
            f"{_UNVERIFIED} Fortna lists demilitarised zones first among the measures that lengthen "
            "peace; median 0.5 (a halving of the hazard), 95% prior interval about 0.13-2.0."
        ),
    ),
    MechanismPrior(
        name="monitoring",
        label="Unarmed monitoring (military observers)",
        hazard_ratio=0.6,
        log_sd=transfer_log_sd(None),
        source=f"{_FORTNA_WP} {_FORTNA_BOOK}",
        verified=False,
        note=(
            f"{_UNVERIFIED} Fortna (2004, World Politics) treats observer missions and armed "
            "peacekeeping as forms of peacekeeping; the split of her estimate between them is not "
            "verified here, so monitoring gets a median closer to 1 than armed peacekeeping."
        ),
    ),
    MechanismPrior(
        name="peacekeeping",
        label="Armed peacekeeping force",
        hazard_ratio=0.5,
        log_sd=transfer_log_sd(None),
        source=f"{_FORTNA_WP} {_FORTNA_2003}",
        verified=False,
        note=(
            f"{_UNVERIFIED} Consistent with accord's own rerun of Fortna's civil-war data "
            "(accord.guarantees.validation: Cox HR of peacekeeping about 0.36 once her pre-treatment "
            "hazard is controlled), which is a different population and is not used for the number."
        ),
    ),
    MechanismPrior(
        name="joint_commission",
        label="Joint commission for dispute resolution",
        hazard_ratio=0.7,
        log_sd=transfer_log_sd(None),
        source=f"{_FORTNA_2003} {_FORTNA_BOOK}",
        verified=False,
        note=(
            f"{_UNVERIFIED} A weaker mechanism (it manages incidents rather than changing "
            "capabilities), so its median is closer to 1."
        ),
    ),
    MechanismPrior(
        name="third_party_guarantee",
        label="Explicit third-party guarantee in the agreement",
        hazard_ratio=0.7,
        log_sd=transfer_log_sd(None),
        source=f"{_FORTNA_2003} {_FORTNA_BOOK}",
        verified=False,
        note=(
            f"{_UNVERIFIED} Use only when the guarantee is not modelled structurally (the guarantee "
            "enters once). Median closer to 1 because Fortna's guarantees were mostly given by "
            "outside powers against regional belligerents, not against a nuclear great power."
        ),
    ),
)

#: The priors by name (read-only).
MECHANISMS: Mapping[str, MechanismPrior] = MappingProxyType({p.name: p for p in _PRIORS})

#: Mechanism names in a stable order.
MECHANISM_NAMES: tuple[str, ...] = tuple(p.name for p in _PRIORS)


def draw_log_hr(name: str, rng: np.random.Generator, n: int) -> NDArray[np.float64]:
    """Draw ``n`` log hazard ratios for mechanism ``name`` from its prior.

    Raises:
        AnalysisError: For an unknown mechanism (the message lists the valid ones) or ``n < 1``.
    """
    if name not in MECHANISMS:
        raise AnalysisError(f"unknown mechanism {name!r}; valid: {', '.join(MECHANISM_NAMES)}")
    if n < 1:
        raise AnalysisError(f"n must be at least 1, got {n!r}")
    prior = MECHANISMS[name]
    out: NDArray[np.float64] = prior.log_hr + prior.log_sd * rng.standard_normal(n)
    return out
