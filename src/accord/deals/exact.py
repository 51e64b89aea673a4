"""Exact solutions by integer programming, for deal spaces too large to enumerate.

* utilitarian: maximise the sum of utilities;
* egalitarian: maximise ``t`` with ``t <= gain_a`` for every actor;
* Kalai-Smorodinsky: first each actor's best acceptable utility (one programme per actor),
  then maximise ``t`` with ``t <= gain_a / (best_a - no_deal_a)``;
* Nash: maximise ``sum_a z_a`` where each ``z_a`` lies below tangents of ``log`` at a set of
  breakpoints. Tangents over-estimate the concave ``log``, so the programme's bound is a
  proven upper bound on the log Nash product; the best package found gives a lower bound.
  Tangents at each new solution's gains are added until the two meet (outer approximation).

Every programme keeps the red-line and acceptance constraints. Ties are broken by a second
programme that maximises the utility sum at the optimal level. See docs/deals.md.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.deals.milp import Program
from accord.deals.solutions import SolutionName
from accord.deals.space import DealSpace

__all__ = ["ExactSolution", "best_for_each", "solve_exact"]

_TOL = 1e-7
_MIN_GAIN = 1e-4


@dataclass(frozen=True)
class ExactSolution:
    """A solution found by integer programming.

    Attributes:
        name: Solution concept.
        choices: Option index per issue, or ``None`` when no package is acceptable.
        utilities: Each actor's utility (``None`` when infeasible).
        gap: Proven relative optimality gap (0 when solved to optimality).
        iterations: Programmes solved.
    """

    name: SolutionName
    choices: NDArray[np.int64] | None
    utilities: NDArray[np.float64] | None
    gap: float
    iterations: int


def _utilities(space: DealSpace, choices: NDArray[np.int64]) -> NDArray[np.float64]:
    return space.utilities(choices)


def _lexicographic_sum(
    prog: Program, objective: NDArray[np.float64], level: float
) -> NDArray[np.float64] | None:
    """Among solutions with ``objective @ v <= level``, maximise the utility sum."""
    row = np.zeros(prog.n_vars)
    row[: objective.size] = objective[: prog.n_vars]
    prog.add_row(row, -np.inf, level)
    c = np.zeros(prog.n_vars)
    c[: prog.n_x] = -prog.coef.sum(axis=0)
    res = prog.solve(c)
    prog.rows.pop()
    prog.row_lb.pop()
    prog.row_ub.pop()
    return None if res.x is None else np.asarray(res.x)


def best_for_each(space: DealSpace) -> list[NDArray[np.int64] | None]:
    """For each actor, the acceptable package it likes best (``None`` if nothing is acceptable)."""
    out: list[NDArray[np.int64] | None] = []
    for a in range(len(space.actors)):
        prog = Program.build(space)
        prog.add_acceptance()
        res = prog.solve(-prog.coef[a])
        if res.x is None:
            out.append(None)
            continue
        level = float(res.fun) + _TOL
        x = _lexicographic_sum(prog, -prog.coef[a], level)
        out.append(prog.choices(x if x is not None else np.asarray(res.x)))
    return out


def _maxmin(space: DealSpace, scale: NDArray[np.float64], name: SolutionName) -> ExactSolution:
    prog = Program.build(space)
    prog.add_acceptance()
    t = prog.add_var(-1.0, 2.0)
    for a in range(len(space.actors)):
        if scale[a] <= 0:
            continue
        # t <= (base + coef x - d) / scale  <=>  coef x / scale - t >= (d - base) / scale
        row = prog.row(prog.coef[a] / scale[a], {t: -1.0})
        prog.add_row(row, float((space.no_deal[a] - prog.base[a]) / scale[a]), np.inf)
    c = np.zeros(prog.n_vars)
    c[t] = -1.0
    res = prog.solve(c)
    if res.x is None:
        return ExactSolution(name, None, None, 0.0, 1)
    x = _lexicographic_sum(prog, c, float(res.fun) + _TOL)
    choices = prog.choices(x if x is not None else np.asarray(res.x))
    return ExactSolution(name, choices, _utilities(space, choices), 0.0, 2)


def _nash(space: DealSpace, max_iter: int = 40, tol: float = 1e-6) -> ExactSolution:
    n_actors = len(space.actors)
    prog = Program.build(space)
    prog.add_acceptance()
    z = [prog.add_var(-60.0, 1.0) for _ in range(n_actors)]
    top = np.maximum(1.0 - space.no_deal, 1e-3)

    tangents: list[set[float]] = [set() for _ in range(n_actors)]

    def add_tangent(a: int, g0: float) -> bool:
        # z_a <= log(g0) + (gain_a - g0) / g0 with gain_a = base + coef x - d, multiplied
        # through by g0 to keep coefficients of order one:
        #   coef x - g0 z_a >= d - base + g0 (1 - log g0)
        # Breakpoints below _MIN_GAIN add nothing useful and make the programme ill-conditioned.
        g0 = round(max(g0, _MIN_GAIN), 12)
        if g0 in tangents[a]:
            return False
        tangents[a].add(g0)
        row = prog.row(prog.coef[a], {z[a]: -g0})
        lb = space.no_deal[a] - prog.base[a] + g0 * (1.0 - math.log(g0))
        prog.add_row(row, float(lb), np.inf)
        return True

    for a in range(n_actors):
        for g0 in np.geomspace(_MIN_GAIN, top[a], 10):
            add_tangent(a, float(g0))
    c = np.zeros(prog.n_vars)
    c[z] = -1.0
    best: NDArray[np.int64] | None = None
    best_log = -math.inf
    upper = math.inf
    iterations = 0
    while iterations < max_iter:
        iterations += 1
        res = prog.solve(c)
        if res.x is None:
            return ExactSolution("nash", None, None, 0.0, iterations)
        bound = getattr(res, "mip_dual_bound", None)
        upper = min(upper, -float(bound if bound is not None and np.isfinite(bound) else res.fun))
        choices = prog.choices(np.asarray(res.x))
        gains = _utilities(space, choices) - space.no_deal
        value = float(np.sum(np.log(np.clip(gains, 1e-300, None)))) if np.all(gains > 0) else -math.inf
        if value > best_log + 1e-12 or best is None:
            best, best_log = choices, value
        if best_log > -math.inf and upper - best_log <= tol:
            break
        added = [add_tangent(a, float(gains[a])) for a in range(n_actors)]
        if not any(added):
            break
    if best is None:  # pragma: no cover - the loop always runs at least once
        return ExactSolution("nash", None, None, 0.0, iterations)
    if best_log == -math.inf:
        gap = 1.0
    else:
        gap = max(0.0, 1.0 - math.exp(best_log - upper))
        if gap < 1e-9:
            gap = 0.0
            # tie-break on the utility sum among packages with the same Nash product
            level = -best_log + tol
            x = _lexicographic_sum(prog, c, level)
            if x is not None:
                alt = prog.choices(x)
                g_alt = _utilities(space, alt) - space.no_deal
                if np.all(g_alt > 0) and float(np.sum(np.log(g_alt))) >= best_log - 1e-9:
                    best = alt
    return ExactSolution("nash", best, _utilities(space, best), gap, iterations)


def solve_exact(space: DealSpace, name: SolutionName) -> ExactSolution:
    """Solve one bargaining solution over the whole deal space by integer programming.

    Args:
        space: The deal space (any size; nothing is enumerated).
        name: ``"nash"``, ``"ks"``, ``"egalitarian"`` or ``"utilitarian"``.

    Returns:
        The solution, with its proven optimality gap.
    """
    n_actors = len(space.actors)
    if name == "utilitarian":
        prog = Program.build(space)
        prog.add_acceptance()
        res = prog.solve(-prog.coef.sum(axis=0))
        if res.x is None:
            return ExactSolution(name, None, None, 0.0, 1)
        choices = prog.choices(np.asarray(res.x))
        return ExactSolution(name, choices, _utilities(space, choices), 0.0, 1)
    if name == "egalitarian":
        return _maxmin(space, np.ones(n_actors), name)
    if name == "ks":
        bests = best_for_each(space)
        if any(b is None for b in bests):
            return ExactSolution(name, None, None, 0.0, n_actors)
        utopia = np.array([_utilities(space, b)[a] for a, b in enumerate(bests) if b is not None])
        span = utopia - space.no_deal
        return _maxmin(space, np.where(span > 1e-12, span, 0.0), name)
    if name == "nash":
        return _nash(space)
    raise ValueError(f"unknown solution {name!r}")
