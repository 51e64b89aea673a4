"""Each model's validation figures on the DEU III development split, for forecasts of cases.

A forecast of a case cannot be scored (its outcome is unknown), so ``accord forecast`` prints
the figures its model earned on EU legislative decisions beside the numbers, and takes its
prediction intervals from the same run: the conformal half-widths of the model's out-of-fold
errors on all 230 scored issues (Arregui & Perarnaud 2021, DEU III, doi:10.34810/data53,
CC BY 4.0). The figures come from one run, recorded in benchmarks/RESULTS.md::

    accord backtest deu tests/data/deu3-dev.tsv --model all --folds 10 --seed 0

(learned models out of fold, their structure chosen by inner cross-validation; intervals
absolute; bootstrap over proposals). ``tests/test_forecast_validated.py`` recomputes the rows
of the models with nothing to learn.

Only models that use nothing a case lacks *transfer* to a case. The learned models learn how
much each EU actor's position counts (``com``, ``ep``, ``de``, ...): a case's actors have no
such history, so on a case they would reduce to an untested mixture of compromise models.
"""

from __future__ import annotations

from dataclasses import dataclass

__all__ = [
    "DEFAULT_CASE_MODEL",
    "PROXY_CAVEAT",
    "VALIDATED",
    "Validated",
    "best_for_cases",
    "figures_line",
]


@dataclass(frozen=True)
class Validated:
    """One model's nested cross-validation on the DEU III development split.

    Attributes:
        model: The model's name.
        mae: MAE and its 95% bootstrap interval over proposals, ``(value, low, high)``.
        versus_baseline: MAE minus the weighted mean's on the same issues, with its paired
            95% interval (``None`` for the baseline itself).
        coverage: Share of outcomes inside the 80% and 95% intervals.
        width: Mean width of those intervals.
        halfwidth: Conformal half-widths (80%, 95%) from all out-of-fold errors: the
            intervals a case forecast gets.
        validation: ``direct`` (nothing learned) or ``cross-validation``.
        transfers: Whether the model uses only what a case has (positions, saliences,
            capabilities).
    """

    model: str
    mae: tuple[float, float, float]
    versus_baseline: tuple[float, float, float] | None
    coverage: tuple[float, float]
    width: tuple[float, float]
    halfwidth: tuple[float, float]
    validation: str
    transfers: bool


VALIDATED: dict[str, Validated] = {
    "weighted-mean": Validated(
        "weighted-mean",
        (22.88, 20.19, 25.65),
        None,
        (0.809, 0.948),
        (68.4, 93.3),
        (38.3, 65.7),
        "direct",
        True,
    ),
    "compromise": Validated(
        "compromise",
        (23.27, 20.67, 25.89),
        (0.39, -1.5, 2.23),
        (0.804, 0.952),
        (69.2, 87.7),
        (39.0, 56.6),
        "direct",
        True,
    ),
    "median": Validated(
        "median",
        (28.87, 24.99, 33.15),
        (5.99, 2.44, 10.12),
        (0.83, 0.957),
        (65.3, 90.9),
        (50.0, 80.0),
        "direct",
        True,
    ),
    "eu": Validated(
        "eu",
        (28.72, 24.77, 32.6),
        (5.84, 2.44, 9.49),
        (0.826, 0.957),
        (66.4, 94.4),
        (50.0, 90.0),
        "direct",
        True,
    ),
    "smp": Validated(
        "smp",
        (24.81, 21.83, 27.63),
        (1.93, -0.61, 4.43),
        (0.8, 0.952),
        (70.6, 87.6),
        (46.1, 66.6),
        "direct",
        True,
    ),
    "reference": Validated(
        "reference",
        (44.32, 39.07, 49.96),
        (21.44, 15.32, 27.85),
        (0.817, 1.0),
        (84.5, 100.0),
        (80.0, 100.0),
        "direct",
        False,
    ),
    "commission": Validated(
        "commission",
        (37.6, 33.18, 42.41),
        (14.71, 10.68, 18.89),
        (0.8, 1.0),
        (76.8, 100.0),
        (70.0, 100.0),
        "direct",
        False,
    ),
    "agenda": Validated(
        "agenda",
        (33.78, 29.64, 38.1),
        (10.9, 6.49, 15.55),
        (0.817, 1.0),
        (74.6, 100.0),
        (60.0, 100.0),
        "direct",
        False,
    ),
    "codecision": Validated(
        "codecision",
        (31.45, 27.35, 35.96),
        (8.57, 4.41, 12.98),
        (0.817, 1.0),
        (74.0, 100.0),
        (60.0, 100.0),
        "direct",
        False,
    ),
    "power": Validated(
        "power",
        (23.04, 20.37, 25.61),
        (0.15, -0.92, 1.19),
        (0.804, 0.952),
        (67.0, 93.3),
        (36.8, 64.9),
        "cross-validation",
        False,
    ),
    "learned": Validated(
        "learned",
        (21.95, 19.35, 24.45),
        (-0.94, -2.36, 0.48),
        (0.809, 0.952),
        (67.0, 90.5),
        (36.3, 58.6),
        "cross-validation",
        False,
    ),
    "learned-select": Validated(
        "learned-select",
        (22.46, 19.89, 25.01),
        (-0.42, -1.51, 0.64),
        (0.783, 0.948),
        (67.6, 92.3),
        (38.3, 64.3),
        "cross-validation",
        False,
    ),
    "learned-mix": Validated(
        "learned-mix",
        (22.17, 19.62, 24.7),
        (-0.71, -1.82, 0.35),
        (0.804, 0.948),
        (67.6, 92.1),
        (37.1, 64.4),
        "cross-validation",
        False,
    ),
    "learned-stack": Validated(
        "learned-stack",
        (22.88, 20.19, 25.65),
        (0.0, 0.0, 0.0),
        (0.809, 0.948),
        (68.4, 93.3),
        (38.3, 65.7),
        "cross-validation",
        False,
    ),
}
"""Model name -> its figures on the DEU III development split (10 folds by proposal, seed 0)."""

DEU_SPLIT = "DEU III development split (230 scored issues of 96 proposals)"


def best_for_cases() -> str:
    """The model with the lowest validated MAE among those that transfer to a case."""
    return min((v for v in VALIDATED.values() if v.transfers), key=lambda v: v.mae[0]).model


DEFAULT_CASE_MODEL = "auto"
"""``accord forecast --model auto``: :func:`best_for_cases`."""


def figures_line(model: str) -> str:
    """One line of a model's validation figures, or a note that it has none."""
    v = VALIDATED.get(model)
    if v is None:
        return f"{model}: no validation figures on DEU III"
    text = f"{model} on the {DEU_SPLIT}: MAE {v.mae[0]:.2f} (95% interval {v.mae[1]:.1f}-{v.mae[2]:.1f})"
    if v.versus_baseline is not None:
        d = v.versus_baseline
        text += f", {d[0]:+.2f} vs the weighted mean ({d[1]:+.1f} to {d[2]:+.1f})"
    text += (
        f"; 80%/95% intervals covered {100 * v.coverage[0]:.0f}%/{100 * v.coverage[1]:.0f}% of held-out "
        f"outcomes (half-widths {v.halfwidth[0]:.0f}/{v.halfwidth[1]:.0f} points)"
    )
    return text


PROXY_CAVEAT = (
    "How to read this: the validation figures measure EU legislative bargaining, where a law is adopted "
    "under fixed voting rules by actors who will meet again and the fallback is the status quo. A war "
    "settlement has no voting rule, a belligerent can keep fighting (its no-deal value is its view of the "
    "war), and capability is military and economic, not votes. So DEU accuracy is a weak proxy here: read "
    "the point as where the modelled weights pull, the intervals as a lower bound on the uncertainty, and "
    "the forecast as a settlement only if every belligerent accepts it (the check below)."
)
"""Why DEU accuracy is a weak proxy for a war settlement: printed beside every case forecast
(``accord forecast``, the report and the dashboard)."""
