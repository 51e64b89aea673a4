"""Weighted mean and weighted median, the building blocks of the static models."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

__all__ = ["weighted_mean", "weighted_median"]


def weighted_mean(values: NDArray[np.float64], weights: NDArray[np.float64]) -> float:
    """Return ``sum(w x) / sum(w)``; the plain mean when every weight is 0."""
    w = np.asarray(weights, dtype=np.float64)
    x = np.asarray(values, dtype=np.float64)
    total = w.sum()
    if total <= 0:
        return float(x.mean())
    return float((w * x).sum() / total)


def weighted_median(values: NDArray[np.float64], weights: NDArray[np.float64]) -> float:
    """Return the weighted median: the position that beats every other in a weighted vote.

    With positions sorted, it is the first position where the cumulative weight reaches half
    the total; when the cumulative weight equals exactly half at a position, the median is
    that position (the lower one), which is the Condorcet winner's convention in
    Bueno de Mesquita's model. Every weight 0 gives the plain median.
    """
    x = np.asarray(values, dtype=np.float64)
    w = np.asarray(weights, dtype=np.float64)
    if w.sum() <= 0:
        return float(np.median(x))
    order = np.argsort(x, kind="stable")
    xs, ws = x[order], w[order]
    cum = np.cumsum(ws)
    half = cum[-1] / 2.0
    idx = int(np.searchsorted(cum, half - 1e-12 * cum[-1], side="left"))
    return float(xs[min(idx, xs.size - 1)])
