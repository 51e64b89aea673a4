"""Exact solutions by integer programming, for deal spaces too large to enumerate.

* utilitarian: maximise the sum of utilities;
* egalitarian: a depth-first branch and bound over the issues with Lagrangian bounds
  (:mod:`accord.deals.maxmin`); if it exceeds its node budget, maximise ``t`` with
  ``t <= gain_a`` for every actor as an integer programme;
* Kalai-Smorodinsky: first each actor's best acceptable utility (one programme per actor),
  then maximise ``t`` with ``t <= gain_a / (best_a - no_deal_a)``;
* Nash: maximise ``sum_a z_a`` where each ``z_a`` lies below tangents of ``log`` at a set of
  breakpoints. Tangents over-estimate the concave ``log``, so the programme's bound is a
  proven upper bound on the log Nash product; the best package found gives a lower bound.
  Tangents at each new solution's gains are added until the two meet (outer approximation).
  The packages tied with the best within the tolerance are then collected by a branch and
  bound with a tangent bound at the best package's gains (:mod:`accord.deals.nashties`), or,
  if it gives up, by the integer programme with no-good cuts.

Every programme keeps the red-line and acceptance constraints, and every package the solver
returns is re-checked at accord's tolerance (1e-9): HiGHS's own feasibility tolerance (about
1e-7) can let a package through that an actor does not accept; such a package is cut off and
the programme solved again. Ties are broken as enumeration breaks them: the packages within
the solver's tolerance of the optimum are collected (largest utility sum first) and ranked by
enumeration's own rule. See docs/deals.md.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
from numpy.typing import NDArray

from accord.deals.maxmin import egalitarian_by_bounds
from accord.deals.milp import Program
from accord.deals.nashties import nash_ties_by_bounds
from accord.deals.solutions import SolutionName, solve
from accord.deals.space import DealSpace

__all__ = ["ExactSolution", "best_for_each", "solve_exact"]

#: Slack on optimal levels: HiGHS's feasibility tolerance is about 1e-7.
_TOL = 1e-7
#: Smallest breakpoint of the initial tangents.
_MIN_GAIN = 1e-4
#: Smallest breakpoint at all (tangents at the gains of packages found).
_MIN_TANGENT = 1e-10
#: Largest space enumerated when the Nash optimum rests on a gain below any tangent.
_ENUMERATE_NOISE = 2_000_000
#: Most candidates collected when breaking a tie.
_MAX_TIES = 64
_ROUND = 12

Choices = NDArray[np.int64]


@dataclass(frozen=True)
class ExactSolution:
    """A solution found by integer programming.

    Attributes:
        name: Solution concept.
        choices: Option index per issue, or ``None`` when no package is acceptable.
        utilities: Each actor's utility (``None`` when infeasible).
        gap: Proven relative optimality gap (0 when solved to optimality, including when
            the optimal Nash product is 0).
        iterations: Programmes solved (0 when the branch and bound settled it).
    """

    name: SolutionName
    choices: Choices | None
    utilities: NDArray[np.float64] | None
    gap: float
    iterations: int


def _ranked(space: DealSpace, pool: list[Choices]) -> tuple[list[Choices], NDArray[np.float64]]:
    """Distinct packages in package-number order, with their utilities ``(n, actors)``."""
    unique = sorted({tuple(int(v) for v in c): c for c in pool}.items())
    ordered = [c for _, c in unique]
    return ordered, np.stack([space.utilities(c) for c in ordered])


def _pick(
    name: SolutionName, space: DealSpace, pool: list[Choices], span: NDArray[np.float64] | None = None
) -> Choices:
    """Apply enumeration's rule (score, then utility sum, then lowest package number) to ``pool``."""
    ordered, u = _ranked(space, pool)
    if name == "ks":
        assert span is not None
        g = u - space.no_deal[None, :]
        ratio = np.where(span > 1e-12, g / np.where(span > 1e-12, span, 1.0), 1.0)
        order = np.lexsort(
            (np.arange(len(ordered)), -np.round(u.sum(axis=1), _ROUND), -np.round(ratio.min(axis=1), _ROUND))
        )
        return ordered[int(order[0])]
    row = solve(name, u, space.no_deal)
    assert row is not None
    return ordered[row]


def _tie_candidates(
    prog: Program,
    first: Choices,
    levels: list[tuple[NDArray[np.float64], float]],
    key: Callable[[list[Choices]], Choices],
    admit: Callable[[Choices], bool] | None = None,
) -> Choices:
    """Among packages meeting ``levels`` (the optimum less the tolerance), return the one ``key`` ranks first.

    Candidates are found in decreasing order of utility sum by re-solving with a no-good cut
    on each one found; after the first, only packages with the best candidate's sum (within
    tolerance) are sought. Scores that differ by less than the solver's tolerance are ranked
    among the candidates found.
    ``admit`` rejects candidates the relaxation let through (and tightens it); the
    programme is restored afterwards.
    """
    mark = len(prog.rows)
    for row, lb in levels:
        prog.add_row(row, lb, np.inf)
    total = prog.coef.sum(axis=0)
    pool = [first]
    prog.add_cut(first)
    sum_row: int | None = None
    for _ in range(_MAX_TIES):
        found = prog.solve_acceptable(-total)
        if found is None:
            break
        q = found[1]
        if admit is not None and not admit(q):
            continue
        pool.append(q)
        prog.add_cut(q)
        # The best so far (never worse than ``first``, the solver's optimum): only a package
        # with the same sum can still beat it, on the package number.
        lb = float(prog.space.utilities(key(pool)).sum() - prog.base.sum() - _TOL)
        if sum_row is None:
            prog.add_row(prog.row(total), lb, np.inf)
            sum_row = len(prog.rows) - 1
        else:
            prog.row_lb[sum_row] = lb
    prog.truncate(mark)
    return key(pool)


def _start(space: DealSpace) -> Program:
    prog = Program.build(space)
    prog.add_acceptance()
    prog.drop_duplicate_options()
    return prog


def best_for_each(space: DealSpace) -> list[Choices | None]:
    """For each actor, the acceptable package it likes best (``None`` if nothing is acceptable).

    Ties go to the larger utility sum, then to the lowest package number, as in enumeration.
    """
    out: list[Choices | None] = []
    for a in range(len(space.actors)):
        prog = _start(space)
        found = prog.solve_acceptable(-prog.coef[a])
        if found is None:
            out.append(None)
            continue

        def key(pool: list[Choices], a: int = a) -> Choices:
            ordered, u = _ranked(space, pool)
            order = np.lexsort((np.arange(len(ordered)), -np.round(u.sum(axis=1), _ROUND), -u[:, a]))
            return ordered[int(order[0])]

        level = float(-found[0] - _TOL)
        out.append(_tie_candidates(prog, found[1], [(prog.row(prog.coef[a]), level)], key))
    return out


def _maxmin(space: DealSpace, scale: NDArray[np.float64], name: SolutionName) -> ExactSolution:
    prog = _start(space)
    t = prog.add_var(-1.0, 2.0)
    for a in range(len(space.actors)):
        if scale[a] <= 0:
            continue
        # t <= (base + coef x - d) / scale  <=>  coef x / scale - t >= (d - base) / scale
        row = prog.row(prog.coef[a] / scale[a], {t: -1.0})
        prog.add_row(row, float((space.no_deal[a] - prog.base[a]) / scale[a]), np.inf)
    c = np.zeros(prog.n_vars)
    c[t] = -1.0
    found = prog.solve_acceptable(c)
    if found is None:
        return ExactSolution(name, None, None, 0.0, 1)
    span = scale if name == "ks" else None
    choices = _tie_candidates(
        prog,
        found[1],
        [(prog.row(None, {t: 1.0}), -found[0] - _TOL)],
        lambda pool: _pick(name, space, pool, span),
    )
    return ExactSolution(name, choices, space.utilities(choices), 0.0, 2)


def _egalitarian(space: DealSpace) -> ExactSolution:
    """The egalitarian package: branch and bound, or the integer programme if it gives up."""
    found = egalitarian_by_bounds(space)
    if not found.complete:
        return _maxmin(space, np.ones(len(space.actors)), "egalitarian")
    if not found.pool:
        return ExactSolution("egalitarian", None, None, 0.0, 0)
    choices = _pick("egalitarian", space, found.pool)
    return ExactSolution("egalitarian", choices, space.utilities(choices), 0.0, 0)


def _log_product(space: DealSpace, choices: Choices) -> float:
    gains = space.utilities(choices) - space.no_deal
    return float(np.sum(np.log(gains))) if np.all(gains > 0) else -math.inf


def _nash(space: DealSpace, max_iter: int = 40, tol: float = 1e-8) -> ExactSolution:
    n_actors = len(space.actors)
    prog = _start(space)
    z = [prog.add_var(-60.0, 1.0) for _ in range(n_actors)]
    top = np.maximum(1.0 - space.no_deal, 1e-3)

    tangents: list[set[float]] = [set() for _ in range(n_actors)]

    def add_tangent(a: int, g0: float) -> bool:
        # z_a <= log(g0) + (gain_a - g0) / g0 with gain_a = base + coef x - d. For breakpoints
        # of order one, multiplied through by g0 to keep coefficients of order one:
        #   coef x - g0 z_a >= d - base + g0 (1 - log g0)
        # For tiny gains (a package that clears a no-deal value by 1e-8) that form would hide
        # errors in z_a of 1e-7 / g0 within HiGHS's tolerance, so the row stays divided by g0:
        #   coef x / g0 - z_a >= (d - base) / g0 + 1 - log g0
        g0 = round(max(g0, _MIN_TANGENT), 14)
        if g0 in tangents[a]:
            return False
        tangents[a].add(g0)
        if g0 >= _MIN_GAIN:
            row = prog.row(prog.coef[a], {z[a]: -g0})
            lb = space.no_deal[a] - prog.base[a] + g0 * (1.0 - math.log(g0))
        else:
            row = prog.row(prog.coef[a] / g0, {z[a]: -1.0})
            lb = (space.no_deal[a] - prog.base[a]) / g0 + 1.0 - math.log(g0)
        prog.add_row(row, float(lb), np.inf)
        return True

    def add_tangents(choices: Choices) -> bool:
        gains = space.utilities(choices) - space.no_deal
        return any([add_tangent(a, float(gains[a])) for a in range(n_actors)])

    for a in range(n_actors):
        for g0 in np.geomspace(_MIN_GAIN, top[a], 10):
            add_tangent(a, float(g0))
    c = np.zeros(prog.n_vars)
    c[z] = -1.0
    best: Choices | None = None
    best_log = -math.inf
    upper = math.inf
    iterations = 0
    checked_zero = False
    while iterations < max_iter:
        iterations += 1
        found = prog.solve_acceptable(c)
        if found is None:
            return ExactSolution("nash", None, None, 0.0, iterations)
        upper = min(upper, -found[0])
        choices = found[1]
        value = _log_product(space, choices)
        if best is None or value > best_log + 1e-12:
            best, best_log = choices, value
        if best_log > -math.inf and upper - best_log <= tol:
            break
        if not add_tangents(choices):
            if best_log > -math.inf or checked_zero:
                break
            # No package found with every gain positive: the most even package decides
            # whether the Nash product can be positive at all.
            checked_zero = True
            ega = _egalitarian(space)
            if ega.choices is None or _log_product(space, ega.choices) == -math.inf:
                return _zero_product(space, iterations)
            best, best_log = ega.choices, _log_product(space, ega.choices)
            add_tangents(ega.choices)
    assert best is not None
    if best_log == -math.inf:
        return _zero_product(space, iterations)
    gap = max(0.0, 1.0 - math.exp(best_log - upper))
    gains = space.utilities(best) - space.no_deal
    if gap >= _TOL and float(gains.min()) < _MIN_TANGENT and space.size <= _ENUMERATE_NOISE:
        # The best package's product rests on a gain below any tangent (float noise such as
        # 1e-16 over a no-deal value): no tangent row can bound it. A small space is settled
        # by enumeration, which is exact; a large one keeps the honest gap.
        from accord.deals.analysis import analyse_deals  # analysis imports this module

        report = analyse_deals(space, method="enumerate", top=0, solutions=("nash",)).solutions["nash"]
        if report is not None:
            settled = np.asarray(space.choices_of(report.options), dtype=np.int64)
            return ExactSolution("nash", settled, space.utilities(settled), 0.0, iterations)
    if gap < _TOL:  # within the solver's tolerance; the candidates below settle the optimum
        gap = 0.0

        def admit(q: Choices) -> bool:
            if _log_product(space, q) >= best_log - _TOL:
                return True
            if not add_tangents(q):
                prog.add_cut(q)
            return False

        ties = nash_ties_by_bounds(space, best, best_log - _TOL)
        if ties.complete and ties.pool:
            best = _pick("nash", space, ties.pool)
        else:
            best = _tie_candidates(
                prog, best, [(prog.row(None, {v: 1.0 for v in z}), best_log - _TOL)], _nash_key(space), admit
            )
    return ExactSolution("nash", best, space.utilities(best), gap, iterations)


def _nash_key(space: DealSpace) -> Callable[[list[Choices]], Choices]:
    return lambda pool: _pick("nash", space, pool)


def _zero_product(space: DealSpace, iterations: int) -> ExactSolution:
    """Every acceptable package has a Nash product of 0: enumeration then takes the largest utility sum."""
    prog = _start(space)
    total = prog.coef.sum(axis=0)
    found = prog.solve_acceptable(-total)
    if found is None:  # pragma: no cover - the caller found an acceptable package
        return ExactSolution("nash", None, None, 0.0, iterations)
    level = float(-found[0] - _TOL)
    best = _tie_candidates(prog, found[1], [(prog.row(total), level)], _nash_key(space))
    return ExactSolution("nash", best, space.utilities(best), 0.0, iterations + 1)


def solve_exact(space: DealSpace, name: SolutionName) -> ExactSolution:
    """Solve one bargaining solution over the whole deal space by integer programming.

    Args:
        space: The deal space (any size; nothing is enumerated).
        name: ``"nash"``, ``"ks"``, ``"egalitarian"`` or ``"utilitarian"``.

    Returns:
        The solution, with its proven optimality gap. The package is acceptable to every
        actor at accord's tolerance, and ties are broken as enumeration breaks them.

    Raises:
        ExactSearchError: When HiGHS fails on a programme even with safer settings.
        ValueError: For an unknown solution name.
    """
    n_actors = len(space.actors)
    if name == "utilitarian":
        prog = _start(space)
        total = prog.coef.sum(axis=0)
        found = prog.solve_acceptable(-total)
        if found is None:
            return ExactSolution(name, None, None, 0.0, 1)
        choices = _tie_candidates(
            prog, found[1], [(prog.row(total), float(-found[0] - _TOL))], lambda p: _pick(name, space, p)
        )
        return ExactSolution(name, choices, space.utilities(choices), 0.0, 1)
    if name == "egalitarian":
        return _egalitarian(space)
    if name == "ks":
        bests = best_for_each(space)
        if any(b is None for b in bests):
            return ExactSolution(name, None, None, 0.0, n_actors)
        utopia = np.array([space.utilities(b)[a] for a, b in enumerate(bests) if b is not None])
        span = utopia - space.no_deal
        return _maxmin(space, np.where(span > 1e-12, span, 0.0), name)
    if name == "nash":
        return _nash(space)
    raise ValueError(f"unknown solution {name!r}")
