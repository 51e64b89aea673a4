"""Shared integer-programme scaffolding over a deal space (scipy.optimize.milp / HiGHS).

Variables start with one binary ``x[k, o]`` per option of every free issue; fixed issues
are constants. Callers append their own continuous or binary variables after those.

HiGHS can fail on a programme it would solve with other settings (an exception from
presolve, "Solve error"). :meth:`Program.solve` therefore retries a failed solve with
presolve off, then with every row scaled to a largest coefficient of one, and raises one
:class:`~accord.errors.ExactSearchError` only when all three fail.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import Bounds, LinearConstraint, OptimizeResult, milp

from accord.deals.space import DealSpace
from accord.errors import ExactSearchError

__all__ = ["Program", "option_layout"]

#: Solver settings tried in turn: (presolve, scale rows).
_ATTEMPTS: tuple[tuple[bool, bool], ...] = ((True, False), (False, False), (False, True))
#: Most unacceptable packages cut off before giving up on one programme.
_MAX_CUTS = 200


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

    def add_cut(self, choices: NDArray[np.int64]) -> None:
        """Exclude one package: ``sum_k x[k, choices[k]] <= free issues - 1`` (a no-good cut)."""
        row = np.zeros(self.n_x)
        for j, k in enumerate(self.space.free):
            row[self.offsets[j] + int(choices[k])] = 1.0
        self.add_row(row, -np.inf, float(len(self.space.free)) - 0.5)

    def truncate(self, n_rows: int) -> None:
        """Drop every row added after the first ``n_rows``."""
        del self.rows[n_rows:], self.row_lb[n_rows:], self.row_ub[n_rows:]

    def drop_duplicate_options(self) -> None:
        """Forbid an option whose utility column equals a lower allowed option's on the same issue.

        Packages that differ only by such options give every actor the same utility, and
        enumeration reports the one with the lowest package number, which uses the lowest
        option of each group. Only for searches that pick by utility (not ``closest``).
        """
        for j in range(len(self.space.free)):
            start = self.offsets[j]
            seen: list[NDArray[np.float64]] = []
            for o in range(self.space.radices[j]):
                if self.x_ub[start + o] == 0:
                    continue
                column = self.coef[:, start + o]
                if any(np.array_equal(column, c) for c in seen):
                    self.x_ub[start + o] = 0.0
                else:
                    seen.append(column)

    def solve(self, objective: NDArray[np.float64], time_limit: float | None = None) -> OptimizeResult:
        """Minimise ``objective @ v``; return scipy's result (``x`` is ``None`` when infeasible).

        Raises:
            ExactSearchError: When HiGHS fails with presolve on, with presolve off and with
                rescaled rows.
        """
        n = self.n_vars
        a = np.zeros((len(self.rows), n))
        for i, r in enumerate(self.rows):
            a[i, : r.size] = r
        c = np.zeros(n)
        c[: objective.size] = objective
        lb = np.concatenate([np.zeros(self.n_x), np.array(self.extra_lb)])
        ub = np.concatenate([self.x_ub, np.array(self.extra_ub)])
        integrality = np.concatenate([np.ones(self.n_x), np.array(self.extra_int)])
        row_lb = np.array(self.row_lb, dtype=np.float64)
        row_ub = np.array(self.row_ub, dtype=np.float64)
        failures: list[str] = []
        for presolve, scale in _ATTEMPTS:
            options: Any = {"mip_rel_gap": 1e-9, "disp": False, "presolve": presolve}
            if time_limit is not None:
                options["time_limit"] = time_limit
            a_s, lb_s, ub_s = a, row_lb, row_ub
            if scale and a.size:
                factor = np.abs(a).max(axis=1)
                factor[factor == 0] = 1.0
                a_s, lb_s, ub_s = a / factor[:, None], row_lb / factor, row_ub / factor
            cons = [LinearConstraint(a_s, lb_s, ub_s)] if self.rows else []
            try:
                result = milp(
                    c, integrality=integrality, bounds=Bounds(lb, ub), constraints=cons, options=options
                )
            except Exception as exc:  # HiGHS raises from C++ (ValueError: vector::reserve, ...)
                failures.append(f"{type(exc).__name__}: {exc}")
                continue
            if result.status in (0, 2) or (result.status == 1 and result.x is not None):
                return result
            failures.append(str(result.message))
        raise ExactSearchError(
            "the integer programme could not be solved (HiGHS failed with presolve on, with presolve off "
            f"and with rescaled rows: {'; '.join(dict.fromkeys(failures))}); "
            "use --method enumerate if the space is small enough"
        )

    def solve_acceptable(self, objective: NDArray[np.float64]) -> tuple[float, NDArray[np.int64]] | None:
        """Solve, re-check the package at accord's tolerance (1e-9), and cut it off and re-solve if it fails.

        HiGHS's feasibility tolerance (about 1e-7) can accept a package whose utility falls
        short of an actor's no-deal value by less than that; a no-good cut removes exactly
        that package, so the optimum over the acceptable packages is unchanged.

        Returns:
            The solver's objective value and the package, or ``None`` when nothing is feasible.

        Raises:
            ExactSearchError: When the solver keeps returning unacceptable packages.
        """
        for _ in range(_MAX_CUTS):
            res = self.solve(objective)
            if res.x is None:
                return None
            choices = self.choices(np.asarray(res.x))
            if self.space.acceptable(choices).all():
                return float(res.fun), choices
            self.add_cut(choices)
        raise ExactSearchError(
            f"the integer programme returned {_MAX_CUTS} packages that are not acceptable at accord's "
            "tolerance (1e-9); use --method enumerate if the space is small enough"
        )

    def choices(self, x: NDArray[np.float64]) -> NDArray[np.int64]:
        """Decode a solution vector into option indices per issue."""
        out = self.space.fixed_choices()
        for j, k in enumerate(self.space.free):
            block = x[self.offsets[j] : self.offsets[j] + self.space.radices[j]]
            out[k] = int(np.argmax(block))
        return out
