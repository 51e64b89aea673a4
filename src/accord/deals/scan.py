"""Enumerate a deal space in bounded-memory chunks, keeping counts and the Pareto frontier.

Every solution concept accord reports (Nash, Kalai-Smorodinsky, egalitarian, utilitarian,
each actor's best acceptable package) is attained on the Pareto frontier of the acceptable
set, so the scan keeps only that frontier: one row per distinct utility vector, with the
lowest package index that reaches it and how many packages do.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.deals.pareto import pareto_indices
from accord.deals.security import security_flags, security_gains
from accord.deals.space import DealSpace

__all__ = ["DEFAULT_CHUNK", "ProgressFn", "ScanResult", "scan"]

DEFAULT_CHUNK = 1 << 17
_DECIMALS = 9  # utilities are compared after rounding to this many decimals

ProgressFn = Callable[[int, int], None]
"""Called as ``progress(done, total)`` after each chunk."""


@dataclass(frozen=True)
class ScanResult:
    """What a full enumeration found.

    Attributes:
        packages: Number of packages scanned.
        acceptable: Number acceptable to every actor at the table.
        frontier_index: Lowest package index reaching each distinct frontier utility vector.
        frontier_utilities: ``(points, actors)`` utilities of those packages.
        frontier_count: How many packages reach each frontier vector.
        acceptable_to: Per actor, how many packages it accepts on its own.
        security_flagged: Acceptable packages flagged by the indivisible-security check
            (``None`` when no threshold was given).
    """

    packages: int
    acceptable: int
    frontier_index: NDArray[np.int64]
    frontier_utilities: NDArray[np.float64]
    frontier_count: NDArray[np.int64]
    acceptable_to: NDArray[np.int64]
    security_flagged: int | None

    @property
    def pareto(self) -> int:
        """Number of packages on the Pareto frontier of the acceptable set."""
        return int(self.frontier_count.sum())


def _merge(
    index: NDArray[np.int64], util: NDArray[np.float64], count: NDArray[np.int64]
) -> tuple[NDArray[np.int64], NDArray[np.float64], NDArray[np.int64]]:
    """Collapse equal utility rows (keeping the lowest index, summing counts), then keep the frontier."""
    if index.size == 0:
        return index, util, count
    uniq, inverse = np.unique(util, axis=0, return_inverse=True)
    inverse = inverse.reshape(-1)
    first = np.full(uniq.shape[0], np.iinfo(np.int64).max, dtype=np.int64)
    np.minimum.at(first, inverse, index)
    total = np.bincount(inverse, weights=count, minlength=uniq.shape[0]).astype(np.int64)
    keep = pareto_indices(uniq)
    return first[keep], uniq[keep], total[keep]


def scan(
    space: DealSpace,
    *,
    chunk: int = DEFAULT_CHUNK,
    security_threshold: float | None = None,
    progress: ProgressFn | None = None,
) -> ScanResult:
    """Score every package of ``space`` and keep what the analysis needs.

    Memory stays bounded by ``chunk`` (about ``chunk * (actors + issues) * 8`` bytes) plus
    the frontier.

    Args:
        space: The deal space.
        chunk: Packages scored per step.
        security_threshold: When given, count acceptable packages flagged by the
            indivisible-security check at this threshold.
        progress: Optional callback ``progress(done, total)``.

    Returns:
        Counts and the Pareto frontier of the acceptable set.
    """
    total = space.size
    n_actors = len(space.actors)
    f_index = np.zeros(0, dtype=np.int64)
    f_util = np.zeros((0, n_actors))
    f_count = np.zeros(0, dtype=np.int64)
    acceptable = 0
    flagged = 0 if security_threshold is not None else None
    acceptable_to = np.zeros(n_actors, dtype=np.int64)
    nd = space.no_deal[:, None] - 1e-9
    for start in range(0, total, chunk):
        idx = np.arange(start, min(start + chunk, total), dtype=np.int64)
        choices = space.choices(idx)
        util = space.utilities(choices)
        ok_each = (util >= nd) & ~space.red_lines_crossed(choices)
        acceptable_to += ok_each.sum(axis=1)
        ok = ok_each.all(axis=0)
        n_ok = int(ok.sum())
        if n_ok:
            acceptable += n_ok
            if flagged is not None and security_threshold is not None:
                gains = security_gains(space, choices[:, ok])
                flagged += int(security_flags(gains, security_threshold).sum())
            rows = np.round(util[:, ok].T, _DECIMALS)
            f_index, f_util, f_count = _merge(
                np.concatenate([f_index, idx[ok]]),
                np.concatenate([f_util, rows]),
                np.concatenate([f_count, np.ones(n_ok, dtype=np.int64)]),
            )
        if progress is not None:
            progress(int(idx[-1]) + 1, total)
    if total == 0 and progress is not None:
        progress(0, 0)
    order = np.argsort(f_index)
    return ScanResult(
        packages=total,
        acceptable=acceptable,
        frontier_index=f_index[order],
        frontier_utilities=f_util[order],
        frontier_count=f_count[order],
        acceptable_to=acceptable_to,
        security_flagged=flagged,
    )
