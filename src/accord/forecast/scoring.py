"""Bootstrap intervals for a backtest's MAE and for paired differences between models.

Issues of one proposal are negotiated together and are not independent, so the bootstrap
resamples *proposals* with replacement (a cluster bootstrap) and recomputes the MAE over the
issues of the drawn proposals. A paired difference uses the same draws for both models, so
it measures the difference on the same issues. Intervals are percentile intervals.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError

__all__ = ["BOOTSTRAP_DRAWS", "Estimate", "cluster_bootstrap"]

BOOTSTRAP_DRAWS = 2000
"""Bootstrap replicates."""


@dataclass(frozen=True)
class Estimate:
    """A point estimate with a percentile interval.

    Attributes:
        value: The estimate on the data as observed.
        low: Lower end of the interval.
        high: Upper end.
        level: The interval's nominal coverage.
    """

    value: float
    low: float
    high: float
    level: float = 0.95

    def to_dict(self) -> dict[str, float]:
        """Return ``{"value", "low", "high", "level"}`` rounded to 6 decimals."""
        return {
            k: round(v, 6) for k, v in (("value", self.value), ("low", self.low), ("high", self.high))
        } | {"level": self.level}


def _draw_counts(
    groups: Sequence[str], draws: int, seed: int
) -> tuple[NDArray[np.float64], NDArray[np.int64]]:
    """Per draw, how often each distinct group is drawn; and each item's group index."""
    distinct = sorted(set(groups))
    index = {g: k for k, g in enumerate(distinct)}
    member = np.asarray([index[g] for g in groups], dtype=np.int64)
    rng = np.random.default_rng(seed)
    counts = rng.multinomial(len(distinct), np.full(len(distinct), 1.0 / len(distinct)), size=draws)
    return counts.astype(np.float64), member


def cluster_bootstrap(
    values: Sequence[float] | NDArray[np.float64],
    groups: Sequence[str],
    *,
    draws: int = BOOTSTRAP_DRAWS,
    seed: int = 0,
    level: float = 0.95,
) -> Estimate:
    """The mean of ``values`` and its cluster-bootstrap percentile interval (clusters = ``groups``).

    Pass absolute errors for a MAE, or differences of absolute errors for a paired comparison.

    Raises:
        AnalysisError: No value, lengths that differ, or a level outside (0, 1).
    """
    v = np.asarray(values, dtype=np.float64)
    if v.size == 0 or v.size != len(groups):
        raise AnalysisError(
            f"bootstrap needs one group per value (got {v.size} values, {len(groups)} groups)"
        )
    if not 0.0 < level < 1.0:
        raise AnalysisError(f"bootstrap level must be in (0, 1) (got {level})")
    counts, member = _draw_counts(groups, draws, seed)
    sums = np.bincount(member, weights=v, minlength=counts.shape[1])
    sizes = np.bincount(member, minlength=counts.shape[1]).astype(np.float64)
    means = (counts @ sums) / (counts @ sizes)
    tail = (1.0 - level) / 2.0
    low, high = np.quantile(means, [tail, 1.0 - tail])
    return Estimate(float(v.mean()), float(low), float(high), level)
