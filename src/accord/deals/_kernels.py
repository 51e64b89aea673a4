"""Compiled kernels (numba) for the hot loops, with pure-numpy fallbacks elsewhere.

numba is a regular dependency, but accord still runs without it: set ``ACCORD_NO_NUMBA=1``
(or have numba fail to import) and the numpy paths are used. Tests run both.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Any

import numpy as np
from numpy.typing import NDArray

__all__ = ["HAVE_NUMBA", "dominated_by", "score_blocks", "skyline_sorted"]

skyline_sorted: Callable[[NDArray[np.float64]], NDArray[np.int64]] | None = None
"""Given rows sorted by decreasing sum, return the positions of the non-dominated rows."""

dominated_by: Callable[[NDArray[np.float64], NDArray[np.float64]], NDArray[np.bool_]] | None = None
"""``dominated_by(rows, front)``: whether each row is Pareto-dominated by some row of ``front``."""

score_blocks: Callable[..., None] | None = None
"""Score whole blocks of packages that share every option but those of the last few issues."""

HAVE_NUMBA = False

if os.environ.get("ACCORD_NO_NUMBA", "") in ("", "0"):
    try:
        import numba

        HAVE_NUMBA = True
    except ImportError:  # pragma: no cover - numba is a dependency; this keeps accord usable without it
        HAVE_NUMBA = False
    if HAVE_NUMBA:

        @numba.njit(cache=True, nogil=True)
        def _skyline(u: Any) -> Any:  # pragma: no cover - compiled
            n, m = u.shape
            front = np.empty(n, dtype=np.int64)
            f = 0
            for i in range(n):
                dominated = False
                for jj in range(f):
                    j = front[jj]
                    at_least = True
                    strictly = False
                    for a in range(m):
                        if u[j, a] < u[i, a]:
                            at_least = False
                            break
                        if u[j, a] > u[i, a]:
                            strictly = True
                    if at_least and strictly:
                        dominated = True
                        # move the dominating row towards the front: it is likely to dominate again
                        if jj > 0:
                            front[jj], front[jj - 1] = front[jj - 1], front[jj]
                        break
                if not dominated:
                    front[f] = i
                    f += 1
            return np.sort(front[:f])

        @numba.njit(cache=True, parallel=True)
        def _dominated_by(rows: Any, front: Any) -> Any:  # pragma: no cover - compiled
            n, m = rows.shape
            f = front.shape[0]
            out = np.zeros(n, dtype=np.bool_)
            for i in numba.prange(n):
                for j in range(f):
                    at_least = True
                    strictly = False
                    for a in range(m):
                        if front[j, a] < rows[i, a]:
                            at_least = False
                            break
                        if front[j, a] > rows[i, a]:
                            strictly = True
                    if at_least and strictly:
                        out[i] = True
                        break
            return out

        @numba.njit(cache=True, parallel=True)
        def _score_blocks(
            outer_start: Any,
            n_outer: Any,
            outer_free: Any,
            outer_radices: Any,
            weights: Any,
            red: Any,
            base: Any,
            base_ok: Any,
            inner_util: Any,
            inner_ok: Any,
            floor: Any,
            util_out: Any,
            ok_out: Any,
            counts_out: Any,
        ) -> None:  # pragma: no cover - compiled
            block = inner_util.shape[0]
            n_actors = base.shape[0]
            n_outer_free = outer_free.shape[0]
            for q in numba.prange(n_outer):
                head = base.copy()
                head_ok = base_ok.copy()
                rest = outer_start + q
                for jj in range(n_outer_free - 1, -1, -1):
                    r = outer_radices[jj]
                    o = rest % r
                    rest //= r
                    k = outer_free[jj]
                    for a in range(n_actors):
                        head[a] += weights[k, a, o]
                        if red[k, a, o]:
                            head_ok[a] = False
                for b in range(block):
                    p = q * block + b
                    all_ok = True
                    for a in range(n_actors):
                        u = head[a] + inner_util[b, a]
                        util_out[p, a] = u
                        if head_ok[a] and inner_ok[b, a] and u >= floor[a]:
                            counts_out[q, a] += 1
                        else:
                            all_ok = False
                    ok_out[p] = all_ok

        skyline_sorted = _skyline
        dominated_by = _dominated_by
        score_blocks = _score_blocks
