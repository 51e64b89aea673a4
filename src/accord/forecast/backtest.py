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

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any, Literal

import numpy as np

from accord.errors import AnalysisError
from accord.forecast.base import FittableModel, ForecastModel
from accord.forecast.deu import DeuDataset, DeuIssue

__all__ = [
    "BacktestResult",
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
    """

    issue: str
    proposal: str
    predicted: float
    outcome: float | None

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"issue", "predicted", "outcome"}``."""
        return {"issue": self.issue, "predicted": round(self.predicted, 6), "outcome": self.outcome}


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
    """

    model: str
    issues: int
    mae: float
    predictions: tuple[Prediction, ...]
    validation: Validation
    folds: int | None = None
    seed: int | None = None
    train: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict: model, issues, mae, validation, predictions."""
        validation: dict[str, Any] = {"method": self.validation}
        if self.folds is not None:
            validation |= {"folds": self.folds, "seed": self.seed, "groups": "proposal"}
        if self.train is not None:
            validation["train"] = self.train
        return {
            "model": self.model,
            "issues": self.issues,
            "mae": round(self.mae, 6),
            "validation": validation,
            "predictions": [p.to_dict() for p in self.predictions],
        }


@dataclass(frozen=True)
class BacktestResult:
    """Every model's error on one dataset.

    Attributes:
        dataset: The file scored.
        results: One result per model, in the order asked.
    """

    dataset: str
    results: tuple[ModelResult, ...]

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
) -> ModelResult:
    """Score one model on issues: directly, out of fold, or after fitting on ``train``.

    Args:
        model: The model. A :class:`FittableModel` is cross-validated (or fitted on ``train``);
            any other model predicts every issue directly.
        issues: The issues to predict; those with an outcome are scored.
        folds: Cross-validation folds (grouped by proposal).
        seed: Seed of the fold assignment.
        train: Issues to fit a learned model on instead of cross-validating.
        train_name: Name of the training set, for the report.
        where: Name of the dataset, for error messages.
        progress: Called with the number of issues just predicted.

    Returns:
        The model's result.

    Raises:
        AnalysisError: No issue has an outcome, bad ``folds``, or the model cannot fit.
    """
    tick = progress or (lambda _n: None)
    if not isinstance(model, FittableModel):
        preds = []
        for issue in issues:
            preds.append(_predict(model, issue))
            tick(1)
        n, mae = _mae(preds, where)
        return ModelResult(model.name, n, mae, tuple(preds), "direct")
    if train is not None:
        fitted = _fit(model, train)
        preds = []
        for issue in issues:
            preds.append(_predict(fitted, issue))
            tick(1)
        n, mae = _mae(preds, where)
        return ModelResult(model.name, n, mae, tuple(preds), "train-set", train=train_name)
    assignment = grouped_folds([i.proposal for i in issues], folds, seed)
    by_index: dict[int, Prediction] = {}
    for fold in range(folds):
        fitted = _fit(model, [i for i, f in zip(issues, assignment, strict=True) if f != fold])
        for index, (issue, f) in enumerate(zip(issues, assignment, strict=True)):
            if f == fold:
                by_index[index] = _predict(fitted, issue)
                tick(1)
    preds = [by_index[n] for n in range(len(issues))]
    n, mae = _mae(preds, where)
    return ModelResult(model.name, n, mae, tuple(preds), "cross-validation", folds=folds, seed=seed)


def _predict(model: ForecastModel, issue: DeuIssue) -> Prediction:
    forecast = model.predict(issue.data)
    return Prediction(issue.issue, issue.proposal, float(forecast.outcome), issue.outcome)


def backtest(
    models: Sequence[ForecastModel],
    dataset: DeuDataset,
    *,
    folds: int = 10,
    seed: int = 0,
    train: DeuDataset | None = None,
    progress: ProgressFn | None = None,
) -> BacktestResult:
    """Score each model on a DEU dataset (see :func:`evaluate` for how).

    Args:
        models: The models, in report order.
        dataset: The dataset to score on.
        folds: Cross-validation folds for learned models.
        seed: Seed of the fold assignment.
        train: A dataset to fit learned models on instead of cross-validating.
        progress: Called as ``progress(done, total)`` in issues predicted.

    Returns:
        One result per model.

    Raises:
        AnalysisError: No model, no issue with an outcome, bad ``folds``, or a model fails.
    """
    if not models:
        raise AnalysisError("no model to backtest")
    total = len(models) * len(dataset.issues)
    done = 0

    def tick(n: int) -> None:
        nonlocal done
        done += n
        if progress is not None:
            progress(done, total)

    results = tuple(
        evaluate(
            model,
            dataset.issues,
            folds=folds,
            seed=seed,
            train=None if train is None else train.issues,
            train_name="" if train is None else train.path,
            where=dataset.path,
            progress=tick,
        )
        for model in models
    )
    return BacktestResult(dataset.path, results)
