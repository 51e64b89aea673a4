"""The compromise model: the capability x salience weighted mean of positions (Achen 2006)."""

from __future__ import annotations

from dataclasses import dataclass

from accord.forecast.base import Forecast, IssueData
from accord.forecast.weighted import weighted_mean, weighted_median

__all__ = ["CompromiseModel", "MedianModel"]


@dataclass(frozen=True)
class CompromiseModel:
    """Predicts the capability x salience weighted mean of the actors' positions.

    Achen (2006), "Evaluating political decision-making models", in Thomson et al. (eds),
    *The European Union Decides*, found this simple model the most accurate or tied most
    accurate on the DEU data.
    """

    name: str = "compromise"

    def predict(self, issue: IssueData) -> Forecast:
        """Return the weighted mean."""
        return Forecast(self.name, weighted_mean(issue.positions, issue.weights))


@dataclass(frozen=True)
class MedianModel:
    """Predicts the capability x salience weighted median (the Condorcet winner in one dimension)."""

    name: str = "median"

    def predict(self, issue: IssueData) -> Forecast:
        """Return the weighted median."""
        return Forecast(self.name, weighted_median(issue.positions, issue.weights))
