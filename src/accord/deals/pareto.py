"""Pareto frontier of a set of utility vectors."""

from __future__ import annotations

import numpy as np
from numpy.typing import NDArray

from accord.deals import _kernels

__all__ = ["pareto_indices"]


def pareto_indices(utilities: NDArray[np.float64]) -> NDArray[np.int64]:
    """Return the rows of ``utilities`` that no other row Pareto-dominates.

    Row ``q`` dominates row ``p`` when it is at least as good for every actor and better
    for one. Equal rows do not dominate each other, so duplicates all stay.

    Args:
        utilities: ``(n, actors)`` array.

    Returns:
        Sorted indices of the non-dominated rows.
    """
    u = np.asarray(utilities, dtype=np.float64)
    if u.ndim != 2:
        raise ValueError(f"utilities must be a 2-D array (packages x actors), got shape {u.shape}")
    n = u.shape[0]
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    # Visit rows by decreasing sum: a row can only be dominated by one with a larger sum,
    # so the first remaining row is always on the frontier.
    order = np.argsort(-u.sum(axis=1), kind="stable")
    if _kernels.skyline_sorted is not None:
        kept = _kernels.skyline_sorted(np.ascontiguousarray(u[order]))
        return np.sort(order[kept])
    remaining = order
    keep: list[NDArray[np.int64]] = []
    while remaining.size:
        top = u[remaining[0]]
        rest = u[remaining]
        equal = np.all(rest == top, axis=1)
        dominated = np.all(rest <= top, axis=1) & ~equal
        keep.append(remaining[equal])
        remaining = remaining[~(dominated | equal)]
    return np.sort(np.concatenate(keep))
