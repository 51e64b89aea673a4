"""Ranks that do not pretend: values equal to the precision that means something share a rank.

The top Nash products of a large frontier often differ only in the fourth significant digit
(0.0006946 against 0.0006943): well inside the error of the positions they rest on. Ranking
them 1, 2, 3 would suggest an order that the inputs cannot support; rounded to three
significant digits they are equal, and share a rank shown as ``=1``.
"""

from __future__ import annotations

from collections.abc import Sequence
from math import floor, isfinite, log10

__all__ = ["RANK_DIGITS", "overlapping", "rounded", "tied_ranks"]

RANK_DIGITS = 3
"""Significant digits to which ranked values are compared (and shown)."""


def rounded(value: float, digits: int = RANK_DIGITS) -> float:
    """Return ``value`` rounded to ``digits`` significant digits (0 and non-finite values unchanged)."""
    if value == 0 or not isfinite(value):
        return value
    return round(value, digits - 1 - floor(log10(abs(value))))


def _unit(value: float, digits: int) -> float:
    """One unit in the last meaningful digit of ``value``."""
    return 0.0 if value == 0 or not isfinite(value) else 10.0 ** (floor(log10(abs(value))) - digits + 1)


def tied_ranks(values: Sequence[float], digits: int = RANK_DIGITS) -> list[str]:
    """Rank ``values`` (larger first), sharing a rank among values the meaningful digits cannot separate.

    Values are taken in decreasing order; each opens a group unless it lies within one unit of
    the ``digits``-th significant digit of the group's first (largest) value, in which case it
    shares that group's rank. 0.0006946 and 0.0006943 share a rank at three digits (they differ
    by 0.3 units of the third digit); 0.000690 does not.

    Args:
        values: The values, in any order.
        digits: Significant digits that are meaningful.

    Returns:
        One label per value, in the order given: ``"1"``, ``"2"``, ... for a value alone at
        its rank, ``"=2"`` for each of the values that share rank 2 (competition ranking:
        after two values tied at 1 the next is 3).
    """
    order = sorted(range(len(values)), key=lambda k: -values[k])
    rank = [0] * len(values)
    size: dict[int, int] = {}
    leader: float | None = None
    current = 0
    for place, k in enumerate(order, 1):
        v = values[k]
        tied = leader is not None and (v == leader or leader - v < _unit(leader, digits))
        if not tied:
            leader, current = v, place
        rank[k] = current
        size[current] = size.get(current, 0) + 1
    return [f"={r}" if size[r] > 1 else str(r) for r in rank]


def overlapping(a: tuple[float, float, float], b: tuple[float, float, float]) -> bool:
    """Whether two estimates cannot be told apart: each mean lies inside the other's interval.

    Args:
        a: ``(mean, low, high)`` of one estimate.
        b: ``(mean, low, high)`` of the other.
    """
    return b[1] <= a[0] <= b[2] and a[1] <= b[0] <= a[2]
