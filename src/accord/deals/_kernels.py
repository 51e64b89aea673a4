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

__all__ = [
    "HAVE_NUMBA",
    "score_blocks",
    "skyline_counts",
    "skyline_sorted",
]

skyline_sorted: Callable[[NDArray[np.float64]], NDArray[np.int64]] | None = None
"""Given rows sorted by decreasing sum, return the positions of the non-dominated rows."""

clearly_dominated: Callable[..., NDArray[np.bool_]] | None = None
"""``clearly_dominated(rows, rows_ok, front, front_ok, margin)``: rows some front row clearly beats.

Front row ``j`` clearly beats row ``i`` when it is at least as good in every column, better by
more than ``margin`` in one, and ``front_ok[j, a]`` holds wherever ``rows_ok[i, a]`` does.
"""

skyline_counts: Callable[..., tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]] | None = None
"""``skyline_counts(u, index, count, batch)``: one row per distinct non-dominated vector of ``u``.

Returns ``(rows, lowest, total)``: for each distinct vector that no row of ``u`` dominates, the
position in ``u`` of one row holding it, the lowest ``index`` among the rows holding it and the
sum of their ``count``. Rows come in decreasing order of utility sum, ties broken by decreasing
lexicographic order.
"""

score_blocks: Callable[..., None] | None = None
"""Score whole blocks of packages that share every option but those of the last few issues.

Per head (the options of the outer issues) it writes which packages are acceptable and how
many each actor accepts, and copies out the utilities of the acceptable packages whose head and
inner block may reach the frontier (``head_keep``, ``inner_keep``), packed at the start of the
head's block of rows with their inner positions in ``pick_out`` and their number in ``n_pick``.
"""

head_values: Callable[..., tuple[NDArray[np.float64], NDArray[np.bool_]]] | None = None
"""``head_values(n_outer, outer_free, outer_radices, weights, red, base, base_ok)``: every head's
utilities and per-actor red-line flags, summed exactly as ``score_blocks`` sums them."""

# one-thread builds of the parallel kernels, for inputs too small to share out
clearly_dominated_serial: Callable[..., NDArray[np.bool_]] | None = None
score_blocks_serial: Callable[..., None] | None = None
skyline_counts_parallel: (
    Callable[..., tuple[NDArray[np.int64], NDArray[np.int64], NDArray[np.int64]]] | None
) = None

HAVE_NUMBA = False

BUCKET_BITS = 13
"""Most bits of the bucket number in ``skyline_counts`` (it uses fewer for fewer rows)."""

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

        def _clearly_dominated(
            rows: Any, rows_ok: Any, front: Any, front_ok: Any, margin: Any
        ) -> Any:  # pragma: no cover - compiled
            n, m = rows.shape
            f = front.shape[0]
            out = np.zeros(n, dtype=np.bool_)
            for i in numba.prange(n):
                for j in range(f):
                    beats = True
                    clear = False
                    for a in range(m):
                        if front[j, a] < rows[i, a] or (rows_ok[i, a] and not front_ok[j, a]):
                            beats = False
                            break
                        if front[j, a] > rows[i, a] + margin:
                            clear = True
                    if beats and clear:
                        out[i] = True
                        break
            return out

        @numba.njit(cache=True, nogil=True)
        def _head(
            outer: Any, outer_free: Any, outer_radices: Any, weights: Any, red: Any, head: Any, head_ok: Any
        ) -> None:  # pragma: no cover - compiled
            # add the options of head number ``outer`` (the outer issues) to ``head``, in place
            rest = outer
            for jj in range(outer_free.shape[0] - 1, -1, -1):
                r = outer_radices[jj]
                o = rest % r
                rest //= r
                k = outer_free[jj]
                for a in range(head.shape[0]):
                    head[a] += weights[k, a, o]
                    if red[k, a, o]:
                        head_ok[a] = False

        @numba.njit(cache=True, nogil=True)
        def _head_values(
            n_outer: Any, outer_free: Any, outer_radices: Any, weights: Any, red: Any, base: Any, base_ok: Any
        ) -> Any:  # pragma: no cover - compiled
            util = np.empty((n_outer, base.shape[0]))
            ok = np.empty((n_outer, base.shape[0]), dtype=np.bool_)
            for q in range(n_outer):
                util[q] = base
                ok[q] = base_ok
                _head(q, outer_free, outer_radices, weights, red, util[q], ok[q])
            return util, ok

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
            head_keep: Any,
            inner_keep: Any,
            util_out: Any,
            pick_out: Any,
            n_pick: Any,
            ok_out: Any,
            counts_out: Any,
        ) -> None:  # pragma: no cover - compiled
            block = inner_util.shape[0]
            n_actors = base.shape[0]
            for q in numba.prange(n_outer):
                head = base.copy()
                head_ok = base_ok.copy()
                _head(outer_start + q, outer_free, outer_radices, weights, red, head, head_ok)
                picked = 0
                for b in range(block):
                    p = q * block + b
                    all_ok = True
                    for a in range(n_actors):
                        if not (head_ok[a] and inner_ok[b, a] and head[a] + inner_util[b, a] >= floor[a]):
                            all_ok = False
                        else:
                            counts_out[q, a] += 1
                    ok_out[p] = all_ok
                    if all_ok and head_keep[q] and inner_keep[b]:
                        w = q * block + picked
                        for a in range(n_actors):
                            util_out[w, a] = head[a] + inner_util[b, a]
                        pick_out[w] = b
                        picked += 1
                n_pick[q] = picked

        @numba.njit(cache=True, nogil=True)
        def _before(u: Any, s: Any, i: Any, j: Any) -> Any:  # pragma: no cover - compiled
            # row i comes before row j: larger sum, or the same sum and lexicographically larger
            if s[i] != s[j]:
                return s[i] > s[j]
            for a in range(u.shape[1]):
                if u[i, a] != u[j, a]:
                    return u[i, a] > u[j, a]
            return False

        @numba.njit(cache=True, nogil=True)
        def _presort(u: Any) -> Any:  # pragma: no cover - compiled
            n, m = u.shape
            s = np.empty(n)
            for i in range(n):
                t = 0.0
                for a in range(m):
                    t += u[i, a]
                s[i] = t
            order = np.argsort(-s, kind="mergesort")
            buf = np.empty(n, dtype=np.int64)
            i = 0
            while i < n:
                j = i + 1
                while j < n and s[order[j]] == s[order[i]]:
                    j += 1
                if j - i > 1:  # a run of equal sums: bottom-up merge sort, lexicographically
                    width = 1
                    while width < j - i:
                        for lo in range(i, j, 2 * width):
                            mid = min(lo + width, j)
                            hi = min(lo + 2 * width, j)
                            p, q, w = lo, mid, lo
                            while p < mid and q < hi:
                                if _before(u, s, order[q], order[p]):
                                    buf[w] = order[q]
                                    q += 1
                                else:
                                    buf[w] = order[p]
                                    p += 1
                                w += 1
                            while p < mid:
                                buf[w] = order[p]
                                p += 1
                                w += 1
                            while q < hi:
                                buf[w] = order[q]
                                q += 1
                                w += 1
                        for k in range(i, j):
                            order[k] = buf[k]
                        width *= 2
                i = j
            return order

        @numba.njit(cache=True, nogil=True)
        def _bucket_thresholds(u: Any, rows: Any, bits: Any) -> Any:  # pragma: no cover - compiled
            # one threshold per bucket bit: each column's median, then its quartiles while bits last
            m = u.shape[1]
            n = rows.shape[0]
            step = max(1, n // 1024)
            sample = rows[::step]
            ns = sample.shape[0]
            nb = min(bits, 3 * m) if ns > 0 else 0
            tdim = np.empty(nb, dtype=np.int64)
            tval = np.empty(nb)
            col = np.empty(ns)
            for a in range(min(m, nb)):
                for k in range(ns):
                    col[k] = u[sample[k], a]
                col.sort()
                for b in range(a, nb, m):
                    level = b // m  # 0: median, 1: upper quartile, 2: lower quartile
                    q = (
                        (ns - 1) // 2
                        if level == 0
                        else ((3 * (ns - 1)) // 4 if level == 1 else (ns - 1) // 4)
                    )
                    tdim[b] = a
                    tval[b] = col[q]
            return tdim, tval

        @numba.njit(cache=True, nogil=True)
        def _grid_codes(u: Any, rows: Any) -> Any:  # pragma: no cover - compiled
            # each row's cell in a coarse grid, packed so that one subtraction compares all columns
            m = u.shape[1]
            fields = min(m, 21)
            width = min(63 // fields, 9)
            vbits = width - 1
            levels = 1 << vbits
            n = rows.shape[0]
            if n == 0:
                return np.zeros(0, dtype=np.int64), np.int64(0)
            # cells of equal width between each column's smallest and largest value: the cell of
            # x is monotone in x, so a row that dominates another is in a cell at least as high
            low = np.full(fields, np.inf)
            high = np.full(fields, -np.inf)
            for k in range(n):
                r = rows[k]
                for a in range(fields):
                    low[a] = min(low[a], u[r, a])
                    high[a] = max(high[a], u[r, a])
            scale = np.zeros(fields)
            for a in range(fields):
                if high[a] > low[a]:
                    scale[a] = levels / (high[a] - low[a])
            guard = np.int64(0)
            for a in range(fields):
                guard |= np.int64(1) << np.int64(a * width + vbits)
            top = float(levels - 1)
            codes = np.zeros(n, dtype=np.int64)
            for k in range(n):
                c = np.int64(0)
                r = rows[k]
                for a in range(fields):
                    t = min(max((u[r, a] - low[a]) * scale[a], 0.0), top)
                    c |= np.int64(t) << np.int64(a * width)
                codes[k] = c
            return codes, guard

        @numba.njit(cache=True, nogil=True)
        def _search(
            u: Any,
            i: Any,
            c: Any,
            mask: Any,
            guard: Any,
            full: Any,
            front: Any,
            fcode: Any,
            offset: Any,
            fill: Any,
            bmax: Any,
            gmax: Any,
            flags: Any,
        ) -> Any:  # pragma: no cover - compiled
            # is row i of u dominated by a frontier row? Only buckets holding every bit of the
            # row's bucket can hold one; a bucket, or a 64-row block of it, whose element-wise
            # maximum is below the row somewhere is skipped; the grid codes screen what is left
            m = u.shape[1]
            sup = mask
            while True:
                j0 = offset[sup]
                end = fill[sup]
                if j0 < end:
                    for a in range(m):
                        if bmax[sup, a] < u[i, a]:
                            end = j0
                            break
                while j0 < end:
                    stop = min((j0 | 63) + 1, end)
                    skip = False
                    for a in range(m):
                        if gmax[j0 >> 6, a] < u[i, a]:
                            skip = True
                            break
                    if not skip:
                        hits = 0
                        for j in range(j0, stop):  # no branches here, so it vectorises
                            ok = ((fcode[j] | guard) - c) & guard == guard
                            flags[j - j0] = ok
                            hits += ok
                        if hits == 0:
                            j0 = stop
                            continue
                        for j in range(j0, stop):
                            if not flags[j - j0]:
                                continue
                            dom = True
                            for a in range(m):
                                if front[j, a] < u[i, a]:
                                    dom = False
                                    break
                            if dom:
                                return True
                    j0 = stop
                if sup == full:
                    return False
                sup = (sup + 1) | mask

        def _skyline_counts_py(
            u: Any, index: Any, count: Any, batch: Any
        ) -> Any:  # pragma: no cover - compiled
            n, m = u.shape
            order = _presort(u)
            # equal rows are now adjacent: keep one per vector with the lowest index and the total count
            rep = np.empty(n, dtype=np.int64)
            low = np.empty(n, dtype=np.int64)
            tot = np.empty(n, dtype=np.int64)
            d = 0
            for k in range(n):
                i = order[k]
                same = d > 0
                if same:
                    r = rep[d - 1]
                    for a in range(m):
                        if u[r, a] != u[i, a]:
                            same = False
                            break
                if same:
                    low[d - 1] = min(low[d - 1], index[i])
                    tot[d - 1] += count[i]
                else:
                    rep[d] = i
                    low[d] = index[i]
                    tot[d] = count[i]
                    d += 1
            codes, guard = _grid_codes(u, rep[:d])
            # sort-filter skyline: only an earlier row can dominate a later one, and a row that a
            # dominated row dominates is dominated by a frontier row, so each row is tested against
            # the frontier found so far. Frontier rows are kept in buckets by which columns are in
            # the upper half of the grid; a dominating row's bucket holds every such column of the
            # row's bucket, so only those buckets are searched.
            bits = 1
            while bits < BUCKET_BITS and (64 << bits) <= d:  # about 64 rows a bucket or more
                bits += 1
            tdim, tval = _bucket_thresholds(u, rep[:d], bits)
            nb = tdim.shape[0]
            full = (1 << nb) - 1
            bucket = np.empty(d, dtype=np.int64)
            size = np.zeros(full + 1, dtype=np.int64)
            for k in range(d):
                i = rep[k]
                mask = 0
                for b in range(nb):
                    if u[i, tdim[b]] >= tval[b]:
                        mask |= 1 << b
                bucket[k] = mask
                size[mask] += 1
            offset = np.zeros(full + 2, dtype=np.int64)
            for b in range(full + 1):
                offset[b + 1] = offset[b] + size[b]
            fill = offset[:-1].copy()
            front = np.empty((d, m))
            fcode = np.empty(d, dtype=np.int64)
            keep = np.zeros(d, dtype=np.bool_)
            bmax = np.full((full + 1, m), -np.inf)
            gmax = np.full(((d >> 6) + 1, m), -np.inf)
            batch = max(1, batch)
            new = np.empty(batch, dtype=np.int64)
            beaten = np.zeros(batch, dtype=np.bool_)
            flags = np.empty((batch, 64), dtype=np.bool_)
            start = 0
            while start < d:
                end = min(start + batch, d)
                # the batch against the frontier found before it, row by row in parallel
                for t in numba.prange(end - start):
                    k = start + t
                    beaten[t] = _search(
                        u,
                        rep[k],
                        codes[k],
                        bucket[k],
                        guard,
                        full,
                        front,
                        fcode,
                        offset,
                        fill,
                        bmax,
                        gmax,
                        flags[t],
                    )
                # then in order against the batch's own frontier rows
                n_new = 0
                for t in range(end - start):
                    if beaten[t]:
                        continue
                    k = start + t
                    i = rep[k]
                    c = codes[k]
                    dom = False
                    for jj in range(n_new):
                        j = new[jj]
                        if ((fcode[j] | guard) - c) & guard != guard:
                            continue
                        dom = True
                        for a in range(m):
                            if front[j, a] < u[i, a]:
                                dom = False
                                break
                        if dom:
                            break
                    if dom:
                        continue
                    mask = bucket[k]
                    j = fill[mask]
                    fill[mask] += 1
                    for a in range(m):
                        front[j, a] = u[i, a]
                        bmax[mask, a] = max(bmax[mask, a], u[i, a])
                        gmax[j >> 6, a] = max(gmax[j >> 6, a], u[i, a])
                    fcode[j] = c
                    keep[k] = True
                    new[n_new] = j
                    n_new += 1
                start = end
            f = 0
            for k in range(d):
                if keep[k]:
                    f += 1
            out_rep = np.empty(f, dtype=np.int64)
            out_low = np.empty(f, dtype=np.int64)
            out_tot = np.empty(f, dtype=np.int64)
            j = 0
            for k in range(d):
                if keep[k]:
                    out_rep[j] = rep[k]
                    out_low[j] = low[k]
                    out_tot[j] = tot[k]
                    j += 1
            return out_rep, out_low, out_tot

        skyline_sorted = _skyline
        skyline_counts = numba.njit(cache=True)(_skyline_counts_py)
        skyline_counts_parallel = numba.njit(cache=True, parallel=True)(_skyline_counts_py)
        clearly_dominated = numba.njit(cache=True, parallel=True)(_clearly_dominated)
        clearly_dominated_serial = numba.njit(cache=True)(_clearly_dominated)
        head_values = _head_values
        score_blocks = numba.njit(cache=True, parallel=True)(_score_blocks)
        score_blocks_serial = numba.njit(cache=True)(_score_blocks)
