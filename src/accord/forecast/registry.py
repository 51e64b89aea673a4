"""Forecasting models by name, for the command line and the backtests."""

from __future__ import annotations

from collections.abc import Callable

from accord.errors import AnalysisError
from accord.forecast.base import ForecastModel
from accord.forecast.compromise import CompromiseModel, MedianModel
from accord.forecast.eu import EUModel
from accord.forecast.institutional import CommissionModel, PowerModel, ReferenceModel, WeightedMeanBaseline
from accord.forecast.learned import LearnedCapabilityModel
from accord.forecast.procedural import AgendaModel, CodecisionModel
from accord.forecast.select import LearnedSelectModel, learned_mix
from accord.forecast.smp import SpatialModel
from accord.forecast.stacking import LearnedStackModel

__all__ = ["BASELINE", "MODELS", "ModelFactory", "get_model", "model_names"]

ModelFactory = Callable[[], ForecastModel]
"""Builds a model with its default settings."""

MODELS: dict[str, ModelFactory] = {
    "weighted-mean": WeightedMeanBaseline,
    "compromise": CompromiseModel,
    "median": MedianModel,
    "eu": EUModel,
    "smp": SpatialModel,
    "reference": ReferenceModel,
    "commission": CommissionModel,
    "agenda": AgendaModel,
    "codecision": CodecisionModel,
    "power": PowerModel,
    "learned": LearnedCapabilityModel,
    "learned-select": LearnedSelectModel,
    "learned-mix": learned_mix,
    "learned-stack": LearnedStackModel,
}
"""Every model: name -> factory. The baseline first, static models, then the learned ones."""

BASELINE = "weighted-mean"
"""The model every backtest compares the others with (paired, on the same issues)."""


def model_names() -> tuple[str, ...]:
    """The known model names, in report order."""
    return tuple(MODELS)


def get_model(name: str) -> ForecastModel:
    """Build the model with this name, with default settings.

    Raises:
        AnalysisError: No model has this name; the message lists the known names.
    """
    factory = MODELS.get(name)
    if factory is None:
        raise AnalysisError(f"unknown model {name!r} (known: {', '.join(MODELS)})")
    return factory()
