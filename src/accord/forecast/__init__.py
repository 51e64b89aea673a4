"""Forecasts: where do the parties settle on each issue? See docs/forecast.md."""

from accord.forecast.backtest import BacktestResult, backtest, grouped_folds
from accord.forecast.base import FittableModel, Forecast, ForecastModel, IssueData, Round
from accord.forecast.case_forecast import CaseForecast, IssueForecast, forecast_case
from accord.forecast.compromise import CompromiseModel, MedianModel
from accord.forecast.deu import DeuDataset, DeuFormatError, read_deu
from accord.forecast.eu import EUModel
from accord.forecast.learned import LearnedCapabilityModel
from accord.forecast.registry import MODELS, get_model, model_names
from accord.forecast.smp import SpatialModel
from accord.forecast.weighted import weighted_mean, weighted_median

__all__ = [
    "MODELS",
    "BacktestResult",
    "CaseForecast",
    "CompromiseModel",
    "DeuDataset",
    "DeuFormatError",
    "EUModel",
    "FittableModel",
    "Forecast",
    "ForecastModel",
    "IssueData",
    "IssueForecast",
    "LearnedCapabilityModel",
    "MedianModel",
    "Round",
    "SpatialModel",
    "backtest",
    "forecast_case",
    "get_model",
    "grouped_folds",
    "model_names",
    "read_deu",
    "weighted_mean",
    "weighted_median",
]
