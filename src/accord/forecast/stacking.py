"""``learned-stack``: a median-regression (L1) stack of what DEU records, chosen by inner CV.

The backtests score the mean absolute error, and the prediction that minimises expected
absolute error is the conditional *median* of the outcome, not its mean. This model predicts
it with a least-absolute-deviations (median) regression over base forecasts that use only
what DEU records about an issue:

* ``weighted-mean``: the GDP x salience weighted mean of every position (the baseline);
* ``weighted-median``: the GDP x salience weighted median (the median voter);
* ``reference``: the reference point ``rp``, the policy if no law is adopted;
* ``commission``: the Commission's position (the agenda setter's proposal);
* ``parliament``: the Parliament's position.

A missing base (no ``rp``, no Commission or Parliament position) takes the weighted mean's
value. The weights are non-negative and sum to 1, so a forecast is a convex combination of
the bases (it stays on the scale, and the constraint is the only regularisation). They are
fitted by linear programming (Koenker & Bassett 1978, *Regression quantiles*, the median case),
and the structure is chosen by an inner cross-validation by proposal on the training issues
only, among

* ``baseline``: the weighted mean alone (nothing learned);
* ``pooled``: one set of weights for every issue;
* ``procedure``: one set per legislative procedure (co-decision, consultation), since the
  Parliament's and the Commission's roles differ between them (Tsebelis & Garrett 2000).

Inside an outer cross-validation this is a nested cross-validation. The inner out-of-fold
errors of the chosen structure are kept (``oof_errors``) to calibrate prediction intervals.
The model does not transfer to a case: a case has no reference point, Commission or Parliament.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal, Self

import numpy as np
from numpy.typing import NDArray
from scipy.optimize import linprog

from accord.errors import AnalysisError
from accord.forecast.base import Forecast, IssueData
from accord.forecast.select import inner_folds
from accord.forecast.weighted import weighted_mean, weighted_median

__all__ = [
    "STACK_BASES",
    "STRUCTURES",
    "LearnedStackModel",
    "Structure",
    "base_forecasts",
    "l1_convex_weights",
]

STACK_BASES = ("weighted-mean", "weighted-median", "reference", "commission", "parliament")
"""The base forecasts the stack combines, in column order of :func:`base_forecasts`."""

Structure = Literal["baseline", "pooled", "procedure"]
STRUCTURES: tuple[Structure, ...] = ("baseline", "pooled", "procedure")
"""Candidate structures, simplest first (a tie in the inner CV goes to the simpler)."""

_COMMISSION, _PARLIAMENT = "com", "ep"


def base_forecasts(issue: IssueData) -> NDArray[np.float64]:
    """The :data:`STACK_BASES` forecasts of one issue (a missing one is the weighted mean)."""
    x = issue.positions
    gdp = issue.context.gdp
    w = np.asarray(gdp, dtype=np.float64) * issue.saliences if gdp else issue.weights
    mean = weighted_mean(x, w)
    ref = issue.context.reference
    com = float(x[issue.actors.index(_COMMISSION)]) if _COMMISSION in issue.actors else mean
    ep = float(x[issue.actors.index(_PARLIAMENT)]) if _PARLIAMENT in issue.actors else mean
    return np.asarray([mean, weighted_median(x, w), mean if ref is None else float(ref), com, ep])


def l1_convex_weights(features: NDArray[np.float64], y: NDArray[np.float64]) -> NDArray[np.float64]:
    """Weights ``b >= 0`` with ``sum(b) = 1`` minimising ``sum |y - features @ b|`` (an LP).

    Raises:
        AnalysisError: No row, or the solver fails.
    """
    n, m = features.shape
    if n == 0:
        raise AnalysisError("a median regression needs at least one issue")
    # variables: b (m), then u (n) and v (n), the positive and negative residuals
    cost = np.concatenate([np.zeros(m), np.ones(2 * n)])
    a_eq = np.zeros((n + 1, m + 2 * n))
    a_eq[:n, :m] = features
    a_eq[:n, m : m + n] = np.eye(n)
    a_eq[:n, m + n :] = -np.eye(n)
    a_eq[n, :m] = 1.0
    b_eq = np.concatenate([y, [1.0]])
    res = linprog(cost, A_eq=a_eq, b_eq=b_eq, bounds=(0, None), method="highs")
    if res.status != 0:  # pragma: no cover - the LP is always feasible and bounded
        raise AnalysisError(f"median regression failed: {res.message}")
    solution = np.asarray(res.x, dtype=np.float64)
    b = np.clip(solution[:m], 0.0, None)
    return np.asarray(b / b.sum(), dtype=np.float64)


def _cell(issue: IssueData) -> int:
    """0 for co-decision (or unknown), 1 for consultation."""
    return int(issue.context.procedure == "consultation")


_BASELINE = np.eye(len(STACK_BASES))[0]


def _fit_structure(
    structure: Structure, features: NDArray[np.float64], y: NDArray[np.float64], cells: NDArray[np.int64]
) -> tuple[NDArray[np.float64], NDArray[np.float64]]:
    """Weights for co-decision and for consultation issues under one structure."""
    if structure == "baseline" or y.size == 0:
        return _BASELINE, _BASELINE
    pooled = l1_convex_weights(features, y)
    if structure == "pooled":
        return pooled, pooled
    return tuple(  # type: ignore[return-value]
        l1_convex_weights(features[cells == c], y[cells == c]) if np.any(cells == c) else pooled
        for c in (0, 1)
    )


@dataclass(frozen=True)
class LearnedStackModel:
    """A convex median-regression stack of DEU's base forecasts, its structure chosen by inner CV.

    Attributes:
        name: The model's name.
        inner: Inner folds (by proposal), fewer when there are fewer proposals.
        structure: The chosen structure (``baseline`` until fitted).
        weights: Per procedure (co-decision, consultation), the weight of each base.
        inner_mae: Inner-CV MAE of every structure, as ``(structure, mae)``.
        oof_errors: Inner out-of-fold errors (predicted - outcome) of the chosen structure.
        fitted: Whether :meth:`fit` produced this model.
    """

    name: str = "learned-stack"
    inner: int = 5
    structure: Structure = "baseline"
    weights: tuple[tuple[float, ...], tuple[float, ...]] = (tuple(_BASELINE), tuple(_BASELINE))
    inner_mae: tuple[tuple[Structure, float], ...] = ()
    oof_errors: tuple[float, ...] = ()
    fitted: bool = False

    def predict(self, issue: IssueData) -> Forecast:
        """Return the weighted combination of the issue's base forecasts (the weighted mean unfitted)."""
        b = np.asarray(self.weights[_cell(issue)])
        return Forecast(self.name, float(base_forecasts(issue) @ b), notes={"structure": self.structure})

    def fit(self, issues: Sequence[IssueData], outcomes: Sequence[float]) -> Self:
        """Choose the structure by inner CV on these issues and fit its weights on all of them.

        Raises:
            AnalysisError: No issue, a count mismatch, or fewer than two proposals.
        """
        if len(issues) != len(outcomes) or not issues:
            raise AnalysisError(
                f"model {self.name!r} needs issues with outcomes ({len(issues)}, {len(outcomes)})"
            )
        y = np.asarray(outcomes, dtype=np.float64)
        k = min(self.inner, len({i.context.group or i.key for i in issues}))
        if k < 2:
            raise AnalysisError(f"model {self.name!r} needs issues of at least two proposals to choose")
        features = np.asarray([base_forecasts(i) for i in issues])
        cells = np.asarray([_cell(i) for i in issues], dtype=np.int64)
        folds = inner_folds(issues, k)
        scores: list[tuple[Structure, float]] = []
        errors: dict[Structure, NDArray[np.float64]] = {}
        for structure in STRUCTURES:
            pred = np.empty(y.size)
            for f in range(k):
                train, test = folds != f, folds == f
                w = _fit_structure(structure, features[train], y[train], cells[train])
                pred[test] = np.where(cells[test] == 0, features[test] @ w[0], features[test] @ w[1])
            errors[structure] = pred - y
            scores.append((structure, float(np.abs(pred - y).mean())))
        best = min(scores, key=lambda t: (round(t[1], 9), STRUCTURES.index(t[0])))[0]
        w0, w1 = _fit_structure(best, features, y, cells)
        return dataclasses.replace(
            self,
            structure=best,
            weights=(tuple(float(v) for v in w0), tuple(float(v) for v in w1)),
            inner_mae=tuple(scores),
            oof_errors=tuple(float(e) for e in errors[best]),
            fitted=True,
        )
