"""The exact search of accord before issue 16 (exact.py and milp.py as of 1260ddc), kept only as the
speed baseline of bench_exact.py. Not used by accord."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from accord.deals.solutions import SolutionName
from accord.deals.space import DealSpace
from accord.errors import AnalysisError


def option_layout(space: DealSpace) -> tuple[list[int], int]:
    """Return the offset of each free issue's block of ``x`` variables and their total."""
    offsets: list[int] = []
    n = 0
    for r in space.radices:
        offsets.append(n)
        n += r
    return offsets, n


@dataclass
class Program:
    """A MILP under construction: ``x`` variables plus extras, rows of linear constraints.

    Attributes:
        space: The deal space.
        n_x: Number of option variables.
        offsets: Start of each free issue's block.
        base: ``(actors,)`` utility contributed by fixed issues.
        coef: ``(actors, n_x)`` utility coefficients of the option variables.
    """

    space: DealSpace
    n_x: int
    offsets: list[int]
    base: NDArray[np.float64]
    coef: NDArray[np.float64]
    extra_lb: list[float]
    extra_ub: list[float]
    extra_int: list[int]
    rows: list[NDArray[np.float64]]
    row_lb: list[float]
    row_ub: list[float]
    x_ub: NDArray[np.float64]

    @classmethod
    def build(cls, space: DealSpace, *, red_lines: bool = True) -> Program:
        """Start a programme with one-option-per-issue rows and, optionally, red lines as bounds."""
        offsets, n_x = option_layout(space)
        fixed_choices = space.fixed_choices()
        base = np.zeros(len(space.actors))
        free = set(space.free)
        for k in range(len(space.issues)):
            if k not in free:
                base += space.weights[k][:, int(fixed_choices[k])]
        coef = np.zeros((len(space.actors), n_x))
        x_ub = np.ones(n_x)
        for j, k in enumerate(space.free):
            block = slice(offsets[j], offsets[j] + space.radices[j])
            coef[:, block] = space.weights[k]
            if red_lines:
                x_ub[block] = np.where(space.red[k].any(axis=0), 0.0, 1.0)
        prog = cls(space, n_x, offsets, base, coef, [], [], [], [], [], [], x_ub)
        for j in range(len(space.free)):
            row = np.zeros(n_x)
            row[offsets[j] : offsets[j] + space.radices[j]] = 1.0
            prog.rows.append(row)
            prog.row_lb.append(1.0)
            prog.row_ub.append(1.0)
        return prog

    def fixed_red(self) -> list[tuple[str, str, str]]:
        """Red lines crossed by the fixed issues: ``(actor, issue, option)``."""
        out: list[tuple[str, str, str]] = []
        choice = self.space.fixed_choices()
        for k, issue in enumerate(self.space.case.issues):
            if k in self.space.free:
                continue
            for a, actor in enumerate(self.space.actors):
                if self.space.red[k][a, int(choice[k])]:
                    out.append((actor, issue.id, issue.options[int(choice[k])].id))
        return out

    def add_var(self, lb: float, ub: float, integer: bool = False) -> int:
        """Append a variable and return its column."""
        self.extra_lb.append(lb)
        self.extra_ub.append(ub)
        self.extra_int.append(1 if integer else 0)
        return self.n_x + len(self.extra_lb) - 1

    @property
    def n_vars(self) -> int:
        """Number of variables."""
        return self.n_x + len(self.extra_lb)

    def row(
        self, x_coef: NDArray[np.float64] | None = None, extra: dict[int, float] | None = None
    ) -> NDArray[np.float64]:
        """Return a constraint row over all variables (extras may be added later; rows are padded)."""
        r = np.zeros(self.n_vars)
        if x_coef is not None:
            r[: self.n_x] = x_coef
        for col, v in (extra or {}).items():
            r[col] = v
        return r

    def add_row(self, row: NDArray[np.float64], lb: float, ub: float) -> None:
        """Add ``lb <= row @ v <= ub``."""
        self.rows.append(row)
        self.row_lb.append(lb)
        self.row_ub.append(ub)

    def add_acceptance(self, tol: float = 1e-9) -> None:
        """Require every actor's utility to reach its no-deal utility."""
        for a in range(len(self.space.actors)):
            self.add_row(self.row(self.coef[a]), float(self.space.no_deal[a] - self.base[a] - tol), np.inf)

    def solve(self, objective: NDArray[np.float64], time_limit: float | None = None) -> OptimizeResult:
        """Minimise ``objective @ v``; return scipy's result."""
        n = self.n_vars
        a = np.zeros((len(self.rows), n))
        for i, r in enumerate(self.rows):
            a[i, : r.size] = r
        c = np.zeros(n)
        c[: objective.size] = objective
        lb = np.concatenate([np.zeros(self.n_x), np.array(self.extra_lb)])
        ub = np.concatenate([self.x_ub, np.array(self.extra_ub)])
        integrality = np.concatenate([np.ones(self.n_x), np.array(self.extra_int)])
        options: Any = {"mip_rel_gap": 1e-9, "disp": False}
        if time_limit is not None:
            options["time_limit"] = time_limit
        cons = [LinearConstraint(a, np.array(self.row_lb), np.array(self.row_ub))] if self.rows else []
        result = milp(c, integrality=integrality, bounds=Bounds(lb, ub), constraints=cons, options=options)
        if result.status not in (0, 1, 2):
            raise AnalysisError(f"the integer programme failed: {result.message}")
        return result

    def choices(self, x: NDArray[np.float64]) -> NDArray[np.int64]:
        """Decode a solution vector into option indices per issue."""
        out = self.space.fixed_choices()
        for j, k in enumerate(self.space.free):
            block = x[self.offsets[j] : self.offsets[j] + self.space.radices[j]]
            out[k] = int(np.argmax(block))
        return out


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
