"""Backtests: how far each model's predictions fall from the outcomes of real decisions.

The score is the mean absolute error (MAE) over the issues with a known outcome. A model with
nothing to learn is scored on every issue directly. A learned model (a
:class:`~accord.forecast.base.FittableModel`) is never scored on an issue it was fitted on:

* cross-validation: the proposals are shuffled with a seeded generator and dealt into ``k``
  folds, so all issues of one proposal fall in the same fold (issues of one law are not
  independent). Each fold is predicted by the model fitted on the other folds; the MAE is
  over these out-of-fold predictions.
* a training set: the model is fitted on every issue of another file and scored on all of
  the target, so it can be tested on data it never saw.
"""

from __future__ import annotations

import dataclasses
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np
from numpy.typing import NDArray

from accord.errors import AnalysisError
from accord.forecast.base import FittableModel, ForecastModel
from accord.forecast.deu import DeuDataset, DeuIssue
from accord.forecast.intervals import LEVELS, Interval, IntervalMethod, conformal_halfwidth, interval, spread
from accord.forecast.scoring import Estimate, cluster_bootstrap
from accord.forecast.select import inner_folds

BASELINE = "weighted-mean"
"""The model every backtest compares the others with (see ``accord.forecast.registry``)."""

__all__ = [
    "BASELINE",
    "BacktestResult",
    "IntervalScore",
    "ModelResult",
    "Prediction",
    "ProgressFn",
    "Validation",
    "backtest",
    "evaluate",
    "grouped_folds",
]

ProgressFn = Callable[[int, int], None]
"""Called as ``progress(done, total)`` with issues predicted so far."""

Validation = Literal["direct", "cross-validation", "train-set"]
"""How a model's error was measured: directly (nothing learned), out of fold, or on a new file."""


@dataclass(frozen=True)
class Prediction:
    """One issue's prediction.

    Attributes:
        issue: The issue id.
        proposal: The proposal the issue belongs to.
        predicted: The model's prediction.
        outcome: The actual outcome, or ``None`` when unknown (not scored).
        intervals: The prediction intervals (80% and 95%), calibrated on issues of other
            proposals (empty when none were computed).
    """

    issue: str
    proposal: str
    predicted: float
    outcome: float | None
    intervals: tuple[Interval, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"issue", "predicted", "outcome"}`` and, when present, ``"intervals"``."""
        out: dict[str, Any] = {
            "issue": self.issue,
            "predicted": round(self.predicted, 6),
            "outcome": self.outcome,
        }
        if self.intervals:
            out["intervals"] = {_pct(i.level): [round(i.low, 6), round(i.high, 6)] for i in self.intervals}
        return out


def _pct(level: float) -> str:
    return f"{100 * level:g}"


@dataclass(frozen=True)
class IntervalScore:
    """How the intervals at one level did on the scored issues.

    Attributes:
        level: Nominal coverage.
        coverage: Share of scored issues whose outcome the interval contains.
        width: Mean width of the intervals.
    """

    level: float
    coverage: float
    width: float

    def to_dict(self) -> dict[str, float]:
        """Return ``{"level", "coverage", "width"}``."""
        return {"level": self.level, "coverage": round(self.coverage, 6), "width": round(self.width, 6)}


@dataclass(frozen=True)
class ModelResult:
    """One model's error on a dataset.

    Attributes:
        model: The model's name.
        issues: Number of issues scored (those with an outcome).
        mae: Mean absolute error over those issues.
        predictions: Every issue's prediction, in dataset order (unscored ones included).
        validation: How the error was measured.
        folds: Number of cross-validation folds, if cross-validated.
        seed: Seed of the fold assignment, if cross-validated.
        train: The training file, if fitted on one.
        mae_ci: The MAE with its cluster-bootstrap interval (by proposal).
        baseline: The baseline model the difference is measured against.
        versus_baseline: This model's MAE minus the baseline's, on the same issues, with its
            paired bootstrap interval (negative: better than the baseline).
        interval_scores: Coverage and mean width of the intervals, per level.
        interval_method: How the intervals were scaled (``absolute`` or ``scaled``).
    """

    model: str
    issues: int
    mae: float
    predictions: tuple[Prediction, ...]
    validation: Validation
    folds: int | None = None
    seed: int | None = None
    train: str | None = None
    mae_ci: Estimate | None = None
    baseline: str | None = None
    versus_baseline: Estimate | None = None
    interval_scores: tuple[IntervalScore, ...] = ()
    interval_method: str = "absolute"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: model, issues, mae, validation, scores, predictions."""
        validation: dict[str, Any] = {"method": self.validation}
        if self.folds is not None:
            validation |= {"folds": self.folds, "seed": self.seed, "groups": "proposal"}
        if self.train is not None:
            validation["train"] = self.train
        out: dict[str, Any] = {
            "model": self.model,
            "issues": self.issues,
            "mae": round(self.mae, 6),
            "validation": validation,
        }
        if self.mae_ci is not None:
            out["mae_interval"] = self.mae_ci.to_dict()
        if self.versus_baseline is not None:
            out["versus_baseline"] = {"baseline": self.baseline, **self.versus_baseline.to_dict()}
        if self.interval_scores:
            out["intervals"] = {
                "method": self.interval_method,
                "levels": [s.to_dict() for s in self.interval_scores],
            }
        out["predictions"] = [p.to_dict() for p in self.predictions]
        return out


@dataclass(frozen=True)
class BacktestResult:
    """Every model's error on one dataset.

    Attributes:
        dataset: The file scored.
        results: One result per model, in the order asked.
        baseline: The baseline every ``versus_baseline`` is measured against.
    """

    dataset: str
    results: tuple[ModelResult, ...]
    baseline: str = BASELINE

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"results": [...]}``, one entry per model."""
        return {"results": [r.to_dict() for r in self.results]}


def grouped_folds(groups: Sequence[str], k: int, seed: int) -> tuple[int, ...]:
    """Deal groups into ``k`` folds at random; every member of a group gets its group's fold.

    The distinct groups are sorted, shuffled with ``numpy.random.default_rng(seed)`` and dealt
    round-robin, so fold sizes (in groups) differ by at most one and the assignment does not
    depend on the order of ``groups``.

    Args:
        groups: The group (proposal) of each item.
        k: Number of folds, at least 2 and at most the number of groups.
        seed: Seed of the shuffle.

    Returns:
        The fold (0 to ``k - 1``) of each item.

    Raises:
        AnalysisError: ``k`` below 2 or above the number of groups.
    """
    distinct = sorted(set(groups))
    if k < 2 or k > len(distinct):
        raise AnalysisError(f"folds must be between 2 and the number of proposals ({len(distinct)}); got {k}")
    order = np.random.default_rng(seed).permutation(len(distinct))
    fold_of = {distinct[int(j)]: n % k for n, j in enumerate(order)}
    return tuple(fold_of[g] for g in groups)


def _mae(predictions: Sequence[Prediction], where: str) -> tuple[int, float]:
    errors = [abs(p.predicted - p.outcome) for p in predictions if p.outcome is not None]
    if not errors:
        raise AnalysisError(f"no issue in {where} has an outcome to score")
    return len(errors), float(np.mean(errors))


def _fit(model: FittableModel, issues: Sequence[DeuIssue]) -> FittableModel:
    scored = [i for i in issues if i.outcome is not None]
    return model.fit([i.data for i in scored], [i.outcome for i in scored if i.outcome is not None])


INNER_FOLDS = 5
"""Inner folds (by proposal) used to calibrate the intervals of a learned model."""


def calibration_scores(
    model: ForecastModel, fitted: ForecastModel, issues: Sequence[DeuIssue], method: IntervalMethod
) -> NDArray[np.float64]:
    """Conformal scores ``|error| / spread`` of a model on issues it was not fitted on.

    ``issues`` are the training issues (their scored ones are used). A model with nothing to
    learn is scored on them directly. A learned model uses the inner out-of-fold errors its fit
    kept (``oof_errors``), or else is refitted in an inner cross-validation by proposal
    (:data:`INNER_FOLDS` folds), so no calibration error comes from an issue it was fitted on.
    """
    scored = [i for i in issues if i.outcome is not None]
    if not scored:
        return np.zeros(0)
    y = np.asarray([i.outcome for i in scored], dtype=np.float64)
    factors = np.asarray([spread(i.data, method) for i in scored])
    if not isinstance(model, FittableModel):
        pred = np.asarray([fitted.predict(i.data).outcome for i in scored])
        return np.asarray(np.abs(pred - y) / factors, dtype=np.float64)
    kept = getattr(fitted, "oof_errors", ())
    if len(kept) == y.size:
        return np.asarray(np.abs(np.asarray(kept, dtype=np.float64)) / factors, dtype=np.float64)
    groups = {i.proposal for i in scored}
    k = min(INNER_FOLDS, len(groups))
    if k < 2:
        return np.zeros(0)
    folds = inner_folds([i.data for i in scored], k)
    pred = np.empty(y.size)
    for f in range(k):
        inner = model.fit([scored[j].data for j in np.flatnonzero(folds != f)], y[folds != f].tolist())
        for j in np.flatnonzero(folds == f):
            pred[j] = inner.predict(scored[j].data).outcome
    return np.asarray(np.abs(pred - y) / factors, dtype=np.float64)


def _with_intervals(
    prediction: Prediction, issue: DeuIssue, halfwidths: Sequence[float], method: IntervalMethod
) -> Prediction:
    factor = spread(issue.data, method)
    ivs = tuple(
        interval(prediction.predicted, h, factor, issue.data.scale, level)
        for h, level in zip(halfwidths, LEVELS, strict=True)
    )
    return dataclasses.replace(prediction, intervals=ivs)


def _halfwidths(scores: NDArray[np.float64]) -> tuple[float, ...]:
    return tuple(conformal_halfwidth(scores, level) for level in LEVELS)


def evaluate(
    model: ForecastModel,
    issues: Sequence[DeuIssue],
    *,
    folds: int = 10,
    seed: int = 0,
    train: Sequence[DeuIssue] | None = None,
    train_name: str = "",
    where: str = "the dataset",
    progress: Callable[[int], None] | None = None,
    intervals: IntervalMethod = "absolute",
) -> ModelResult:
    """Score one model on issues: directly, out of fold, or after fitting on ``train``.

    Every prediction carries 80% and 95% intervals calibrated (split conformal) on errors from
    issues of *other* proposals: with ``train``, the training issues; otherwise the other
    cross-validation folds (for a learned model, its inner out-of-fold errors there).

    Args:
        model: The model. A :class:`FittableModel` is cross-validated (or fitted on ``train``);
            any other model predicts every issue directly.
        issues: The issues to predict; those with an outcome are scored.
        folds: Cross-validation folds (grouped by proposal); also the calibration folds of a
            model with nothing to learn.
        seed: Seed of the fold assignment.
        train: Issues to fit a learned model on instead of cross-validating.
        train_name: Name of the training set, for the report.
        where: Name of the dataset, for error messages.
        progress: Called with the number of issues just predicted.
        intervals: ``absolute`` (one width) or ``scaled`` (width grows with disagreement).

    Returns:
        The model's result (without the bootstrap figures, which :func:`backtest` adds).

    Raises:
        AnalysisError: No issue has an outcome, bad ``folds``, or the model cannot fit.
    """
    tick = progress or (lambda _n: None)
    if train is not None:
        fitted: ForecastModel = _fit(model, train) if isinstance(model, FittableModel) else model
        widths = _halfwidths(calibration_scores(model, fitted, train, intervals))
        preds = []
        for issue in issues:
            preds.append(_with_intervals(_predict(fitted, issue), issue, widths, intervals))
            tick(1)
        how: Validation = "train-set" if isinstance(model, FittableModel) else "direct"
        return _result(
            model.name, preds, how, where, train=train_name if how == "train-set" else None, method=intervals
        )
    if not isinstance(model, FittableModel):
        return _direct(model, issues, folds, seed, where, tick, intervals)
    assignment = grouped_folds([i.proposal for i in issues], folds, seed)
    by_index: dict[int, Prediction] = {}
    for fold in range(folds):
        rest = [i for i, f in zip(issues, assignment, strict=True) if f != fold]
        fitted = _fit(model, rest)
        widths = _halfwidths(calibration_scores(model, fitted, rest, intervals))
        for index, (issue, f) in enumerate(zip(issues, assignment, strict=True)):
            if f == fold:
                by_index[index] = _with_intervals(_predict(fitted, issue), issue, widths, intervals)
                tick(1)
    preds = [by_index[n] for n in range(len(issues))]
    return _result(model.name, preds, "cross-validation", where, folds=folds, seed=seed, method=intervals)


def _direct(
    model: ForecastModel,
    issues: Sequence[DeuIssue],
    folds: int,
    seed: int,
    where: str,
    tick: Callable[[int], None],
    method: IntervalMethod,
) -> ModelResult:
    """A model with nothing to learn: predict every issue; calibrate intervals fold by fold.

    The calibration folds are the cross-validation folds (fewer when there are fewer
    proposals); with a single proposal there is nothing to calibrate on and every interval
    spans the scale.
    """
    preds = []
    for issue in issues:
        preds.append(_predict(model, issue))
        tick(1)
    _mae(preds, where)
    k = min(folds, len({i.proposal for i in issues}))
    if k < 2:
        widths = (math.inf,) * len(LEVELS)
        preds = [_with_intervals(p, i, widths, method) for p, i in zip(preds, issues, strict=True)]
        return _result(model.name, preds, "direct", where, method=method)
    assignment = grouped_folds([i.proposal for i in issues], k, seed)
    errors = np.asarray([np.nan if p.outcome is None else abs(p.predicted - p.outcome) for p in preds])
    factors = np.asarray([spread(i.data, method) for i in issues])
    fold_of = np.asarray(assignment)
    out = list(preds)
    for fold in range(k):
        calib = (fold_of != fold) & ~np.isnan(errors)
        widths = _halfwidths(errors[calib] / factors[calib])
        for n in np.flatnonzero(fold_of == fold):
            out[int(n)] = _with_intervals(preds[int(n)], issues[int(n)], widths, method)
    return _result(model.name, out, "direct", where, method=method)


def _result(
    name: str,
    preds: Sequence[Prediction],
    how: Validation,
    where: str,
    *,
    folds: int | None = None,
    seed: int | None = None,
    train: str | None = None,
    method: IntervalMethod = "absolute",
) -> ModelResult:
    n, mae = _mae(preds, where)
    scored = [p for p in preds if p.outcome is not None]
    scores = tuple(
        IntervalScore(
            level,
            float(np.mean([p.intervals[k].covers(p.outcome) for p in scored if p.outcome is not None])),
            float(np.mean([p.intervals[k].width for p in scored])),
        )
        for k, level in enumerate(LEVELS)
        if all(len(p.intervals) == len(LEVELS) for p in scored)
    )
    return ModelResult(
        name, n, mae, tuple(preds), how, folds, seed, train, interval_scores=scores, interval_method=method
    )


def _predict(model: ForecastModel, issue: DeuIssue) -> Prediction:
    forecast = model.predict(issue.data)
    return Prediction(issue.issue, issue.proposal, float(forecast.outcome), issue.outcome)


def with_bootstrap(result: ModelResult, baseline: ModelResult | None, seed: int = 0) -> ModelResult:
    """Add the MAE's cluster-bootstrap interval and the paired difference to a baseline."""
    scored = [p for p in result.predictions if p.outcome is not None]
    groups = [p.proposal for p in scored]
    errors = np.asarray([abs(p.predicted - p.outcome) for p in scored if p.outcome is not None])
    ci = cluster_bootstrap(errors, groups, seed=seed)
    diff = None
    if baseline is not None:
        base = {p.issue: p for p in baseline.predictions}
        base_err = np.asarray(
            [abs(base[p.issue].predicted - p.outcome) for p in scored if p.outcome is not None]
        )
        diff = cluster_bootstrap(errors - base_err, groups, seed=seed)
    return dataclasses.replace(
        result, mae_ci=ci, baseline=None if baseline is None else baseline.model, versus_baseline=diff
    )


def backtest(
    models: Sequence[ForecastModel],
    dataset: DeuDataset,
    *,
    folds: int = 10,
    seed: int = 0,
    train: DeuDataset | None = None,
    progress: ProgressFn | None = None,
    intervals: IntervalMethod = "absolute",
    baseline: ForecastModel | None = None,
) -> BacktestResult:
    """Score each model on a DEU dataset (see :func:`evaluate` for how), with bootstrap figures.

    Every result carries its MAE's cluster-bootstrap interval (by proposal) and its paired
    difference to the baseline (the GDP x salience weighted mean unless given), measured in the
    same run on the same issues; the baseline is scored even when not asked for.

    Args:
        models: The models, in report order.
        dataset: The dataset to score on.
        folds: Cross-validation folds for learned models (and interval calibration).
        seed: Seed of the fold assignment and of the bootstrap.
        train: A dataset to fit learned models on instead of cross-validating.
        progress: Called as ``progress(done, total)`` in issues predicted.
        intervals: ``absolute`` or ``scaled`` prediction intervals.
        baseline: The baseline model (default :class:`~accord.forecast.institutional.WeightedMeanBaseline`).

    Returns:
        One result per model.

    Raises:
        AnalysisError: No model, no issue with an outcome, bad ``folds``, or a model fails.
    """
    from accord.forecast.institutional import WeightedMeanBaseline

    if not models:
        raise AnalysisError("no model to backtest")
    base_model = baseline or WeightedMeanBaseline()
    asked = any(m.name == base_model.name for m in models)
    total = (len(models) + (0 if asked else 1)) * len(dataset.issues)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    def run(model: ForecastModel) -> ModelResult:
        return evaluate(
            model,
            dataset.issues,
            folds=folds,
            seed=seed,
            train=None if train is None else train.issues,
            train_name="" if train is None else train.path,
            where=dataset.path,
            progress=tick,
            intervals=intervals,
        )

    raw = [run(model) for model in models]
    base = next((r for r in raw if r.model == base_model.name), None) or run(base_model)
    results = tuple(with_bootstrap(r, None if r.model == base.model else base, seed) for r in raw)
    return BacktestResult(dataset.path, results, base.model)
