"""The exact egalitarian package by depth-first branch and bound with Lagrangian bounds.

The egalitarian solution maximises the smallest gain ``min_a g_a(x)``, ``g_a = U_a - d_a``,
over the acceptable packages. As an integer programme (``max t`` with ``t <= g_a``) its LP
relaxation is weak and HiGHS spends most of its time proving the dual bound; this search
proves the same optimum directly, over the issues one at a time.

Bounds at a node (options chosen on the first issues of the search order, partial gains
``p_a``), each an upper bound on the smallest gain of every package below it:

* **per actor**: ``p_a + best_rest_a``, the actor's best option on each remaining issue;
* **Lagrangian**: for any weights ``lam`` on the simplex, ``min_a g_a <= sum_a lam_a g_a``, and
  the right-hand side's maximum over the remaining issues separates into one maximum per
  issue: ``lam . p + sum_k max_o lam . w_k[:, o]``. With the weights that minimise it this is
  the LP relaxation's bound (a Lagrangian dual of the per-issue choice simplices; Fisher 1981).
  The root's weights are fitted once (exponentiated-gradient descent, Kivinen and Warmuth
  1997); every node refits them, warm-started from its parent's, in a few steps. Each step
  also yields a package (the weighted-best completion), a lower bound that updates the
  incumbent. Any weights give a valid bound, so the fit only needs to be good, not exact.
* **utility sum**: among packages whose smallest gain cannot exceed the incumbent's, one whose
  utility sum falls short of the incumbent's loses enumeration's tie-break.

Issues are searched in decreasing order of what leaving their best option costs under the
root's weights, options in increasing order of that cost. Every package whose smallest gain
is within ``MARGIN`` of the best found is kept; enumeration's rule (score, then utility sum,
then lowest package number; :func:`accord.deals.solutions.egalitarian`) then picks among them
on utilities recomputed by :meth:`DealSpace.utilities`, after the re-check of acceptability at
accord's tolerance. When the search exceeds its node budget or keeps too many ties, the caller
falls back to the integer programme. See docs/deals.md.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.deals._kernels import HAVE_NUMBA
from accord.deals.space import DealSpace

__all__ = ["MARGIN", "MaxMinSearch", "egalitarian_by_bounds", "layout"]

MARGIN = 1e-9
"""Packages whose smallest gain is within this of the best are kept for the tie-break."""

#: Acceptance is ``g_a >= -1e-9``; packages below this floor are never kept (slack 1e-10).
_FLOOR = -1.1e-9
#: Only packages at least this good (surely acceptable) set the utility-sum bound.
_SURE = -1e-9 + 1e-12
#: Scores within this of each other are treated as equal when pruning on the utility sum
#: (a few units of float rounding; enumeration's scores carry the same noise).
_SCORE_EPS = 1e-15
#: Exponentiated-gradient steps: at the root, and at every node (warm-started).
_ROOT_STEPS = 200
_NODE_STEPS = 10
#: Most packages kept at once, and node budgets (compiled and pure-Python search).
_CAP = 4096
_MAX_NODES = 5_000_000
_MAX_NODES_PY = 5_000

_COMPLETE, _NODE_LIMIT, _TOO_MANY_TIES = 0, 1, 2


def _refine_py(
    w: NDArray[np.float64],
    opts: NDArray[np.int64],
    nopt: NDArray[np.int64],
    p: NDArray[np.float64],
    j: int,
    lam0: NDArray[np.float64],
    steps: int,
    target: float,
) -> tuple[NDArray[np.float64], float, float]:
    """Fit weights ``lam`` below node ``p`` (issues ``j:`` remaining).

    Minimises ``f(lam) = lam . p + sum_{k >= j} max_o lam . w[k, :, o]`` over the simplex by
    exponentiated-gradient steps from ``lam0``; the subgradient is the gain vector of the
    weighted-best completion. Stops early once ``f`` falls below ``target``.

    Returns:
        The weights with the smallest ``f``, that ``f`` (an upper bound on every smallest gain
        below the node), and the largest smallest gain of the completions met (a lower bound
        on the optimum: each is a package).
    """
    k_n, a_n, _ = w.shape
    lam = lam0.copy()
    best_lam = lam0.copy()
    best_f = np.inf
    best_p = -np.inf
    g = np.empty(a_n)
    for t in range(steps + 1):
        f = 0.0
        for a in range(a_n):
            g[a] = p[a]
            f += lam[a] * p[a]
        for k in range(j, k_n):
            bo = opts[k, 0]
            bv = -np.inf
            for i in range(nopt[k]):
                o = opts[k, i]
                v = 0.0
                for a in range(a_n):
                    v += lam[a] * w[k, a, o]
                if v > bv:
                    bv = v
                    bo = o
            f += bv
            for a in range(a_n):
                g[a] += w[k, a, bo]
        lo = g[0]
        hi = g[0]
        for a in range(1, a_n):
            lo = min(lo, g[a])
            hi = max(hi, g[a])
        best_p = max(best_p, lo)
        if f < best_f:
            best_f = f
            best_lam[:] = lam
        if best_f < target or t == steps or hi - lo <= 0.0:
            break
        eta = 1.0 / ((hi - lo) * np.sqrt(t + 1.0))
        s = 0.0
        for a in range(a_n):
            lam[a] = lam[a] * np.exp(-eta * (g[a] - lo))
            s += lam[a]
        for a in range(a_n):
            lam[a] /= s
    return best_lam, best_f, best_p


_refine: Any = _refine_py


def _search_py(
    w: NDArray[np.float64],
    opts: NDArray[np.int64],
    nopt: NDArray[np.int64],
    start: NDArray[np.float64],
    rc0: NDArray[np.float64],
    lb0: float,
    lam_root: NDArray[np.float64],
    best_rest: NDArray[np.float64],
    sum_rest: NDArray[np.float64],
    floor: float,
    margin: float,
    cap: int,
    max_nodes: int,
    steps: int,
) -> tuple[NDArray[np.int64], NDArray[np.float64], int, int]:
    """Depth-first search over issues ``0..K-1`` (already in search order).

    Args:
        w: ``(K, A, O)`` gain contributions (padded; only ``opts[k, :nopt[k]]`` are used).
        opts: Allowed options of each issue, in the order tried.
        nopt: Number of allowed options per issue.
        start: ``(A,)`` gains before any issue is chosen (fixed issues less no-deal values).
        rc0: ``(K, O)`` cost of each option under the root weights (0 for the best option).
        lb0: The root's Lagrangian bound.
        lam_root: The root weights.
        best_rest: ``(K + 1, A)`` each actor's best total over issues ``k:``.
        sum_rest: ``(K + 1,)`` the best gain-sum total over issues ``k:``.
        floor: Smallest score ever kept.
        margin: Scores within this of the best are kept.
        cap: Most packages kept.
        max_nodes: Node budget.
        steps: Weight-fitting steps per node.

    Returns:
        ``(choices, scores, nodes, status)``: the packages kept (option per issue, search
        order) with their smallest gains, the nodes visited, and 0 (complete), 1 (node
        budget exhausted) or 2 (more than ``cap`` packages tie).
    """
    k_n, a_n, _ = w.shape
    part = np.empty((k_n + 1, a_n))
    part[0] = start
    gsum = np.zeros(k_n + 1)
    for a in range(a_n):
        gsum[0] += start[a]
    q0 = np.empty(k_n + 1)
    q0[0] = lb0
    lam = np.empty((k_n + 1, a_n))
    lam[0] = lam_root
    ql = np.empty(k_n + 1)
    ql[0] = lb0
    vmax = np.empty(k_n + 1)
    pos = np.zeros(k_n, np.int64)
    choice = np.zeros(k_n, np.int64)
    out = np.empty((cap, k_n), np.int64)
    scores = np.empty(cap)
    sums = np.empty(cap)
    n_out = 0
    best = -np.inf
    # a package found (score, gain sum) for the sum bound
    ts = -np.inf
    tsum = -np.inf
    nodes = 0
    depth = 0
    bv = -np.inf
    for i in range(nopt[0]):
        v = 0.0
        for a in range(a_n):
            v += lam[0, a] * w[0, a, opts[0, i]]
        bv = max(bv, v)
    vmax[0] = bv
    while depth >= 0:
        if pos[depth] >= nopt[depth]:
            depth -= 1
            if depth >= 0:
                pos[depth] += 1
            continue
        o = opts[depth, pos[depth]]
        nodes += 1
        if nodes > max_nodes:
            return out[:n_out], scores[:n_out], nodes, 1
        thr = max(best - margin, floor)
        b0 = q0[depth] - rc0[depth, o]
        if b0 < thr:  # options are in increasing order of rc0: the rest fail too
            pos[depth] = nopt[depth]
            continue
        v = 0.0
        for a in range(a_n):
            v += lam[depth, a] * w[depth, a, o]
        bl = ql[depth] - (vmax[depth] - v)
        bound = min(b0, bl)
        ok = bl >= thr
        if ok:
            for a in range(a_n):
                x = part[depth, a] + w[depth, a, o]
                part[depth + 1, a] = x
                bound = min(bound, x + best_rest[depth + 1, a])
            ok = bound >= thr
        if ok:
            s = 0.0
            for a in range(a_n):
                s += part[depth + 1, a]
            gsum[depth + 1] = s
            if bound <= ts + _SCORE_EPS and s + sum_rest[depth + 1] < tsum - margin:
                ok = False
        if not ok:
            pos[depth] += 1
            continue
        choice[depth] = o
        j = depth + 1
        if j == k_n:
            score = part[k_n, 0]
            for a in range(1, a_n):
                score = min(score, part[k_n, a])
            s = float(gsum[k_n])
            if score >= thr and not (score <= ts + _SCORE_EPS and s < tsum - margin):
                best = max(best, score)
                if score >= _SURE and (score > ts + _SCORE_EPS or (score >= ts - _SCORE_EPS and s > tsum)):
                    ts = score
                    tsum = s
                if n_out == cap:
                    keep = 0
                    t2 = max(best - margin, floor)
                    for i in range(n_out):
                        if scores[i] >= t2 and not (scores[i] <= ts + _SCORE_EPS and sums[i] < tsum - margin):
                            out[keep] = out[i]
                            scores[keep] = scores[i]
                            sums[keep] = sums[i]
                            keep += 1
                    n_out = keep
                    if n_out == cap:
                        return out[:n_out], scores[:n_out], nodes, 2
                out[n_out] = choice
                scores[n_out] = score
                sums[n_out] = s
                n_out += 1
            pos[depth] += 1
            continue
        q0[j] = b0
        lam[j] = lam[depth]
        ql[j] = bl
        if steps > 0:
            fit, f, low = _refine(w, opts, nopt, part[j], j, lam[depth], steps, thr)
            best = max(best, low)
            thr = max(best - margin, floor)
            if f < thr or (f <= ts + _SCORE_EPS and gsum[j] + sum_rest[j] < tsum - margin):
                pos[depth] += 1
                continue
            if f < bl:
                lam[j] = fit
                ql[j] = f
        bv = -np.inf
        for i in range(nopt[j]):
            v = 0.0
            for a in range(a_n):
                v += lam[j, a] * w[j, a, opts[j, i]]
            bv = max(bv, v)
        vmax[j] = bv
        depth = j
        pos[depth] = 0
    return out[:n_out], scores[:n_out], nodes, 0


_search: Any = _search_py
if HAVE_NUMBA:
    import numba

    _refine = numba.njit(cache=True, nogil=True)(_refine_py)
    _search = numba.njit(cache=True, nogil=True)(_search_py)


@dataclass(frozen=True)
class MaxMinSearch:
    """The outcome of :func:`egalitarian_by_bounds`.

    Attributes:
        complete: Whether the search finished (else the caller must use another method).
        pool: When complete, every acceptable package that can still win enumeration's
            tie-break (full option vectors, possibly empty: nothing is acceptable).
        nodes: Nodes visited.
        reason: Why the search stopped early (empty when complete).
    """

    complete: bool
    pool: list[NDArray[np.int64]]
    nodes: int
    reason: str = ""


def layout(space: DealSpace) -> tuple[NDArray[np.float64], NDArray[np.bool_], NDArray[np.float64]] | None:
    """Free issues' weights ``(K, A, O)`` padded, allowed options ``(K, O)``, and the start gains.

    Returns ``None`` when nothing can be acceptable (a fixed option on a red line, or a free
    issue whose every option is on someone's red line).
    """
    fixed = space.fixed_choices()
    start = -np.asarray(space.no_deal, dtype=np.float64)
    free = set(space.free)
    for k in range(len(space.issues)):
        if k not in free:
            if space.red[k][:, int(fixed[k])].any():
                return None
            start = start + space.weights[k][:, int(fixed[k])]
    k_n, a_n = len(space.free), len(space.actors)
    o_n = max(space.radices, default=1)
    w = np.zeros((k_n, a_n, o_n))
    allowed = np.zeros((k_n, o_n), dtype=bool)
    for j, k in enumerate(space.free):
        r = space.radices[j]
        w[j, :, :r] = space.weights[k]
        seen: list[NDArray[np.float64]] = []
        for o in range(r):
            if space.red[k][:, o].any():
                continue
            column = space.weights[k][:, o]
            # an option worth exactly what a lower allowed option is worth to everyone never
            # wins: the lower one gives the same utilities and a lower package number
            if any(np.array_equal(column, c) for c in seen):
                continue
            seen.append(column)
            allowed[j, o] = True
        if not allowed[j].any():
            return None
    return w, allowed, start


def egalitarian_by_bounds(space: DealSpace, max_nodes: int | None = None) -> MaxMinSearch:
    """Collect the packages that can be the egalitarian solution, by branch and bound.

    Args:
        space: The deal space.
        max_nodes: Node budget (default: 5 million compiled, 5,000 without numba (about 1 ms a node)).

    Returns:
        The search outcome; when complete, enumeration's rule applied to ``pool`` gives the
        egalitarian package enumeration gives (none when ``pool`` is empty).
    """
    shaped = layout(space)
    if shaped is None:
        return MaxMinSearch(True, [], 0)
    w, allowed, start = shaped
    fixed = space.fixed_choices()
    if not space.free:
        return MaxMinSearch(True, [fixed] if space.acceptable(fixed).all() else [], 0)
    k_n, a_n, o_n = w.shape
    masked = np.where(allowed[:, None, :], w, -np.inf)
    # the root weights, over every allowed option
    nopt_allowed = allowed.sum(axis=1).astype(np.int64)
    opts_allowed = np.argsort(~allowed, axis=1, kind="stable").astype(np.int64)
    lam_root, _, _ = _refine(
        w, opts_allowed, nopt_allowed, start, 0, np.full(a_n, 1.0 / a_n), _ROOT_STEPS, -np.inf
    )
    lam_root = np.clip(lam_root, 0.0, None)
    lam_root = lam_root / lam_root.sum()
    value = np.einsum("a,kao->ko", lam_root, w)
    value = np.where(allowed, value, -np.inf)
    top = value.max(axis=1)
    rc = np.where(allowed, top[:, None] - value, np.inf)
    lb0 = float(lam_root @ start + top.sum())
    second = np.sort(rc, axis=1)[:, 1] if o_n > 1 else np.full(k_n, np.inf)
    order = np.argsort(-second, kind="stable")
    w_s = np.ascontiguousarray(w[order])
    rc_s = np.ascontiguousarray(np.where(np.isfinite(rc[order]), rc[order], 0.0))
    opts = np.argsort(rc[order], axis=1, kind="stable").astype(np.int64)
    nopt = nopt_allowed[order]
    best_rest = np.zeros((k_n + 1, a_n))
    sum_rest = np.zeros(k_n + 1)
    masked_s = masked[order]
    for j in range(k_n - 1, -1, -1):
        best_rest[j] = best_rest[j + 1] + masked_s[j].max(axis=1)
        sum_rest[j] = sum_rest[j + 1] + masked_s[j].sum(axis=0).max()
    budget = max_nodes if max_nodes is not None else (_MAX_NODES if HAVE_NUMBA else _MAX_NODES_PY)
    found, scores, nodes, status = _search(
        w_s,
        opts,
        nopt,
        start,
        rc_s,
        lb0,
        lam_root,
        best_rest,
        sum_rest,
        _FLOOR,
        MARGIN,
        _CAP,
        budget,
        _NODE_STEPS,
    )
    if status == _NODE_LIMIT:
        return MaxMinSearch(False, [], int(nodes), f"node budget of {budget:,} exhausted")
    if status == _TOO_MANY_TIES:
        return MaxMinSearch(False, [], int(nodes), f"more than {_CAP:,} packages tie")
    pool: list[NDArray[np.int64]] = []
    if len(scores):
        keep = scores >= scores.max() - MARGIN
        for row in np.asarray(found)[keep]:
            choices = fixed.copy()
            for j, o in zip(order, row, strict=True):
                choices[space.free[int(j)]] = int(o)
            if space.acceptable(choices).all():
                pool.append(choices)
    return MaxMinSearch(True, pool, int(nodes))
