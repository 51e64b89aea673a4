"""Bargaining solutions over a finite set of packages, as pure functions.

All take ``utilities`` (``(n, actors)``) and ``no_deal`` (``(actors,)``) and return the row
index of the chosen package, or ``None`` when the set is empty. Ties go to the larger
utility sum, then to the lower row. See docs/deals.md for definitions and citations.
"""

from __future__ import annotations

from typing import Literal

import numpy as np
from numpy.typing import NDArray

__all__ = [
    "SOLUTIONS",
    "SolutionName",
    "egalitarian",
    "kalai_smorodinsky",
    "nash",
    "solve",
    "utilitarian",
]

SolutionName = Literal["nash", "ks", "egalitarian", "utilitarian"]
SOLUTIONS: tuple[SolutionName, ...] = ("nash", "ks", "egalitarian", "utilitarian")

_ROUND = 12


def _best(score: NDArray[np.float64], utilities: NDArray[np.float64]) -> int | None:
    if score.size == 0:
        return None
    s = np.round(score, _ROUND)
    total = np.round(utilities.sum(axis=1), _ROUND)
    rows = np.arange(score.size)
    # lexsort: last key is primary. Maximise score, then sum; then lowest row.
    order = np.lexsort((rows, -total, -s))
    return int(order[0])


def _gains(utilities: NDArray[np.float64], no_deal: NDArray[np.float64]) -> NDArray[np.float64]:
    return np.asarray(utilities, dtype=np.float64) - np.asarray(no_deal, dtype=np.float64)[None, :]


def nash(utilities: NDArray[np.float64], no_deal: NDArray[np.float64]) -> int | None:
    """Nash bargaining: maximise the product of gains over no deal (Nash 1950).

    Rows with a negative gain are outside the bargaining set. When every row has a zero
    gain for someone, the product is 0 everywhere and the tie-break decides.
    """
    g = _gains(utilities, no_deal)
    with np.errstate(divide="ignore"):
        logs = np.where(g > 0, np.log(np.clip(g, 1e-300, None)), -np.inf).sum(axis=1)
    logs = np.where(np.any(g < -1e-12, axis=1), -np.inf, logs)
    if logs.size and np.all(np.isneginf(logs)):
        logs = np.where(np.any(g < -1e-12, axis=1), -1.0, 0.0)
    return _best(logs, utilities)


def kalai_smorodinsky(utilities: NDArray[np.float64], no_deal: NDArray[np.float64]) -> int | None:
    """Kalai-Smorodinsky: maximise the smallest gain as a share of each actor's best feasible gain.

    Each actor's ideal (utopia) point is its highest utility over the set (Kalai and
    Smorodinsky 1975). An actor that can gain nothing anywhere counts as fully satisfied.
    """
    g = _gains(utilities, no_deal)
    if g.size == 0:
        return None
    span = g.max(axis=0)
    ratio = np.where(span > 1e-12, g / np.where(span > 1e-12, span, 1.0), 1.0)
    return _best(ratio.min(axis=1), utilities)


def egalitarian(utilities: NDArray[np.float64], no_deal: NDArray[np.float64]) -> int | None:
    """Egalitarian: maximise the smallest gain over no deal (Kalai 1977)."""
    g = _gains(utilities, no_deal)
    if g.size == 0:
        return None
    return _best(g.min(axis=1), utilities)


def utilitarian(utilities: NDArray[np.float64], no_deal: NDArray[np.float64]) -> int | None:
    """Utilitarian: maximise the sum of utilities."""
    u = np.asarray(utilities, dtype=np.float64)
    if u.size == 0:
        return None
    return _best(u.sum(axis=1), u)


def solve(name: SolutionName, utilities: NDArray[np.float64], no_deal: NDArray[np.float64]) -> int | None:
    """Apply the named solution.

    Raises:
        ValueError: For an unknown name.
    """
    funcs = {"nash": nash, "ks": kalai_smorodinsky, "egalitarian": egalitarian, "utilitarian": utilitarian}
    if name not in funcs:
        raise ValueError(f"unknown solution {name!r} (known: {', '.join(SOLUTIONS)})")
    return funcs[name](utilities, no_deal)
