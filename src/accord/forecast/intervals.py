"""Prediction intervals from out-of-fold errors (split conformal), and how often they cover.

Given calibration errors ``e_j`` (predicted - outcome) of a model on issues it was not fitted
on, the conformal half-width at level ``1 - a`` is the ``ceil((n + 1)(1 - a))``-th smallest
score ``|e_j| / scale_j`` (Vovk, Gammerman & Shafer 2005; Lei et al. 2018), and a new issue
gets ``prediction +- half-width x scale``, clipped to the issue's scale. If calibration and
new issues are exchangeable, the interval covers the outcome with probability at least
``1 - a``.

``scale`` is 1 (``absolute``: the same width for every issue) or, for ``scaled`` intervals,
the capability x salience weighted standard deviation of the positions plus a tenth of the
scale, so issues on which the actors disagree get wider intervals (normalised conformal
scores, Papadopoulos et al. 2008).
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.forecast.base import IssueData

__all__ = ["LEVELS", "Interval", "IntervalMethod", "conformal_halfwidth", "interval", "spread"]

LEVELS = (0.8, 0.95)
"""The nominal coverage of the intervals every forecast carries."""

IntervalMethod = Literal["absolute", "scaled"]
"""Same width for every issue, or width proportional to the actors' disagreement."""


@dataclass(frozen=True)
class Interval:
    """A prediction interval.

    Attributes:
        level: Nominal coverage (0.8, 0.95).
        low: Lower end, on the issue's scale.
        high: Upper end.
    """

    level: float
    low: float
    high: float

    def covers(self, value: float) -> bool:
        """Whether the interval contains ``value`` (ends included, to 1e-9)."""
        return self.low - 1e-9 <= value <= self.high + 1e-9

    @property
    def width(self) -> float:
        """``high - low``."""
        return self.high - self.low


def spread(issue: IssueData, method: IntervalMethod) -> float:
    """The issue's scale factor: 1, or the weighted SD of positions plus a tenth of the scale."""
    if method == "absolute":
        return 1.0
    if method != "scaled":
        raise AnalysisError(f"unknown interval method {method!r} (known: absolute, scaled)")
    x = np.asarray(issue.positions, dtype=np.float64)
    w = np.asarray(issue.weights, dtype=np.float64)
    if w.sum() <= 0:
        w = np.ones_like(x)
    mean = float((w * x).sum() / w.sum())
    sd = math.sqrt(float((w * (x - mean) ** 2).sum() / w.sum()))
    return sd + 0.1 * (issue.scale[1] - issue.scale[0])


def conformal_halfwidth(scores: Sequence[float] | NDArray[np.float64], level: float) -> float:
    """The split-conformal quantile of non-negative scores at ``level``.

    Returns ``inf`` when there are too few scores for the level (fewer than ``1/(1-level) - 1``).

    Raises:
        AnalysisError: ``level`` outside (0, 1), or a score that is negative or not finite.
    """
    if not 0.0 < level < 1.0:
        raise AnalysisError(f"interval level must be in (0, 1) (got {level})")
    s = np.sort(np.asarray(scores, dtype=np.float64))
    if s.size and not (np.all(np.isfinite(s)) and s[0] >= 0):
        raise AnalysisError("conformal scores must be finite and >= 0")
    rank = math.ceil((s.size + 1) * level - 1e-9)
    if rank > s.size:
        return math.inf
    return float(s[rank - 1])


def interval(
    prediction: float, halfwidth: float, factor: float, scale: tuple[float, float], level: float
) -> Interval:
    """``prediction +- halfwidth x factor``, clipped to the scale."""
    reach = halfwidth * factor
    low = max(scale[0], prediction - reach) if math.isfinite(reach) else scale[0]
    high = min(scale[1], prediction + reach) if math.isfinite(reach) else scale[1]
    return Interval(level, float(low), float(high))
