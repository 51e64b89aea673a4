"""Check that work grows linearly with input size, without a wall-clock threshold.

A timed threshold fails on a loaded or slower machine; the ratio of two timings on the same
machine does not. Linear work grows by about ``factor``; quadratic work by ``factor**2``.
"""

from __future__ import annotations

import time
from collections.abc import Callable

FACTOR = 4
"""How much larger the second input is."""

LIMIT = 10.0
"""Largest accepted growth for FACTOR = 4: linear gives about 4, quadratic about 16."""


def _best(fn: Callable[[], object], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def growth(run: Callable[[int], object], large: int) -> float:
    """Return ``time(run(large)) / time(run(large // FACTOR))``, each the best of a few runs."""
    small = max(1, large // FACTOR)
    run(small)  # warm caches and compiled patterns
    t_small = max(_best(lambda: run(small), 3), 1e-4)
    t_large = _best(lambda: run(large), 2)
    return t_large / t_small


ATTEMPTS = 3
"""Measurements before failing: a busy machine can slow one timing; quadratic work fails every time."""


def assert_linear(run: Callable[[int], object], large: int) -> None:
    """Fail when the work grows faster than linearly between ``large // FACTOR`` and ``large``."""
    seen = []
    for _ in range(ATTEMPTS):
        g = growth(run, large)
        if g < LIMIT:
            return
        seen.append(g)
    shown = ", ".join(f"{g:.1f}x" for g in seen)
    raise AssertionError(f"work grew {shown} for {FACTOR}x the input (linear: about {FACTOR}x)")
