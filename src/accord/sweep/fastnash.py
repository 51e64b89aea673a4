"""The exact Nash package of one sweep draw, by branch and bound, with the MILP as referee.

A sweep re-solves the Nash package of the same track thousands of times with slightly
different coefficients. The integer programme (:func:`accord.deals.solve_exact`) costs tens
of milliseconds per draw; a depth-first branch and bound over the issues (numba) proves the
same answer in well under a millisecond on ukraine-2025's trilateral track, because the
draw's candidate packages (the baseline Nash package among them) give an incumbent that is
already optimal or close to it.

Bounds at a node (options fixed on the first issues, partial gains ``p_a``):

* **acceptability**: ``p_a + max_rest_a > 0`` for every actor, else no package below has a
  positive Nash product;
* **box**: the product of ``p_a + max_rest_a`` bounds the Nash product below the node;
* **tangent**: ``log g <= log c + g / c - 1`` for any ``c > 0``, so with ``c`` the incumbent's
  gains, ``log prod g_a <= sum_a (log c_a - 1 + g_a / c_a)``, whose maximum over the
  remaining issues separates into one maximum per issue (precomputed as a suffix sum).

The search visits every package whose Nash product is within ``MARGIN`` (relative, in log
space) of the best one. The fast answer is used only when it is **decisive**: the best
package beats every other one by more than ``MARGIN`` and every gain is at least
``MIN_GAIN``. Then the MILP, whose outer approximation stops within 1e-6 of the optimum
in log space and whose tie-break only accepts packages within 1e-9, must return the same
package. Otherwise (a near tie, a tiny gain, no incumbent with a positive product, or no
numba) the draw calls :func:`accord.deals.solve_exact` itself, so the answer is the MILP's
by construction.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.deals import DealSpace, solve_exact
from accord.deals._kernels import HAVE_NUMBA

__all__ = ["MARGIN", "MIN_GAIN", "FastNash", "count_acceptable", "nash_by_bounds", "nash_package"]

MARGIN = 1e-5
"""Log-space lead the best package needs over every other one for the fast answer to stand."""

MIN_GAIN = 1e-3
"""Smallest gain (utility above no deal) of the fast answer; below it the MILP decides."""


@dataclass(frozen=True)
class FastNash:
    """The outcome of the branch and bound.

    Attributes:
        choices: Option index per issue of the best package (``None``: no package with a
            positive Nash product at or above the incumbent's level was found).
        product: Its Nash product (0 when ``choices`` is ``None``).
        runner_up: The best Nash product of any other package, when within ``MARGIN`` of the
            best (else a lower bound on nothing: 0 or a value below the margin).
        decisive: True when the answer must equal the MILP's (see the module docstring).
        nodes: Nodes visited.
    """

    choices: NDArray[np.int64] | None
    product: float
    runner_up: float
    decisive: bool
    nodes: int


def _search_py(
    w: NDArray[np.float64],
    opts: NDArray[np.int64],
    nopt: NDArray[np.int64],
    start: NDArray[np.float64],
    max_rest: NDArray[np.float64],
    inv_c: NDArray[np.float64],
    tangent_const: float,
    suffix: NDArray[np.float64],
    floor_log: float,
    margin: float,
) -> tuple[NDArray[np.int64], float, float, int]:
    """Depth-first branch and bound; see the module docstring (compiled by numba when available).

    Args:
        w: ``(issues, actors, options)`` weights in search order.
        opts: ``(issues, options)`` allowed option indices per issue, in trial order.
        nopt: Allowed options per issue.
        start: ``(actors,)`` gains before any issue is chosen (fixed issues minus no deal).
        max_rest: ``(issues + 1, actors)`` best possible remaining utility from each depth.
        inv_c: ``(actors,)`` reciprocals of the tangent points.
        tangent_const: ``sum_a (log c_a - 1)``.
        suffix: ``(issues + 1,)`` per-depth sums of ``max_o sum_a w / c``.
        floor_log: A log Nash product some package reaches (the incumbent's).
        margin: Log-space margin of the search.

    Returns:
        Best choices (positions into each issue's options), best product, runner-up product
        (exact when within the margin), nodes visited.
    """
    k_n, a_n, _ = w.shape
    partial = np.zeros((k_n + 1, a_n))
    partial[0, :] = start
    idx = np.zeros(k_n, dtype=np.int64)
    path = np.zeros(k_n, dtype=np.int64)
    best_choice = np.full(k_n, -1, dtype=np.int64)
    best = 0.0
    second = 0.0
    log_thr = floor_log - margin
    thr = math.exp(log_thr)
    q = np.zeros(a_n)
    nodes = 0
    j = 0
    while j >= 0:
        if idx[j] >= nopt[j]:
            idx[j] = 0
            j -= 1
            if j >= 0:
                idx[j] += 1
            continue
        o = opts[j, idx[j]]
        nodes += 1
        for a in range(a_n):
            q[a] = partial[j, a] + w[j, a, o]
        if j == k_n - 1:
            prod = 1.0
            ok = True
            for a in range(a_n):
                if q[a] <= 0.0:
                    ok = False
                    break
                prod *= q[a]
            if ok and prod >= thr:
                if prod > best:
                    second = best
                    best = prod
                    path[j] = o
                    for kk in range(k_n):
                        best_choice[kk] = path[kk]
                    new_log = math.log(best) - margin
                    if new_log > log_thr:
                        log_thr = new_log
                        thr = math.exp(log_thr)
                elif prod > second:
                    second = prod
            idx[j] += 1
            continue
        pruned = False
        box = 1.0
        tangent = tangent_const + suffix[j + 1]
        for a in range(a_n):
            top = q[a] + max_rest[j + 1, a]
            if top <= 0.0:
                pruned = True
                break
            box *= top
            tangent += q[a] * inv_c[a]
        if pruned or box < thr or tangent < log_thr:
            idx[j] += 1
            continue
        path[j] = o
        for a in range(a_n):
            partial[j + 1, a] = q[a]
        j += 1
        idx[j] = 0
    return best_choice, best, second, nodes


_search: Any = _search_py
if HAVE_NUMBA:
    import numba

    _search = numba.njit(cache=True, nogil=True)(_search_py)


def nash_by_bounds(space: DealSpace, incumbents: NDArray[np.int64], margin: float = MARGIN) -> FastNash:
    """Find the package with the largest Nash product by branch and bound.

    Args:
        space: The deal space.
        incumbents: ``(issues, n)`` option indices of packages to start from (the best of
            them with a positive Nash product sets the tangent points and the first bound).
        margin: Log-space margin: every package within it of the best is visited.

    Returns:
        The best package, the runner-up's product when within the margin, and whether the
        answer is decisive. ``choices`` is ``None`` when no incumbent has a positive product.
    """
    n_actors = len(space.actors)
    inc = np.asarray(incumbents, dtype=np.int64).reshape(len(space.issues), -1)
    gains = space.utilities(inc) - space.no_deal[:, None]
    ok = np.all(gains > 0, axis=0) & ~space.red_lines_crossed(inc).any(axis=0)
    if not ok.any() or not space.free:
        return FastNash(None, 0.0, 0.0, False, 0)
    products = np.where(ok, np.prod(np.where(gains > 0, gains, 1.0), axis=0), 0.0)
    c = gains[:, int(np.argmax(products))]
    inv_c = 1.0 / c
    fixed = space.fixed_choices()
    free_set = set(space.free)
    start = -np.asarray(space.no_deal, dtype=np.float64).copy()
    for k in range(len(space.issues)):
        if k not in free_set:
            start += space.weights[k][:, int(fixed[k])]
    # per free issue: allowed options (no red line for anyone), their tangent scores
    blocks: list[tuple[int, NDArray[np.int64], NDArray[np.float64]]] = []
    for k in space.free:
        allowed = np.flatnonzero(~space.red[k].any(axis=0))
        if allowed.size == 0:
            return FastNash(None, 0.0, 0.0, True, 0)
        score = (space.weights[k][:, allowed] * inv_c[:, None]).sum(axis=0)
        order = np.argsort(-score, kind="stable")
        blocks.append((k, allowed[order], score[order]))
    # widest tangent spread first: decisions that matter most are made near the root
    blocks.sort(key=lambda b: -(float(b[2][0] - b[2][-1])))
    k_n = len(blocks)
    o_max = max(len(b[1]) for b in blocks)
    w = np.zeros((k_n, n_actors, o_max))
    opts = np.zeros((k_n, o_max), dtype=np.int64)
    nopt = np.zeros(k_n, dtype=np.int64)
    max_rest = np.zeros((k_n + 1, n_actors))
    suffix = np.zeros(k_n + 1)
    for j, (k, allowed, _score) in enumerate(blocks):
        wk = space.weights[k][:, allowed]
        w[j, :, : allowed.size] = wk
        opts[j, : allowed.size] = np.arange(allowed.size)
        nopt[j] = allowed.size
    for j in range(k_n - 1, -1, -1):
        wk = w[j, :, : nopt[j]]
        max_rest[j] = max_rest[j + 1] + wk.max(axis=1)
        suffix[j] = suffix[j + 1] + float(blocks[j][2][0])
    tangent_const = float(np.sum(np.log(c)) - n_actors)
    floor_log = float(np.log(products.max()))
    pos, best, second, nodes = _search(
        w, opts, nopt, start, max_rest, inv_c, tangent_const, suffix, floor_log, margin
    )
    if best <= 0.0:  # pragma: no cover - the incumbent itself is always found
        return FastNash(None, 0.0, 0.0, False, int(nodes))
    choices = fixed.copy()
    for j, (k, allowed, _score) in enumerate(blocks):
        choices[k] = int(allowed[int(pos[j])])
    best_gains = space.utilities(choices) - space.no_deal
    decisive = bool(second < best * math.exp(-margin) and float(best_gains.min()) >= MIN_GAIN)
    return FastNash(choices, float(best), float(second), decisive, int(nodes))


def nash_package(
    space: DealSpace, incumbents: NDArray[np.int64], *, fast: bool = True
) -> tuple[int, ...] | None:
    """Return the package :func:`accord.deals.solve_exact` gives for ``"nash"``, fast when decisive.

    Args:
        space: The deal space.
        incumbents: ``(issues, n)`` packages to start the branch and bound from (a sweep
            passes its candidate packages).
        fast: ``False`` always runs the MILP (the sweep's baseline path).

    Returns:
        Option indices per issue, or ``None`` when no package is acceptable.
    """
    if fast and HAVE_NUMBA and incumbents.size:
        found = nash_by_bounds(space, incumbents)
        if found.decisive and found.choices is not None:
            return tuple(int(v) for v in found.choices)
    exact = solve_exact(space, "nash")
    return None if exact.choices is None else tuple(int(v) for v in exact.choices)


def _count_py(
    w: NDArray[np.float64],
    nopt: NDArray[np.int64],
    floor: NDArray[np.float64],
    max_rest: NDArray[np.float64],
    min_rest: NDArray[np.float64],
    tail: NDArray[np.int64],
    slack: float,
) -> tuple[int, int]:
    """Count packages with every utility at or above ``floor`` (compiled by numba when available).

    Utilities are summed issue by issue from 0 in case order, as
    :meth:`accord.deals.DealSpace.utilities` sums them, so the test at a leaf is bit for bit
    the same. A subtree is skipped when even its best utilities fall ``slack`` short of the
    floor, and counted whole when even its worst ones clear the floor by ``slack``.

    Args:
        w: ``(issues, actors, options)`` weights of the allowed options (red lines removed;
            a fixed issue has its one option).
        nopt: Allowed options per issue.
        floor: ``(actors,)`` no-deal utility minus the tolerance.
        max_rest: ``(issues + 1, actors)`` largest remaining utility from each depth.
        min_rest: ``(issues + 1, actors)`` smallest remaining utility from each depth.
        tail: ``(issues + 1,)`` packages below a node at each depth.
        slack: Margin that keeps the whole-subtree shortcuts away from rounding.

    Returns:
        The count and the nodes visited.
    """
    k_n, a_n, _ = w.shape
    partial = np.zeros((k_n + 1, a_n))
    idx = np.zeros(k_n + 1, dtype=np.int64)
    count = 0
    nodes = 0
    j = 0
    while j >= 0:
        # classify the node at depth j (partial[j] set)
        if idx[j] == 0:
            nodes += 1
            all_in = True
            none = False
            for a in range(a_n):
                if partial[j, a] + max_rest[j, a] < floor[a] - slack:
                    none = True
                    break
                if partial[j, a] + min_rest[j, a] < floor[a] + slack:
                    all_in = False
            if none or all_in or j == k_n:
                if not none:
                    if j == k_n:
                        ok = True
                        for a in range(a_n):
                            if partial[j, a] < floor[a]:
                                ok = False
                                break
                        if ok:
                            count += 1
                    else:
                        count += tail[j]
                j -= 1
                if j >= 0:
                    idx[j] += 1
                continue
        if idx[j] >= nopt[j]:
            idx[j] = 0
            j -= 1
            if j >= 0:
                idx[j] += 1
            continue
        o = idx[j]
        for a in range(a_n):
            partial[j + 1, a] = partial[j, a] + w[j, a, o]
        j += 1
        idx[j] = 0
    return count, nodes


_count: Any = _count_py
if HAVE_NUMBA:
    _count = numba.njit(cache=True, nogil=True)(_count_py)


def _allowed_tables(space: DealSpace) -> list[NDArray[np.float64]]:
    """Per issue in case order, the ``(actors, options)`` weights of the options a package may take."""
    fixed = space.fixed_choices()
    free = set(space.free)
    out: list[NDArray[np.float64]] = []
    for k, w in enumerate(space.weights):
        ok: NDArray[np.bool_] = np.asarray(~space.red[k].any(axis=0))
        if k not in free:
            keep = np.array([int(fixed[k])]) if ok[int(fixed[k])] else np.zeros(0, dtype=np.int64)
        else:
            keep = np.flatnonzero(ok)
        out.append(np.asarray(w[:, keep], dtype=np.float64))
    return out


def _count_numpy(tables: list[NDArray[np.float64]], floor: NDArray[np.float64], chunk: int = 1 << 20) -> int:
    """The same count by scoring every package (sums in the same order, so the same result)."""
    n_actors = floor.size
    prefix = np.zeros((n_actors, 1))
    k = 0
    while k < len(tables) and prefix.shape[1] * tables[k].shape[1] <= chunk:
        prefix = (prefix[:, :, None] + tables[k][:, None, :]).reshape(n_actors, -1)
        k += 1
    rest = tables[k:]
    count = 0
    step = max(1, chunk // max(1, math.prod(t.shape[1] for t in rest)))
    for lo in range(0, prefix.shape[1], step):
        u = prefix[:, lo : lo + step]
        for t in rest:
            u = (u[:, :, None] + t[:, None, :]).reshape(n_actors, -1)
        count += int(np.all(u >= floor[:, None], axis=0).sum())
    return count


def count_acceptable(space: DealSpace, tol: float = 1e-9) -> int:
    """Count the packages acceptable to every actor at the table.

    The same test as :meth:`accord.deals.DealSpace.acceptable` (utility at least the no-deal
    utility minus ``tol``, no red line crossed), over the whole space without enumerating
    it: a depth-first count that adds whole subtrees once every package below is in (numba),
    or, without numba, scoring every package in blocks (slow on large spaces).

    Args:
        space: The deal space.
        tol: Tolerance on the no-deal utility.

    Returns:
        The number of acceptable packages.
    """
    tables = _allowed_tables(space)
    if any(t.shape[1] == 0 for t in tables):
        return 0
    floor = np.asarray(space.no_deal, dtype=np.float64) - tol
    if not HAVE_NUMBA:
        return _count_numpy(tables, floor)
    k_n, n_actors = len(tables), len(space.actors)
    o_max = max(t.shape[1] for t in tables)
    w = np.zeros((k_n, n_actors, o_max))
    nopt = np.zeros(k_n, dtype=np.int64)
    max_rest = np.zeros((k_n + 1, n_actors))
    min_rest = np.zeros((k_n + 1, n_actors))
    tail = np.ones(k_n + 1, dtype=np.int64)
    for j in range(k_n - 1, -1, -1):
        t = tables[j]
        w[j, :, : t.shape[1]] = t
        nopt[j] = t.shape[1]
        max_rest[j] = max_rest[j + 1] + t.max(axis=1)
        min_rest[j] = min_rest[j + 1] + t.min(axis=1)
        tail[j] = tail[j + 1] * t.shape[1]
    count, _nodes = _count(w, nopt, floor, max_rest, min_rest, tail, 1e-12)
    return int(count)
