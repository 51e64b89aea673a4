"""Forecast every issue of a case with one model.

Each issue becomes an :class:`~accord.forecast.base.IssueData` of the actors with a position
on it: position = the ideal point, salience = the position's salience, capability = the
actor's capability. Issues nobody has a position on are listed as skipped.

Every forecast of a model with validation figures (:mod:`accord.forecast.validated`) carries
80% and 95% intervals: the prediction plus or minus the conformal half-widths of that model's
out-of-fold errors on DEU III, clipped to 0-100.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from accord.case.issue import Issue, Option
from accord.case.model import Case
from accord.errors import AnalysisError
from accord.forecast.base import ForecastModel, IssueData
from accord.forecast.intervals import LEVELS, Interval, interval
from accord.forecast.validated import VALIDATED, figures_line

__all__ = ["CaseForecast", "IssueForecast", "case_issues", "forecast_case", "nearest_option"]


@dataclass(frozen=True)
class IssueForecast:
    """One issue's forecast.

    Attributes:
        issue: The issue id.
        name: The issue's name.
        actors: Number of actors with a position on the issue.
        predicted: The predicted outcome on the 0-100 scale.
        option: Id of the option nearest the prediction.
        option_label: That option's label.
        trajectory: The weighted median after each round (empty for static models).
        intervals: The 80% and 95% intervals (empty for a model without validation figures).
    """

    issue: str
    name: str
    actors: int
    predicted: float
    option: str
    option_label: str
    trajectory: tuple[float, ...] = ()
    intervals: tuple[Interval, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict."""
        return {
            "issue": self.issue,
            "name": self.name,
            "actors": self.actors,
            "predicted": round(self.predicted, 6),
            "option": self.option,
            "option_label": self.option_label,
            "trajectory": [round(v, 6) for v in self.trajectory],
            "intervals": {f"{100 * i.level:g}": [round(i.low, 6), round(i.high, 6)] for i in self.intervals},
        }


@dataclass(frozen=True)
class CaseForecast:
    """A model's forecast of every issue of a case.

    Attributes:
        case: The case id.
        model: The model's name.
        issues: One forecast per issue with at least one position, in case order.
        skipped: Ids of issues no actor has a position on.
        validation: One line of the model's validation figures on DEU III.
    """

    case: str
    model: str
    issues: tuple[IssueForecast, ...]
    skipped: tuple[str, ...] = ()
    validation: str = ""

    def to_dict(self) -> dict[str, Any]:
        """Return ``{"case", "model", "validation", "issues": [...], "skipped": [...]}``."""
        return {
            "case": self.case,
            "model": self.model,
            "validation": self.validation,
            "issues": [i.to_dict() for i in self.issues],
            "skipped": list(self.skipped),
        }


def case_issues(case: Case) -> dict[str, IssueData]:
    """Build one :class:`IssueData` per issue that at least one actor has a position on.

    Returns:
        Issue id -> its data, in case order; actors in case order.
    """
    out: dict[str, IssueData] = {}
    for issue in case.issues:
        rows = [(a, p) for a in case.actors if (p := case.position(a.id, issue.id)) is not None]
        if not rows:
            continue
        out[issue.id] = IssueData.of(
            [p.ideal for _, p in rows],
            [p.salience for _, p in rows],
            [a.capability for a, _ in rows],
            actors=[a.id for a, _ in rows],
            key=issue.id,
        )
    return out


def nearest_option(issue: Issue, value: float) -> Option:
    """Return the option whose position is nearest ``value`` (the lower one on a tie)."""
    return min(issue.options, key=lambda o: (abs(o.position - value), o.position))


def forecast_case(case: Case, model: ForecastModel) -> CaseForecast:
    """Predict every issue of a case with one model.

    Args:
        case: The case.
        model: Any forecasting model. A learned model must be fitted first.

    Returns:
        Per issue, the prediction, its 80% and 95% intervals, the nearest option and, for
        dynamic models, the trajectory of the weighted median; and the model's validation line.

    Raises:
        AnalysisError: The model is a learned model that has not been fitted, or it rejects
            an issue.
    """
    if getattr(model, "fitted", True) is False:
        raise AnalysisError(
            f"model {model.name!r} learns from past outcomes and is not fitted; "
            "fit it on issues with known outcomes first (see `accord backtest deu`)"
        )
    data = case_issues(case)
    card = VALIDATED.get(model.name)
    results: list[IssueForecast] = []
    for issue in case.issues:
        issue_data = data.get(issue.id)
        if issue_data is None:
            continue
        forecast = model.predict(issue_data)
        option = nearest_option(issue, forecast.outcome)
        results.append(
            IssueForecast(
                issue.id,
                issue.name,
                issue_data.positions.size,
                float(forecast.outcome),
                option.id,
                option.label,
                tuple(float(r.median) for r in forecast.trace),
                ()
                if card is None
                else tuple(
                    interval(float(forecast.outcome), h, 1.0, issue_data.scale, level)
                    for h, level in zip(card.halfwidth, LEVELS, strict=True)
                ),
            )
        )
    skipped = tuple(i.id for i in case.issues if i.id not in data)
    return CaseForecast(case.id, model.name, tuple(results), skipped, figures_line(model.name))
