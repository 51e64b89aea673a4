"""Every package whose Nash product comes within a margin of a known level, by branch and bound.

Exact Nash search (:mod:`accord.deals.exact`) finds the best package by outer approximation;
enumeration's tie-break then needs every package whose log Nash product is within the
solver's tolerance of it. Proving with the integer programme that no other package is that
close is its most expensive step (seconds at 10 actors x 40 issues). With the best package's
gains ``c`` known, a depth-first search over the issues settles it in a few thousand nodes:

* **acceptability**: ``p_a + best_rest_a > 0`` for every actor (partial gains ``p_a``, each
  actor's best option on every remaining issue), else every product below is 0;
* **box**: ``sum_a log(p_a + best_rest_a)`` bounds the log product below the node;
* **tangent**: ``log g <= log c + g / c - 1`` for any ``c > 0``, so with ``c`` the best
  package's gains ``sum_a log g_a <= sum_a (log c_a - 1 + g_a / c_a)``, linear in the gains,
  whose maximum over the remaining issues separates into one maximum per issue.

Bounds are compared with the level less ``SLACK`` (floating-point rounding of the sums). The
search stops and reports failure past a node budget or when more than ``_CAP`` packages reach
the level; the caller then runs the integer programme's own tie search.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray

from accord.deals._kernels import HAVE_NUMBA
from accord.deals.maxmin import layout
from accord.deals.space import DealSpace

__all__ = ["MIN_GAIN", "SLACK", "NashTies", "nash_ties_by_bounds"]

SLACK = 1e-9
"""Bounds are compared with the level less this (rounding of sums of about 50 terms)."""

MIN_GAIN = 1e-6
"""Smallest gain of the best package for which the tangent bound is used (1 / c stays small)."""

_CAP = 4096
_MAX_NODES = 5_000_000
_MAX_NODES_PY = 5_000


def _search_py(
    w: NDArray[np.float64],
    opts: NDArray[np.int64],
    nopt: NDArray[np.int64],
    start: NDArray[np.float64],
    best_rest: NDArray[np.float64],
    inv_c: NDArray[np.float64],
    tangent_const: float,
    suffix: NDArray[np.float64],
    level: float,
    slack: float,
    cap: int,
    max_nodes: int,
) -> tuple[NDArray[np.int64], int, int]:
    """Depth-first search for every package with ``sum_a log g_a >= level``.

    Args:
        w: ``(K, A, O)`` gain contributions in search order (only ``opts[k, :nopt[k]]`` used).
        opts: Allowed options per issue, in the order tried.
        nopt: Allowed options per issue.
        start: ``(A,)`` gains before any issue is chosen.
        best_rest: ``(K + 1, A)`` each actor's best total over issues ``k:``.
        inv_c: ``(A,)`` reciprocals of the tangent points.
        tangent_const: ``sum_a (log c_a - 1)``.
        suffix: ``(K + 1,)`` sums over issues ``k:`` of ``max_o sum_a w / c``.
        level: The log Nash product to reach.
        slack: Bounds are compared with ``level - slack``.
        cap: Most packages kept.
        max_nodes: Node budget.

    Returns:
        ``(choices, nodes, status)``: the packages found (option per issue, search order),
        nodes visited, and 0 (complete), 1 (node budget exhausted) or 2 (more than ``cap``).
    """
    k_n, a_n, _ = w.shape
    part = np.empty((k_n + 1, a_n))
    part[0] = start
    pos = np.zeros(k_n, np.int64)
    choice = np.zeros(k_n, np.int64)
    out = np.empty((cap, k_n), np.int64)
    n_out = 0
    nodes = 0
    thr = level - slack
    depth = 0
    while depth >= 0:
        if pos[depth] >= nopt[depth]:
            depth -= 1
            if depth >= 0:
                pos[depth] += 1
            continue
        o = opts[depth, pos[depth]]
        nodes += 1
        if nodes > max_nodes:
            return out[:n_out], nodes, 1
        j = depth + 1
        ok = True
        box = 0.0
        tangent = tangent_const + suffix[j]
        for a in range(a_n):
            x = part[depth, a] + w[depth, a, o]
            part[j, a] = x
            top = x + best_rest[j, a]
            if top <= 0.0:
                ok = False
                break
            box += math.log(top)
            tangent += x * inv_c[a]
        if not ok or box < thr or tangent < thr:
            pos[depth] += 1
            continue
        choice[depth] = o
        if j == k_n:
            # at a leaf best_rest is 0: box is the log product itself
            if box >= level - slack:
                if n_out == cap:
                    return out[:n_out], nodes, 2
                out[n_out] = choice
                n_out += 1
            pos[depth] += 1
            continue
        depth = j
        pos[depth] = 0
    return out[:n_out], nodes, 0


_search: Any = _search_py
if HAVE_NUMBA:
    import numba

    _search = numba.njit(cache=True, nogil=True)(_search_py)


@dataclass(frozen=True)
class NashTies:
    """The outcome of :func:`nash_ties_by_bounds`.

    Attributes:
        complete: Whether the search finished (else the caller must use another method).
        pool: When complete, every acceptable package whose log Nash product reaches the level.
        nodes: Nodes visited.
    """

    complete: bool
    pool: list[NDArray[np.int64]]
    nodes: int


def nash_ties_by_bounds(
    space: DealSpace, best: NDArray[np.int64], level: float, max_nodes: int | None = None
) -> NashTies:
    """Collect every acceptable package whose log Nash product is at least ``level``.

    Args:
        space: The deal space.
        best: An acceptable package with every gain at least ``MIN_GAIN``: its gains are the
            tangent points (the search is fastest when it is the optimum).
        level: The log Nash product to reach (the best one less the solver's tolerance).
        max_nodes: Node budget (default: 5 million compiled, 5,000 without numba (about 1 ms a node)).

    Returns:
        The packages, or ``complete=False`` when the search gave up or ``best`` has a gain
        below ``MIN_GAIN``.
    """
    c = space.utilities(best) - space.no_deal
    if not np.all(c >= MIN_GAIN):
        return NashTies(False, [], 0)
    shaped = layout(space)
    if shaped is None or not space.free:
        return NashTies(False, [], 0)
    w, allowed, start = shaped
    k_n, a_n, _ = w.shape
    inv_c = 1.0 / c
    score = np.where(allowed, np.einsum("a,kao->ko", inv_c, w), -np.inf)
    top = score.max(axis=1)
    low = np.where(allowed, score, np.inf).min(axis=1)
    order = np.argsort(-(top - low), kind="stable")  # widest tangent spread first
    w_s = np.ascontiguousarray(w[order])
    opts = np.argsort(-score[order], axis=1, kind="stable").astype(np.int64)
    nopt = allowed[order].sum(axis=1).astype(np.int64)
    masked = np.where(allowed[order][:, None, :], w_s, -np.inf)
    best_rest = np.zeros((k_n + 1, a_n))
    suffix = np.zeros(k_n + 1)
    for j in range(k_n - 1, -1, -1):
        best_rest[j] = best_rest[j + 1] + masked[j].max(axis=1)
        suffix[j] = suffix[j + 1] + top[order[j]]
    budget = max_nodes if max_nodes is not None else (_MAX_NODES if HAVE_NUMBA else _MAX_NODES_PY)
    found, nodes, status = _search(
        w_s,
        opts,
        nopt,
        start,
        best_rest,
        inv_c,
        float(np.sum(np.log(c)) - a_n),
        suffix,
        level,
        SLACK,
        _CAP,
        budget,
    )
    if status != 0:
        return NashTies(False, [], int(nodes))
    fixed = space.fixed_choices()
    pool: list[NDArray[np.int64]] = []
    for row in np.asarray(found):
        choices = fixed.copy()
        for j, o in zip(order, row, strict=True):
            choices[space.free[int(j)]] = int(o)
        if space.acceptable(choices).all():
            pool.append(choices)
    return NashTies(True, pool, int(nodes))
