"""The notebook API: one call per analysis, each returning tables you can show, frame or export.

Every function takes a case (a :class:`accord.Case`, a built-in name or a YAML path) and returns
a :class:`Result`: the engine's own answer in ``.raw``, its tables by name (a mapping), and

- ``.to_frame(name=None)`` / ``.to_frames()``: pandas DataFrames (the ``export`` extra);
- ``.write_csv(folder)`` / ``.write_xlsx(path)``: one CSV per table, or one workbook;
- a rich HTML display in Jupyter (``_repr_html_``) with the same tables as the report;
- ``.to_dict()``: the JSON answer the CLI prints with ``--json``.

Example::

    from accord import api
    deals = api.deals("ukraine-2025", track="trilateral")
    deals.to_frame("solutions")
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from accord.api.tabular import Cell, Table, Tables
from accord.case import Case, load_case

__all__ = ["Cell", "Result", "Table", "Tables", "deals", "forecast", "guarantees", "plans", "sweep"]


class Result(Tables):
    """The tables of one analysis, with the engine's answer in ``raw``."""

    def __init__(self, tables: Tables, raw: Any, to_dict: Callable[[], Any]) -> None:
        super().__init__(tables.title, list(tables.values()), tables.notes)
        self.raw = raw
        self._to_dict = to_dict

    def to_dict(self) -> Any:
        """The JSON-ready answer (what ``--json`` prints)."""
        return self._to_dict()


def _case(case: Case | str) -> Case:
    return case if isinstance(case, Case) else load_case(case)


def deals(
    case: Case | str,
    *,
    track: str | None = None,
    actors: Sequence[str] | None = None,
    fixed: dict[str, str] | None = None,
    top: int = 10,
    method: str = "auto",
    shape: str = "linear",
) -> Result:
    """Analyse the deals of a case: acceptable set, frontier, solutions, least concessions.

    Args:
        case: The case, a built-in name or a YAML path.
        track: A track id: its actors are at the table (instead of ``actors``).
        actors: Actor ids at the table (default: all, or the track's).
        fixed: Issues held at one option.
        top: Frontier packages listed.
        method: ``auto``, ``enumerate`` or ``exact``.
        shape: ``linear`` or ``quadratic`` utility of distance.
    """
    from typing import cast

    from accord.api.deal_tables import deal_tables
    from accord.deals import DealSpace, analyse_deals
    from accord.deals.analysis import Method
    from accord.deals.utility import Shape
    from accord.errors import AnalysisError

    loaded = _case(case)
    if track is not None:
        if actors is not None:
            raise AnalysisError("give actors or track, not both")
        try:
            actors = list(loaded.track(track).actors)
        except KeyError:
            raise AnalysisError(f"unknown track {track!r}") from None
    space = DealSpace.from_case(loaded, actors=actors, fixed=fixed, shape=cast(Shape, shape))
    result = analyse_deals(space, top=top, method=cast(Method, method))
    return Result(deal_tables(result, loaded), result, result.to_dict)


def plans(case: Case | str, *, track: str | None = None) -> Result:
    """Score every published plan of a case: who accepts it, its red lines, the closest deal."""
    from accord.api.plan_tables import plan_tables
    from accord.deals.plans import score_plans

    loaded = _case(case)
    result = score_plans(loaded, track)
    return Result(plan_tables(result, loaded), result, result.to_dict)


def forecast(case: Case | str, *, model: str = "compromise") -> Result:
    """Forecast where the parties settle on each issue with one model."""
    from accord.api.forecast_tables import forecast_tables
    from accord.forecast.case_forecast import forecast_case
    from accord.forecast.registry import get_model

    result = forecast_case(_case(case), get_model(model))
    return Result(forecast_tables(result), result, result.to_dict)


def guarantees(
    case: Case | str,
    *,
    architectures: Sequence[str] | None = None,
    draws: int = 20_000,
    horizon_years: float = 10.0,
    seed: int = 0,
) -> Result:
    """Compare guarantee architectures: P(renewed war), P(any violation) and P(honour), with intervals."""
    from accord.api.guarantee_tables import guarantee_tables
    from accord.guarantees.export import guarantees_to_dict
    from accord.guarantees.simulation import simulate

    loaded = _case(case)
    results = simulate(loaded, architectures, draws=draws, horizon_years=horizon_years, seed=seed)
    tables = guarantee_tables(loaded, results, draws=draws, horizon_years=horizon_years, seed=seed)
    return Result(
        tables,
        results,
        lambda: guarantees_to_dict(loaded, results, draws=draws, horizon_years=horizon_years, seed=seed),
    )


def sweep(
    case: Case | str, draws: int, *, seed: int = 0, track: str | None = None, workers: int = 1
) -> Result:
    """Rerun deals, forecasts and guarantee credibility over the case's uncertain inputs."""
    from accord.api.sweep_tables import sweep_tables
    from accord.sweep.run import run_sweep

    result = run_sweep(_case(case), draws, seed=seed, track=track, workers=workers)
    return Result(sweep_tables(result.summary), result, lambda: result.summary)
