"""Forecasting models by name, for the command line and the backtests.

The expected-utility (``eu``) and spatial (``smp``) models are listed only when their
modules are installed, and imported only when asked for, so the static models stay cheap to
load.
"""

from __future__ import annotations

import importlib
import importlib.util
from collections.abc import Callable
from typing import cast

from accord.errors import AnalysisError
from accord.forecast.base import ForecastModel
from accord.forecast.compromise import CompromiseModel, MedianModel
from accord.forecast.learned import LearnedCapabilityModel

__all__ = ["MODELS", "ModelFactory", "get_model", "model_names"]

ModelFactory = Callable[[], ForecastModel]
"""Builds a model with its default settings."""

_OPTIONAL = {"eu": ("accord.forecast.eu", "EUModel"), "smp": ("accord.forecast.smp", "SpatialModel")}
"""Models in modules that may be absent: name -> (module, class)."""


def _lazy(module: str, cls: str) -> ModelFactory:
    def build() -> ForecastModel:
        factory = getattr(importlib.import_module(module), cls)
        model = factory()
        if not isinstance(model, ForecastModel):
            raise AnalysisError(f"{module}.{cls} is not a forecasting model (no name or predict)")
        return model

    return build


def _static(cls: Callable[[], object]) -> ModelFactory:
    # The protocol declares a settable ``name``; frozen dataclasses expose it read-only, which
    # mypy counts as a mismatch although every use here only reads it.
    return lambda: cast(ForecastModel, cls())


def _registry() -> dict[str, ModelFactory]:
    models: dict[str, ModelFactory] = {"compromise": _static(CompromiseModel), "median": _static(MedianModel)}
    for name, (module, cls) in _OPTIONAL.items():
        if importlib.util.find_spec(module) is not None:
            models[name] = _lazy(module, cls)
    models["learned"] = _static(LearnedCapabilityModel)
    return models


MODELS: dict[str, ModelFactory] = _registry()
"""Every available model: name -> factory. Static models first, the learned one last."""


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
